"""`papermind quiz ...`: check exit codes and file:line, grade (one / --answers), the interactive
runner fed through stdin (with undo and cram), undo, stats, list, import/export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papermind.cli import app

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

BANK = """paper = "attention"

[[question]]
id = "at-01"
type = "single"
prompt = "How many heads in the base model?"
choices = ["4", "8", "16"]
answer = "B"
explanation = "h = 8."
evidence = { page = 5, quote = "h = 8 parallel attention layers" }

[[question]]
id = "at-02"
type = "truefalse"
prompt = "The Transformer uses recurrence."
answer = false

[[question]]
id = "at-03"
type = "numeric"
prompt = "d_k in the base model?"
answer = 64

[[question]]
id = "pa-01"
paper = "pagedattention"
type = "multi"
prompt = "Which are true of vLLM blocks?"
choices = ["fixed size", "contiguous", "shareable"]
answer = ["A", "C"]
"""


def shown(user: str, qid: str, n: int, *bank: str) -> str:
    """The letters ``user`` sees for the bank's choices ``bank`` (choices are shuffled per user)."""
    from papermind.quiz.bank.shuffle import choice_order

    order = choice_order(user, qid, n)
    return ",".join(sorted(chr(65 + order.index(ord(b) - 65)) for b in bank))


@pytest.fixture
def env(tmp_path):
    q = tmp_path / "quizzes"
    q.mkdir()
    (q / "attention.toml").write_text(BANK, encoding="utf-8")
    return {"PAPERMIND_QUIZZES": str(q), "COLUMNS": "200"}


@pytest.fixture
def run(tmp_path, env):
    runner = CliRunner()

    def _run(*args: str, input: str | None = None):
        base = ["--db", str(tmp_path / "t.db"), "--corpus", str(CORPUS)]
        return runner.invoke(app, [*base, "quiz", *args], env=env, input=input)

    return _run


def test_check_ok_and_broken(run, tmp_path):
    ok = run("check", "--json")
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.stdout)
    assert data["ok"] and data["questions"] == 4
    assert {p["severity"] for p in data["problems"]} <= {"note"}
    broken = tmp_path / "broken.toml"
    broken.write_text(
        '[[question]]\nid = "at-01"\ntype = "single"\nprompt = "p"\nchoices = ["a", "b"]\nanswer = "Z"\n'
    )
    res = run("check", str(broken), str(tmp_path / "quizzes"))
    assert res.exit_code == 1
    assert f"{broken}:6: error [at-01]: answer 'Z' is not one of the 2 choices" in res.stdout
    assert "duplicate id 'at-01'" in res.stdout


def test_grade_one_and_many(run, tmp_path):
    res = run("grade", "attention", "at-01", "b", "--json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["score"] == 1 and d["correct"] and d["explanation"] == "h = 8."
    bad = run("grade", "attention", "at-01", "Q")
    assert bad.exit_code == 1 and "out of range" in bad.stderr
    missing = run("grade", "attention", "nope", "A")
    assert missing.exit_code == 1 and "no question 'nope'" in missing.stderr
    answers = tmp_path / "answers.txt"
    answers.write_text("A\nB\nz\n1\n", encoding="utf-8")
    res = run(
        "grade", str(tmp_path / "quizzes" / "attention.toml"), "at-01", "--answers", str(answers), "--json"
    )
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x.get("score") for x in lines] == [0, 1, None, 1]
    assert lines[2]["line"] == 3 and "out of range" in lines[2]["error"]
    assert res.exit_code == 1  # one line was not graded
    text = run("grade", str(tmp_path / "quizzes" / "attention.toml"), "at-01", "--answers", str(answers))
    assert text.exit_code == 1
    out = text.stdout.splitlines()
    at = out.index("3\terror\t\tz")
    assert out[at + 1].startswith("\terror: ") and "out of range" in out[at + 1]  # the reason, as in JSON
    assert "1 line(s) could not be graded: 3" in text.stdout


def test_interactive_runner_with_undo(run):
    # at-01 wrong (A), undo, at-01 right (B), at-02 bad input then "f", at-03 64, pa-01 "A,C"
    wrong, right, multi = (
        shown("ann", "at-01", 3, "A"),
        shown("ann", "at-01", 3, "B"),
        shown("ann", "pa-01", 3, "A", "C"),
    )
    res = run("--user", "ann", "--json", input=f"{wrong}\n:undo\n{right}\nmaybe\nf\n64\n{multi}\n")
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert (summary["answered"], summary["correct"], summary["undone"]) == (4, 4, 1)
    hist = json.loads(run("history", "--user", "ann", "--json").stdout)
    assert [h["question_id"] for h in hist] == ["pa-01", "at-03", "at-02", "at-01"]
    assert all(h["score"] == 1 and h["due"] for h in hist)
    progress = " ".join(run("progress", "--user", "ann").stdout.split())
    assert "attention 3/3 attempted, 3 mastered, mean 1.00, 0 to do now" in progress
    assert (
        "mastered: the latest answer passed; to do now: reviews due and questions not yet tried" in progress
    )
    text = run("history", "--user", "ann").stdout.splitlines()  # says what the JSON says
    at = next(i for i, line in enumerate(text) if "pa-01" in line)
    assert "1.00 correct" in text[at] and text[at + 1].strip() == "answer: A,C"
    due = json.loads(run("list", "--due", "--user", "ann", "--json").stdout)
    assert due == []  # all answered correctly: nothing due now
    undo = json.loads(run("undo", "--user", "ann", "--json").stdout)
    assert undo["undone"]["question_id"] == "pa-01"
    due = json.loads(run("list", "--due", "--user", "ann", "--json").stdout)
    assert [d["id"] for d in due] == ["pa-01"]


def test_runner_filters_cram_and_quit(run):
    res = run(
        "--paper",
        "attention",
        "--cram",
        "--user",
        "bob",
        "-n",
        "2",
        input=f"{shown('bob', 'at-01', 3, 'B')}\n:quit\n",
    )
    assert res.exit_code == 0, res.output
    assert "1/1 correct" in res.stdout and "cram" in res.stdout
    assert "pa-01" not in res.stdout
    hist = json.loads(run("history", "--user", "bob", "--json").stdout)
    assert [(h["question_id"], h["cram"], h["due"]) for h in hist] == [("at-01", True, None)]
    week = run("--week", "2", "--user", "bob", input=":quit\n")
    assert week.exit_code == 0 and "at-01" in week.stdout and "pa-01" not in week.stdout
    none = run("--paper", "nobody")
    assert none.exit_code == 1 and "no questions match" in none.stderr


def test_stats_and_progress(run):
    for user, ans in (("a", "B"), ("b", "A"), ("c", "B")):
        run("grade", "attention", "at-01", ans, "--record", "--user", user)
    data = json.loads(run("stats", "--json").stdout)
    (item,) = data["items"]
    assert item["question_id"] == "at-01" and item["attempts"] == 3
    assert item["pick_rates"] == {
        "A": pytest.approx(1 / 3, abs=1e-3),
        "B": pytest.approx(2 / 3, abs=1e-3),
        "C": 0.0,
    }
    prog = {p["paper"]: p for p in json.loads(run("progress", "--user", "a", "--json").stdout)}
    assert prog["attention"]["attempted"] == 1 and prog["attention"]["due"] == 2


def test_import_export(run, tmp_path):
    out = tmp_path / "out.gift"
    res = run("export", "--format", "gift", "attention", "-o", str(out), "--json")
    assert res.exit_code == 0, res.output and json.loads(res.stdout)["questions"] == 4
    back = tmp_path / "back" / "attention.toml"  # the bank's own file name: an updated copy of it
    back.parent.mkdir()
    res = run("import", str(out), "-o", str(back))
    assert res.exit_code == 0 and "wrote 4 question(s)" in res.stdout
    assert run("check", str(back)).exit_code == 0
    # under another name it would sit beside the bank in use, whose ids it repeats
    other = tmp_path / "other.toml"
    other.write_text(back.read_text())
    res = run("check", str(other))
    assert res.exit_code == 1 and res.stdout.count("a bank in use already has it") == 4
    for fmt, name in (("qti", "b.zip"), ("anki", "b.apkg")):
        res = run("export", "-f", fmt, "attention", "-o", str(tmp_path / name))
        assert res.exit_code == 0 and (tmp_path / name).stat().st_size > 0
    assert run("export", "-f", "pdf", "attention", "-o", str(tmp_path / "x")).exit_code == 1


def test_history_text_shows_a_cloze_answer_as_its_blanks(run, tmp_path):
    bank = tmp_path / "cloze.toml"
    bank.write_text(
        'paper = "attention"\n[[question]]\nid = "cz-01"\ntype = "cloze"\nprompt = "p"\n'
        'text = "A {1} and a {2}."\nblanks = [{ answers = ["cat"] }, { answers = ["dog"] }]\n',
        encoding="utf-8",
    )
    assert run("grade", str(bank), "cz-01", "cat | dog", "--record", "--user", "ann").exit_code == 0
    text = run("history", "--user", "ann")
    assert text.exit_code == 0, text.output
    assert "answer: cat | dog" in text.stdout


def test_record_a_grade_from_a_bank_outside_the_quizzes_folder(run, tmp_path):
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(BANK.replace('"at-0', '"ext-0'), encoding="utf-8")
    r = run("grade", str(outside), "ext-02", "false", "--record", "--user", "ann", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["correct"] is True
    hist = json.loads(run("history", "--user", "ann", "--json").stdout)
    assert [a["question_id"] for a in hist] == ["ext-02"]


def test_exports_and_imports_never_overwrite(run, tmp_path):
    """The probe's cases: export onto its own bank, import onto an existing bank, -o a directory
    or a special file: one clear line each, exit 1, nothing changed."""
    bank = tmp_path / "quizzes" / "attention.toml"
    before = bank.read_text()
    r = run("export", str(bank), "-o", str(bank), "--force")
    assert r.exit_code == 1 and "also an input" in r.stderr
    assert bank.read_text() == before
    gift = tmp_path / "a.gift"
    assert run("export", "attention", "-o", str(gift)).exit_code == 0
    existing = tmp_path / "existing.toml"
    existing.write_text("keep me")
    r = run("import", str(gift), "-o", str(existing))
    assert r.exit_code == 1 and "already exists" in r.stderr and "--force" in r.stderr
    assert existing.read_text() == "keep me"
    assert run("import", str(gift), "-o", str(existing), "--force").exit_code == 0
    assert "[[question]]" in existing.read_text()
    r = run("import", str(gift), "-o", str(gift), "--force")
    assert r.exit_code == 1 and "also an input" in r.stderr
    for target in (str(tmp_path), "/dev/null"):
        r = run("export", "attention", "-o", target, "--force")
        assert r.exit_code == 1 and "Traceback" not in r.output
        assert "is a directory" in r.stderr or "not a regular file" in r.stderr
    r = run("export", "attention", "-o", str(gift), "--json")
    assert r.exit_code == 1 and json.loads(r.stdout)["kind"] == "ConfigError"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_runner_overrule_judge_forecast_and_stats(run):
    # at-01 answered wrong, overruled with :had at the next prompt, then at-02 right ("f")
    res = run(
        "--paper", "attention", "--user", "cy", "-n", "2", input=f"{shown('cy', 'at-01', 3, 'C')}\n:had\nf\n"
    )
    assert res.exit_code == 0, res.output
    assert "✔ Correct" in res.stdout and "✘ Incorrect" in res.stdout
    assert "recorded: had (overruling the grader)" in res.stdout
    assert "2/2 correct, score 2.00 of 2, 1 judged by you" in res.stdout
    hist = json.loads(run("history", "--user", "cy", "--json").stdout)
    assert hist[1]["question_id"] == "at-01" and hist[1]["overruled"] and hist[1]["verdict"] == "incorrect"
    again = json.loads(run("judge", "at-01", "missed", "--user", "cy", "--json").stdout)
    assert again["self_rating"] == "missed" and not again["overruled"] and again["score"] == 0
    bad = run("judge", "at-01", "great", "--user", "cy")
    assert bad.exit_code == 1 and "unknown rating" in bad.stderr
    stats = run("stats")
    assert "Overruled" in stats.stdout and "0 (0%)" in stats.stdout
    fc = json.loads(run("forecast", "--user", "cy", "--days", "3", "--new-limit", "5", "--json").stdout)
    assert len(fc["days"]) == 3 and fc["new_limit"] == 5 and fc["new_available"] == 2
    human = run("forecast", "--user", "cy", "--days", "3")
    assert "today" in human.stdout and "new today: 2" in human.stdout


def test_grade_human_output_calls_a_half_right_multi_partly_right(run):
    half = run("grade", "attention", "pa-01", "A")
    assert half.exit_code == 0, half.output
    assert half.stdout.startswith("partly right score 0.50 of 1"), half.stdout
    full = run("grade", "attention", "pa-01", "A,C")
    assert full.stdout.startswith("correct score 1.00 of 1"), full.stdout
    both = run("grade", "attention", "pa-01", "A,C", "--json")
    assert json.loads(both.stdout)["verdict"] == "correct"


@pytest.mark.parametrize(("start", "said"), [("2020-08-24", "no discussion is left"), ("2100-08-23", "")])
def test_next_says_when_no_discussion_is_left(tmp_path, env, start, said):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns("papers"))
    syl = corpus / "syllabus.toml"
    syl.write_text(syl.read_text().replace("start_date = 2026-08-24", f"start_date = {start}"))
    base = ["--db", str(tmp_path / "t.db"), "--corpus", str(corpus)]
    res = CliRunner().invoke(app, [*base, "quiz", "--next", "--json"], env=env, input=":quit\n")
    if said:  # a term long past: one clear error, not "no questions match"
        assert res.exit_code == 1 and said in json.loads(res.stdout)["error"]
    else:  # a term to come: the next discussion's papers are quizzed (attention, from this bank)
        assert res.exit_code == 0, res.output
