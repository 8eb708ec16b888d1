"""Hostile bank files: each gives file:line errors, never a traceback, and never hides other banks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papermind.quiz.bank.check import check_paths
from papermind.quiz.bank.load import load_bank

HEAD = 'paper = "attention"\n\n'


def problems(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    p = tmp_path / "hostile.toml"
    p.write_text(text, encoding="utf-8")
    report = check_paths([p], known_papers={"attention"})
    return [(x.line, x.severity, x.message) for x in report.problems if x.severity == "error"]


def test_deeply_nested_toml_is_one_error_with_its_line(tmp_path):
    text = HEAD + "[[question]]\n" + 'id = "x"\n' + "answer = " + "[" * 5000 + "]" * 5000 + "\n"
    errs = problems(tmp_path, text)
    assert len(errs) == 1
    line, _, msg = errs[0]
    assert line == 5 and "nested deeper than" in msg


def test_questions_that_are_not_tables(tmp_path):
    errs = problems(tmp_path, HEAD + 'question = [1, "x", []]\n')
    assert [(line, msg.split(",")[0]) for line, _, msg in errs] == [
        (3, "question 1 is int '1'"),
        (3, "question 2 is str 'x'"),
        (3, "question 3 is list '[]'"),
    ]


@pytest.mark.parametrize(
    ("body", "key_line", "needle"),
    [
        ('type = "numeric"\nprompt = "p"\nanswer = nan\n', 7, "finite number"),
        ('type = "numeric"\nprompt = "p"\nanswer = inf\n', 7, "finite number"),
        ('type = "numeric"\nprompt = "p"\nanswer = 1\ntolerance = nan\n', 8, "`tolerance` must be a finite"),
        ('type = "numeric"\nprompt = "p"\nanswer = 1\nrel_tolerance = inf\n', 8, "`rel_tolerance` must be"),
        ('type = "numeric"\nprompt = "p"\nrange = [0, inf]\n', 7, "two finite numbers"),
        ('type = "numeric"\nprompt = "p"\nrange = [nan, 1]\n', 7, "two finite numbers"),
        (
            'type = "multi"\nprompt = "p"\nchoices = ["a", "b"]\nweights = [nan, 100]\n',
            8,
            "finite numbers (percent per choice)",
        ),
        ('type = "truefalse"\nprompt = "p"\nanswer = true\npoints = nan\n', 8, "`points` must be a finite"),
        ('type = "truefalse"\nprompt = "p"\nanswer = true\npoints = inf\n', 8, "`points` must be a finite"),
        (
            'type = "short"\nprompt = "p"\nreference = ["r"]\nthreshold = nan\n',
            8,
            "`threshold` must be a finite",
        ),
        (
            'type = "short"\nprompt = "p"\nanswers = [{ text = "a", score = nan }]\n',
            7,
            "pattern score must be between 0 and 1",
        ),
        (
            'type = "short"\nprompt = "p"\nanswers = [{ text = "a", feedback = [1] }]\n',
            7,
            "pattern feedback must be a string",
        ),
        (
            'type = "truefalse"\nprompt = "p"\nanswer = true\nevidence = { page = 1, paper = [1] }\n',
            8,
            "evidence paper",
        ),
    ],
)
def test_non_finite_and_mistyped_values_are_errors(tmp_path, body, key_line, needle):
    errs = problems(tmp_path, HEAD + '[[question]]\nid = "x"\n' + body)
    assert any(line == key_line and needle in msg for line, _, msg in errs), errs


def test_empty_id_is_an_error(tmp_path):
    errs = problems(
        tmp_path, HEAD + '[[question]]\nid = ""\ntype = "truefalse"\nprompt = "p"\nanswer = true\n'
    )
    assert errs == [(4, "error", "question has no `id` (a non-empty string, unique across all banks)")]


def test_a_valid_question_after_a_hostile_one_still_loads(tmp_path):
    p = tmp_path / "mixed.toml"
    p.write_text(
        HEAD
        + '[[question]]\nid = "bad"\ntype = "numeric"\nprompt = "p"\nanswer = nan\n\n'
        + '[[question]]\nid = "good"\ntype = "truefalse"\nprompt = "p"\nanswer = true\n',
        encoding="utf-8",
    )
    b = load_bank(p)
    assert [q.id for q in b.questions if q.answer is not None] == ["good"]
    assert json.dumps([q.points for q in b.questions], allow_nan=False)


def test_one_broken_bank_does_not_hide_the_others(tmp_path):
    from typer.testing import CliRunner

    from papermind.cli import app

    q = tmp_path / "quizzes"
    q.mkdir()
    (q / "good.toml").write_text(
        HEAD + '[[question]]\nid = "g1"\ntype = "truefalse"\nprompt = "Fine?"\nanswer = true\n',
        encoding="utf-8",
    )
    (q / "nested.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (q / "tables.toml").write_text('question = [1, "x", []]\n', encoding="utf-8")
    (q / "syntax.toml").write_text('[[question]]\nid = "s"\ntype = \n', encoding="utf-8")
    runner = CliRunner()
    base = ["--db", str(tmp_path / "t.db")]
    for cmd in (["list"], ["progress"], ["stats"]):
        res = runner.invoke(
            app, [*base, "quiz", *cmd, "--json"], env={"COLUMNS": "200", "PAPERMIND_QUIZZES": str(q)}
        )
        assert res.exit_code == 0, (cmd, res.output)
        json.loads(res.stdout)  # the JSON is unchanged and valid
        assert f"{q / 'nested.toml'}:1: error" in res.stderr
        assert f"{q / 'tables.toml'}:1: error" in res.stderr
        assert f"{q / 'syntax.toml'}:3: error" in res.stderr
    listed = json.loads(
        runner.invoke(app, [*base, "quiz", "list", "--json"], env={"PAPERMIND_QUIZZES": str(q)}).stdout
    )
    assert [d["id"] for d in listed] == ["g1"]
    human = runner.invoke(app, [*base, "quiz", "list"], env={"COLUMNS": "200", "PAPERMIND_QUIZZES": str(q)})
    assert "g1" in human.stdout and "left out" in human.stderr
