"""Question banks: the TOML format (quizzes/FORMAT.md), parsed into plain dataclasses with the line
of every key, and the per-question structural checks (cross-bank checks live in ``check.py``).

Parsing never raises on a bad bank: every problem becomes a ``Problem`` naming ``file:line``.
The dataclasses live in ``model.py`` (import them from there) and per-question parsing in
``fields.py``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from papermind.quiz.bank.fields import parse_question
from papermind.quiz.bank.model import FILE_KEYS, Bank, Problem

# -- line tracking ---------------------------------------------------------------------------
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*(\]\]?)\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def _scan_lines(text: str) -> tuple[dict[str, int], list[tuple[int, dict[str, int]]]]:
    """Top-level key lines, and for each ``[[question]]`` its header line and key lines.

    Keys of sub-tables (``[question.evidence]``, ``[[question.blanks]]``) are recorded as
    ``evidence.quote`` / ``blanks.N.answers``. Multi-line strings are skipped.
    """
    top: dict[str, int] = {}
    questions: list[tuple[int, dict[str, int]]] = []
    current: dict[str, int] | None = None
    prefix = ""
    blank_count = 0
    in_multiline: str | None = None
    for n, raw in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if raw.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        h = _HEADER.match(raw)
        if h and not _KEY.match(raw):
            name = h.group(2).replace('"', "").replace("'", "").replace(" ", "")
            if name == "question" and h.group(1) == "[[":
                current = {}
                questions.append((n, current))
                prefix, blank_count = "", 0
            elif name.startswith("question.") and current is not None:
                sub = name.split(".", 1)[1]
                if h.group(1) == "[[":
                    idx = blank_count if sub == "blanks" else 0
                    blank_count += sub == "blanks"
                    prefix = f"{sub}.{idx}."
                else:
                    prefix = f"{sub}."
                current.setdefault(prefix.rstrip("."), n)
            else:
                current, prefix = None, ""
                top.setdefault(name, n)
            continue
        k = _KEY.match(raw)
        if k:
            target = current if current is not None else top
            target.setdefault(prefix + k.group(1), n)
            if k.group(1) == "blanks" and current is not None and not prefix:
                # inline array of tables: one blank per following "{ ... }" line, best effort
                pass
        for q in ('"""', "'''"):
            if raw.count(q) % 2 == 1:
                in_multiline = q
                break
    return top, questions


def load_bank(path: str | Path) -> Bank:
    """Parse one bank file. Problems (TOML syntax, structure) are collected, never raised."""
    path = Path(path)
    bank = Bank(path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        bank.problems.append(Problem(str(path), 1, "error", f"cannot read the file: {exc}"))
        return bank
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else len(text.splitlines()) or 1
        bank.problems.append(Problem(str(path), line, "error", f"TOML syntax: {exc}"))
        return bank
    top, q_lines = _scan_lines(text)
    bank.key_lines = top
    for key in data:
        if key not in FILE_KEYS:
            bank.problems.append(
                Problem(
                    str(path),
                    top.get(key, 1),
                    "error",
                    f"unknown top-level key `{key}` (allowed: {', '.join(sorted(FILE_KEYS))})",
                )
            )
    paper = data.get("paper")
    if paper is not None and not isinstance(paper, str):
        bank.problems.append(Problem(str(path), top.get("paper", 1), "error", "`paper` must be a paper key"))
    bank.paper = paper if isinstance(paper, str) else None
    bank.title = data.get("title") if isinstance(data.get("title"), str) else None
    week = data.get("week")
    bank.week = week if isinstance(week, int) and not isinstance(week, bool) else None
    raw_questions = data.get("question", [])
    if not isinstance(raw_questions, list):
        bank.problems.append(
            Problem(str(path), top.get("question", 1), "error", "`question` must be [[question]] tables")
        )
        return bank
    for i, raw in enumerate(raw_questions):
        q_line, lines = q_lines[i] if i < len(q_lines) else (1, {})
        q = parse_question(bank, raw, q_line, dict(lines), text)
        if q is not None:
            bank.questions.append(q)
    return bank


def bank_files(paths: list[Path]) -> list[Path]:
    """Expand directories to their ``*.toml`` banks (sorted); files are kept as given."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(x for x in p.glob("*.toml") if not x.name.startswith(".")))
        else:
            out.append(p)
    return out
