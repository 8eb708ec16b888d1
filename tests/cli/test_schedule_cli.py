"""`papermind schedule`: human table and --json, current week, start overrides, errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papermind.cli import app

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.delenv("PAPERMIND_TERM_START", raising=False)
    runner = CliRunner()

    def _run(*args: str, env: dict[str, str] | None = None):
        base = ["--db", str(tmp_path / "pm.db"), "--corpus", str(CORPUS)]
        return runner.invoke(app, [*base, "schedule", *args], env={"COLUMNS": "200", **(env or {})})

    return _run


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_revised_default(run):
    data = _json(run("--json", "--start", "2026-08-24"))
    assert data["version"] == "revised" and data["start_date"] == "2026-08-24"
    assert set(data["versions"]) == {"original", "revised"}
    sessions = data["sessions"]
    assert len(sessions) == 16
    w2 = sessions[1]
    assert w2["weeks"] == [1, 2] and w2["kind"] == "reading"
    assert w2["papers"][0]["key"] == "attention"
    assert w2["discuss_by"] == "2026-09-07"
    assert sessions[7]["papers"][0]["key"] == "mlperf-training"
    assert [p["key"] for p in sessions[7]["papers"]] == ["mlperf-training", "mlperf-inference"]
    assert sessions[10]["tentative"] is True and sessions[10]["papers"] == []
    assert sessions[15]["kind"] == "buffer" and sessions[15]["papers"] == []
    # questions on the session's papers due (all new here) by its discuss-by date; None without any
    assert isinstance(w2["quizzes_due"], int) and w2["quizzes_due"] > 0  # attention has a bank
    assert sessions[10]["quizzes_due"] is None and sessions[15]["quizzes_due"] is None


def test_json_week_and_current_flag(run):
    today = dt.date.today()
    start = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=13)  # today in week 14
    data = _json(run("--json", "--week", "14", "--start", start.isoformat()))
    (s,) = data["sessions"]
    assert s["week"] == 14 and s["current"] is True
    assert s["papers"][0]["title"].startswith("ALISA: Accelerating Large Language Model Inference")
    assert "do not match" in s["note"]
    other = _json(run("--json", "--week", "13", "--start", start.isoformat()))
    assert other["sessions"][0]["current"] is False


def test_original_version(run):
    data = _json(run("--json", "--version", "original", "--start", "2026-08-24"))
    assert data["version"] == "original"
    assert all(s["weeks"] == [s["week"]] for s in data["sessions"])
    assert data["sessions"][2]["title"] == "Discussion: BERT (NAACL 2019) + Week 2 Reading"


def test_env_start_is_used_and_flag_wins(run):
    data = _json(run("--json", "--week", "1", env={"PAPERMIND_TERM_START": "2027-01-11"}))
    assert data["start_date"] == "2027-01-11"
    data = _json(
        run("--json", "--week", "1", "--start", "2026-08-24", env={"PAPERMIND_TERM_START": "2027-01-11"})
    )
    assert data["start_date"] == "2026-08-24"


def test_human_table(run):
    result = run("--start", "2026-08-24")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Revised schedule" in out and "Mon 2026-08-24" in out
    for text in (
        "Introduction to LLMs and Seminar Overview",
        "attention",
        "Mon Sep 07",
        "mlperf-inference",
        "Buffer/Make-Up Week",
        "discusses: alisa",
        "tentative",
    ):
        assert text in out, text
    assert "Quizzes due" in out  # questions on the meetings' papers due (all new here)


def test_human_marks_current_week(run):
    today = dt.date.today()
    start = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=2)  # week 3
    out = run("--week", "3", "--start", start.isoformat()).stdout
    assert "▶ 3" in out and "current week" in out
    out = run("--week", "4", "--start", start.isoformat()).stdout
    assert "▶" not in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--version", "summer"], "no schedule version 'summer'"),
        (["--start", "2026-13-01"], "bad date"),
        (["--week", "17"], "no week 17"),
    ],
)
def test_errors_exit_1_with_message(run, args, needle):
    result = run(*args)
    assert result.exit_code == 1
    assert needle in result.output
    as_json = run(*args, "--json")
    assert as_json.exit_code == 1
    assert needle in json.loads(as_json.stdout)["error"]


def test_narrow_terminal_folds_columns_but_keeps_every_fact(run):
    wide = run("--week", "10").output
    narrow = run("--week", "10", env={"COLUMNS": "80"}).output
    assert "Discuss by" in wide and "Dates" in wide
    assert "Discuss by" not in narrow and "discuss by Mon Nov" in narrow  # folded into the session
    assert all(len(line) <= 80 for line in narrow.splitlines())
    for fact in ("Reading: FlashAttention", "flashattention", "Oct 26", "Nov 1", "reading"):
        assert fact in narrow
    if "Quizzes due" in wide:  # the folded count says by when, as the wide column's header does
        assert "to do by" in narrow and "quiz question(s) due" not in narrow


def test_quizzes_due_counts_recorded_attempts(run, tmp_path):
    """quizzes_due per session = the user's questions on its papers that are new or due by its
    discuss-by date: answering some (their next review after that date) takes them off."""
    from papermind.api import Papermind

    before = _json(run("--json", "--start", "2026-08-24", env={"PAPERMIND_USER": "ada"}))["sessions"][1]
    keys = [p["key"] for p in before["papers"]]
    by = dt.date.fromisoformat(before["discuss_by"])
    with Papermind(tmp_path / "pm.db", corpus=CORPUS) as pm:
        qs = [q for k in keys for q in pm.quiz.questions(paper=k)]
        assert before["quizzes_due"] == len(qs)  # nothing answered yet: every question is new
        answered = [q for q in qs if q.type in ("single", "truefalse")][:3]
        assert answered
        dues = []
        for q in answered:
            r = pm.quiz.grade(q, q.answer, user="ada", now=dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC))
            dues.append(dt.datetime.fromisoformat(r.details["due"]).date())
        last = [q for q in qs if q not in answered and q.type in ("single", "truefalse")]
        for q in last[:1]:
            pm.quiz.grade(q, q.answer, user="bob", now=dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC))
    not_due = sum(d > by for d in dues)
    assert not_due > 0
    after = _json(run("--json", "--start", "2026-08-24", env={"PAPERMIND_USER": "ada"}))["sessions"][1]
    assert after["quizzes_due"] == len(qs) - not_due  # bob's answer does not count for ada
    human = run("--start", "2026-08-24", env={"PAPERMIND_USER": "ada"}).output
    assert "Quizzes due" in human


def test_discussion_rows_carry_their_discuss_by_date(run):
    sessions = _json(run("--json", "--start", "2026-08-24"))["sessions"]
    for s in sessions:
        if s["kind"] == "discussion":
            assert s["discuss_by"] == s["start"], s["title"]
    assert sessions[14]["discuss_by"] == "2026-11-30"  # week 15 discusses ALISA


def test_ics_export_parses_back(run, tmp_path):
    icalendar = pytest.importorskip("icalendar")
    out = tmp_path / "course.ics"
    data = _json(run("--ics", str(out), "--start", "2026-08-24", "--json"))
    assert data == {"ics": str(out), "events": 19, "discussions": 7, "quizzes_due": 12}
    human = run("--ics", str(out), "--start", "2026-08-24")
    assert human.exit_code == 0 and "7 discussions and 12 quiz due dates" in human.output
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert len(events) == 19
    w3 = events["papermind-revised-week3-discussion@papermind"]
    assert str(w3["SUMMARY"]).startswith("Discussion: BERT")
    assert w3["DTSTART"].dt == dt.date(2026, 9, 7) and w3["DTEND"].dt == dt.date(2026, 9, 8)
    assert "Covers: Attention Is All You Need (attention)" in str(w3["DESCRIPTION"])
    quiz = events["papermind-revised-quiz-alisa@papermind"]
    assert str(quiz["SUMMARY"]).startswith("Quiz due: ") and quiz["DTSTART"].dt == dt.date(2026, 11, 30)
    assert all(isinstance(e["DTSTAMP"].dt, dt.datetime) for e in events.values())


def test_ics_to_a_missing_folder_is_one_clear_error(run, tmp_path):
    result = run("--ics", str(tmp_path / "no" / "such" / "dir" / "x.ics"), "--json")
    assert result.exit_code == 1
    assert "cannot write" in json.loads(result.stdout)["error"]
