"""A small quiz bank (three questions over two papers) and a temp store that serves it."""

from __future__ import annotations

from pathlib import Path

SMALL_BANK = """paper = "pagedattention"

[[question]]
id = "pa-01"
type = "single"
prompt = "Which?"
choices = ["a", "b", "c"]
answer = "B"

[[question]]
id = "pa-02"
type = "truefalse"
prompt = "True?"
answer = true

[[question]]
id = "at-01"
paper = "attention"
type = "numeric"
prompt = "How many heads?"
answer = 8
"""


def store_with_bank(tmp_path: Path, bank: str = SMALL_BANK):  # type: ignore[no-untyped-def]
    """A Papermind on a temp DB whose quizzes folder holds ``bank`` (close it when done)."""
    from papermind.api import Papermind

    qdir = tmp_path / "quizzes"
    qdir.mkdir()
    (qdir / "bank.toml").write_text(bank, encoding="utf-8")
    return Papermind(db=tmp_path / "t.db", quizzes=qdir)
