"""End to end: three students answer a small bank in their own stores and export; the instructor
imports (one file twice, one corrupt file, one Canvas-style zip, one re-hand-in) and gets stats,
an agenda and a gradebook that match values computed by hand.

First tries (1 = correct), bank week 3:
            q1 single  q2 tf  q3 numeric  q4 short   total
    ada         1        1        1          1         4
    bob         1        1        0          0         2
    cy          0        0        1          0         1   (cy later answers q1 right)
Facility 2/3, 2/3, 2/3, 1/3. Item-rest r: q1 = 0.5 exactly, q3 = -1/9 / sqrt(2/3 · 42/81).
KR-20 = 4/3 · (1 - (4 · 2/9) / (14/9)) = 4/7 (population variances; totals 4, 2, 1).
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papermind.cli import app

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
BANK = """paper = "pagedattention"
week = 3

[[question]]
id = "k-01"
type = "single"
prompt = "What maps logical to physical KV blocks?"
choices = ["a page table of the OS", "a block table", "the scheduler", "the tokenizer"]
answer = "B"
concepts = ["KV cache"]
evidence = { page = 5, quote = "block table" }

[[question]]
id = "k-02"
type = "truefalse"
prompt = "vLLM's KV blocks need not be contiguous in memory."
answer = true
concepts = ["KV cache"]

[[question]]
id = "k-03"
type = "numeric"
prompt = "How many heads in the example?"
answer = 8

[[question]]
id = "k-04"
type = "short"
prompt = "What does vLLM keep per request to find its KV blocks?"
answers = [{ text = "*block table*" }]
concepts = ["Block table"]
evidence = { page = 4, quote = "block table" }
"""
T0 = datetime(2026, 9, 14, 18, 0, 0)
ANSWERS = {  # student -> [(question, answer)], in order
    "ada": [("k-01", "B"), ("k-02", "true"), ("k-03", "8"), ("k-04", "the block table")],
    "bob": [("k-01", "B"), ("k-02", "true"), ("k-03", "7"), ("k-04", "a page cache")],
    "cy": [("k-01", "C"), ("k-02", "false"), ("k-03", "8"), ("k-04", "The page cache!"), ("k-01", "B")],
}


@pytest.fixture
def quizzes(tmp_path):
    q = tmp_path / "quizzes"
    q.mkdir()
    (q / "kv.toml").write_text(BANK, encoding="utf-8")
    return q


def cli(tmp_path: Path, quizzes: Path, db: str, *args: str):
    env = {"PAPERMIND_QUIZZES": str(quizzes), "COLUMNS": "200", "PAPERMIND_HOME": str(tmp_path / "home")}
    base = ["--db", str(tmp_path / db), "--corpus", str(CORPUS)]
    return CliRunner().invoke(app, [*base, *args], env=env)


def answer(
    tmp_path: Path, quizzes: Path, student: str, pairs: list[tuple[str, str]], start: datetime
) -> None:
    from papermind.api import Papermind

    with Papermind(db=tmp_path / f"{student}.db", quizzes=quizzes) as pm:
        for i, (qid, ans) in enumerate(pairs):
            pm.quiz.grade(qid, ans, user=student, now=start + timedelta(minutes=i), duration_s=10.0 + i)


def export(tmp_path: Path, quizzes: Path, student: str, out: Path, *extra: str) -> dict:
    res = cli(
        tmp_path, quizzes, f"{student}.db", "results", "export", "--user", student, "-o", str(out), *extra
    )
    assert res.exit_code == 0, res.output
    assert f"to {out}" in res.stdout
    return json.loads(out.read_text())


def test_the_instructors_loop(tmp_path, quizzes):
    files = {}
    for n, (student, pairs) in enumerate(ANSWERS.items()):
        answer(tmp_path, quizzes, student, pairs, T0 + timedelta(hours=n))
        files[student] = tmp_path / f"{student}.json"
        doc = export(tmp_path, quizzes, student, files[student])
        assert doc["format"] == "papermind-results" and doc["format_version"] == 1
        assert doc["student"] == student and len(doc["attempts"]) == len(pairs)
        assert doc["attempts"][0]["duration_s"] == 10.0 and len(doc["attempts"][0]["fingerprint"]) == 16
    # an existing file is never overwritten without --force
    again = cli(tmp_path, quizzes, "ada.db", "results", "export", "--user", "ada", "-o", str(files["ada"]))
    assert again.exit_code == 1 and "exists" in again.output

    corrupt = tmp_path / "dan.json"
    corrupt.write_text(files["bob"].read_text()[:200], encoding="utf-8")  # truncated upload
    canvas = tmp_path / "submissions.zip"
    with zipfile.ZipFile(canvas, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(files["cy"], "cy_12345_67890_results.json")
        zf.writestr("../../etc/evil.json", "{}")

    res = cli(
        tmp_path, quizzes, "class.db", "class", "import", str(files["ada"]), str(files["ada"]),
        str(corrupt), str(files["bob"]), str(canvas), "--json",
    )  # fmt: skip
    assert res.exit_code == 1, res.output  # a file failed: said by the exit code...
    out = json.loads(res.stdout)
    status = [(f["name"].removeprefix(f"{tmp_path}/"), f["status"]) for f in out["files"]]
    assert status == [
        ("ada.json", "added"),
        ("ada.json", "unchanged"),
        ("dan.json", "failed"),
        ("bob.json", "added"),
        ("submissions.zip!cy_12345_67890_results.json", "added"),
        ("submissions.zip!../../etc/evil.json", "failed"),
    ]
    reasons = {
        f["name"].removeprefix(f"{tmp_path}/"): f["reason"] for f in out["files"] if f["status"] == "failed"
    }
    assert "not valid JSON" in reasons["dan.json"]
    assert "climbs out" in reasons["submissions.zip!../../etc/evil.json"]

    # bob hands in again after another try: his earlier results are replaced, first tries unchanged
    answer(tmp_path, quizzes, "bob", [("k-03", "8")], T0 + timedelta(days=1))
    export(tmp_path, quizzes, "bob", tmp_path / "bob2.json")
    res = cli(tmp_path, quizzes, "class.db", "class", "import", str(tmp_path / "bob2.json"))
    assert res.exit_code == 0 and "replaced 'bob'" in res.stdout, res.output

    res = cli(tmp_path, quizzes, "class.db", "class", "stats", "--json", "--min-students", "3")
    assert res.exit_code == 0, res.output
    st = json.loads(res.stdout)
    assert st["students"] == 3
    q = {item["id"]: item for item in st["questions"]}
    assert [q[k]["facility"] for k in ("k-01", "k-02", "k-03", "k-04")] == [0.6667, 0.6667, 0.6667, 0.3333]
    assert all(item["students"] == 3 for item in st["questions"])
    assert q["k-01"]["discrimination"] == 0.5
    assert q["k-03"]["discrimination"] == round(-1 / 9 / math.sqrt(2 / 3 * 42 / 81), 4)
    assert q["k-01"]["pick_rates"] == {"A": 0.0, "B": 0.6667, "C": 0.3333, "D": 0.0}
    assert "distractor A never picked (n=3)" in q["k-01"]["flags"]
    assert q["k-01"]["overrule_rate"] == 0.0  # verdicts recorded, and no student overruled one
    (week3,) = st["quizzes"]
    assert week3["week"] == 3 and week3["students"] == 3
    assert week3["kr20"] == round(4 / 7, 4) and week3["alpha"] == round(4 / 7, 4)
    people = {p["name"]: p for p in st["per_student"]}
    assert people["cy"]["attempted"] == 4 and people["cy"]["first_try_score"] == 0.25
    assert people["cy"]["canvas_id"] == "12345" and people["ada"]["canvas_id"] is None
    assert people["ada"]["overdue"] == 4  # every review is due by December
    concepts = {c["concept"]: c for c in st["concepts"]}
    assert concepts["KV cache"]["mastery"] == round(5 / 6, 4)  # cy's latest k-01 is right
    assert concepts["KV cache"]["first_try"] == round(4 / 6, 4)
    # with fewer students than the minimum, nothing is flagged
    res = cli(tmp_path, quizzes, "class.db", "class", "stats", "--json")
    assert all(item["flags"] == [] for item in json.loads(res.stdout)["questions"])

    agenda_md = tmp_path / "agenda.md"
    res = cli(tmp_path, quizzes, "class.db", "class", "agenda", "--week", "3", "-o", str(agenda_md))
    assert res.exit_code == 0, res.output
    md = agenda_md.read_text()
    first = md.split("## Most-missed questions")[1].strip().splitlines()[0]
    assert first.startswith("1. **What does vLLM keep") and "(`k-04`): 33% on the first try" in first
    assert "Answered instead (2×): a page cache" in md  # "a page cache" + "The page cache!"
    assert "- pagedattention p. 4: “block table”" in md
    assert "- Block table: mastery 33%" in md

    grades_csv = tmp_path / "grades.csv"
    res = cli(tmp_path, quizzes, "class.db", "class", "grades", "-o", str(grades_csv), "--points", "10")
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(grades_csv.read_text())))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Week 3 quiz (papermind)"]
    assert rows[1] == ["Points Possible", "", "", "", "", "10"]
    assert {r[0]: (r[1], r[5]) for r in rows[2:]} == {
        "ada": ("", "10.00"),
        "bob": ("", "5.00"),
        "cy": ("12345", "2.50"),
    }


def test_an_edited_question_is_not_mixed_with_its_old_form(tmp_path, quizzes):
    answer(tmp_path, quizzes, "ada", ANSWERS["ada"], T0)
    export(tmp_path, quizzes, "ada", tmp_path / "ada.json")
    (quizzes / "kv.toml").write_text(BANK.replace('"How many heads in the example?"', '"How many heads?"'))
    assert cli(tmp_path, quizzes, "class.db", "class", "import", str(tmp_path / "ada.json")).exit_code == 0
    st = json.loads(cli(tmp_path, quizzes, "class.db", "class", "stats", "--json").stdout)
    k3 = next(q for q in st["questions"] if q["id"] == "k-03")
    assert k3["students"] == 0 and k3["facility"] is None and k3["other_versions"] == 1


def test_other_weeks_are_out_of_scope_and_unknown_questions_are_named(tmp_path, quizzes):
    (quizzes / "w5.toml").write_text(
        'paper = "bert"\nweek = 5\n[[question]]\nid = "w5-01"\ntype = "truefalse"\nprompt = "p"\nanswer = true\n'
    )
    answer(tmp_path, quizzes, "ada", [*ANSWERS["ada"], ("w5-01", "true")], T0)
    export(tmp_path, quizzes, "ada", tmp_path / "ada.json")
    assert cli(tmp_path, quizzes, "class.db", "class", "import", str(tmp_path / "ada.json")).exit_code == 0
    st = json.loads(cli(tmp_path, quizzes, "class.db", "class", "stats", "--week", "3", "--json").stdout)
    assert [q["id"] for q in st["questions"]] == ["k-01", "k-02", "k-03", "k-04"]
    assert st["unknown_questions"] == [] and [z["week"] for z in st["quizzes"]] == [3]
    assert st["per_student"][0]["attempted"] == 4
    (quizzes / "w5.toml").unlink()  # the instructor does not have that bank
    res = cli(tmp_path, quizzes, "class.db", "class", "stats")
    assert "1 question id(s) in the hand-ins are in no bank here: w5-01" in res.stdout, res.output
    # said first, with what to do, before the tables it explains
    assert res.stdout.index("in no bank here") < res.stdout.index("student(s); flags need")
    assert "hint: install the bank the students answered" in res.stdout


def test_two_canvas_students_under_one_name_are_not_merged(tmp_path, quizzes):
    answer(tmp_path, quizzes, "ada", ANSWERS["ada"], T0)
    doc = export(tmp_path, quizzes, "ada", tmp_path / "ada.json", "--as", "Fox")
    zipped = tmp_path / "subs.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("ada_111_1_results.json", json.dumps(doc))
        zf.writestr("bob_222_2_results.json", json.dumps({**doc, "exported_at": "2026-12-01T00:00:00Z"}))
    res = cli(tmp_path, quizzes, "class.db", "class", "import", str(zipped), "--json")
    assert [f["status"] for f in json.loads(res.stdout)["files"]] == ["added", "failed"]
    assert "another student (Canvas ID 111) handed in under the name 'Fox'" in res.output


def test_quiz_install_checks_first(tmp_path, quizzes):
    broken = tmp_path / "new.toml"
    broken.write_text(
        '[[question]]\nid = "n-01"\ntype = "single"\nprompt = "p"\nchoices = ["a", "b"]\nanswer = "Z"\n'
    )
    res = cli(tmp_path, quizzes, "s.db", "quiz", "install", str(broken))
    assert res.exit_code == 1 and f"{broken}:6: error [n-01]" in res.stdout, res.output
    assert not (tmp_path / "home" / "quizzes" / "new.toml").exists()
    dup = tmp_path / "dup.toml"
    dup.write_text(
        'paper = "bert"\n[[question]]\nid = "k-01"\ntype = "truefalse"\nprompt = "p"\nanswer = true\n'
    )
    # the instructor's check says what the students' install will: the id is taken
    res = cli(tmp_path, quizzes, "s.db", "quiz", "check", str(dup))
    assert res.exit_code == 1, res.output
    assert "dup.toml:3: error [k-01]: duplicate id 'k-01': a bank in use already has it" in res.stdout
    assert "kv.toml:5" in res.stdout and "1 bank(s), 1 question(s): 1 error(s)" in res.stdout
    res = cli(tmp_path, quizzes, "s.db", "quiz", "install", str(dup))
    assert res.exit_code == 1 and "duplicate id 'k-01'" in res.stdout, res.output
    # two banks of one zip with the same id: both places named as the zip's members
    twice = tmp_path / "twice.zip"
    with zipfile.ZipFile(twice, "w") as zf:
        for name in ("a.toml", "b.toml"):
            zf.writestr(
                name,
                'paper = "bert"\n[[question]]\nid = "t-01"\ntype = "truefalse"\nprompt = "p"\nanswer = true\n',
            )
    res = cli(tmp_path, quizzes, "s.db", "quiz", "install", str(twice))
    assert (
        f"{twice}!b.toml:3: error [t-01]: duplicate id 't-01' (first defined at {twice}!a.toml:3)"
        in res.stdout
    )
    assert "pm-install-" not in res.stdout
    # a checked copy of a bank in use (same file name) replaces it: not a duplicate of itself
    same = tmp_path / "same" / "kv.toml"
    same.parent.mkdir()
    same.write_text(BANK)
    assert cli(tmp_path, quizzes, "s.db", "quiz", "check", str(same)).exit_code == 0
    assert cli(tmp_path, quizzes, "s.db", "quiz", "check", str(quizzes)).exit_code == 0

    good = tmp_path / "week9.zip"
    with zipfile.ZipFile(good, "w") as zf:
        zf.writestr(
            "banks/week9.toml",
            'paper = "bert"\n[[question]]\nid = "w9-01"\ntype = "truefalse"\nprompt = "p"\nanswer = true\n',
        )
    res = cli(tmp_path, quizzes, "s.db", "quiz", "install", str(good))
    assert res.exit_code == 0 and "installed week9.toml (1 question(s))" in res.stdout, res.output
    listed = cli(tmp_path, quizzes, "s.db", "quiz", "list", "--json")
    assert "w9-01" in {q["id"] for q in json.loads(listed.stdout)}

    # an updated copy of a shipped bank (same file name, same ids) replaces it for this user
    update = tmp_path / "update" / "kv.toml"
    update.parent.mkdir()
    update.write_text(BANK.replace('"How many heads in the example?"', '"How many attention heads?"'))
    res = cli(tmp_path, quizzes, "s.db", "quiz", "install", str(update))
    assert res.exit_code == 0 and "installed kv.toml (4 question(s))" in res.stdout, res.output
    again = cli(tmp_path, quizzes, "s.db", "quiz", "install", str(update))  # a second time
    assert "kv.toml replaced the copy installed before" in " ".join(again.stdout.split())
    listed = json.loads(cli(tmp_path, quizzes, "s.db", "quiz", "list", "--json").stdout)
    assert [q["prompt"] for q in listed if q["id"] == "k-03"] == ["How many attention heads?"]


def test_human_stats_list_answered_questions_and_count_the_rest(tmp_path, quizzes):
    (quizzes / "extra.toml").write_text(
        'paper = "bert"\nweek = 3\n[[question]]\nid = "x-01"\ntype = "truefalse"\nprompt = "p"\nanswer = true\n'
        'concepts = ["Next sentence prediction"]\n'
    )
    answer(tmp_path, quizzes, "ada", ANSWERS["ada"], T0)
    export(tmp_path, quizzes, "ada", tmp_path / "ada.json")
    assert cli(tmp_path, quizzes, "class.db", "class", "import", str(tmp_path / "ada.json")).exit_code == 0
    res = cli(tmp_path, quizzes, "class.db", "class", "stats")
    assert res.exit_code == 0, res.output
    assert "k-01" in res.stdout and "x-01" not in res.stdout
    assert "1 question(s) nobody answered are not listed" in " ".join(res.stdout.split())
    assert "Block table" in res.stdout and "Next sentence prediction" not in res.stdout
    assert "1 concept(s) with no answers are not listed" in " ".join(res.stdout.split())
    st = json.loads(cli(tmp_path, quizzes, "class.db", "class", "stats", "--json").stdout)
    assert "x-01" in [q["id"] for q in st["questions"]]


SCHEDULED = """[[question]]
id = "{key}-s1"
type = "truefalse"
prompt = "A statement about {key}."
answer = true
"""


def test_a_quiz_belongs_to_the_week_the_schedule_lists_it_in(tmp_path, quizzes):
    # No `week` in these banks: the (revised) schedule reads pagedattention in week 6 and alisa in
    # week 14, and discusses them in weeks 7 and 15. The schedule shows each quiz in its reading
    # week's row; hand-ins, stats and the gradebook must use the same week.
    for key in ("alisa", "pagedattention"):
        (quizzes / f"{key}.toml").write_text(f'paper = "{key}"\n' + SCHEDULED.format(key=key))
    answer(tmp_path, quizzes, "ada", [("alisa-s1", "true"), ("pagedattention-s1", "false")], T0)
    for week in ("14", "15"):  # the reading week, and the discussion week that covers it
        doc = export(tmp_path, quizzes, "ada", tmp_path / f"w{week}.json", "--week", week)
        assert [a["question_id"] for a in doc["attempts"]] == ["alisa-s1"]
    doc = export(tmp_path, quizzes, "ada", tmp_path / "all.json")
    assert cli(tmp_path, quizzes, "class.db", "class", "import", str(tmp_path / "all.json")).exit_code == 0

    out = tmp_path / "grades.csv"
    res = cli(tmp_path, quizzes, "class.db", "class", "grades", "-o", str(out))
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(out.read_text())))
    # week 3's bank (the fixture's) was answered by nobody: no column of zeros for it
    assert rows[0][5:] == ["Week 6 quiz (papermind)", "Week 14 quiz (papermind)"]
    assert rows[2][5:] == ["0.00", "10.00"]
    assert "no column for week(s) 3: no student has answered their questions yet" in res.stdout
    assert "1 student(s) have no Canvas ID (not from a Canvas zip): ada" in res.stdout

    res = cli(tmp_path, quizzes, "class.db", "class", "grades", "-o", str(out), "--force", "--json")
    data = json.loads(res.stdout)
    assert data["unanswered_weeks"] == [3] and len(data["warnings"]) == 2  # the same two as in text
    st = json.loads(cli(tmp_path, quizzes, "class.db", "class", "stats", "--week", "15", "--json").stdout)
    assert [q["id"] for q in st["questions"]] == ["alisa-s1"]
