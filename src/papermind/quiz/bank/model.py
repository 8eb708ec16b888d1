"""The question-bank data model: plain dataclasses shared by parsing, grading and export."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TYPES = ("single", "multi", "truefalse", "numeric", "short", "cloze")
DIFFICULTIES = ("easy", "medium", "hard")
FILE_KEYS = {"paper", "title", "description", "week", "question"}
COMMON_KEYS = {
    "id",
    "type",
    "prompt",
    "paper",
    "explanation",
    "evidence",
    "tags",
    "concepts",
    "difficulty",
    "points",
    "pass_mark",
    "title",
    "generated",
    "week",
}
TYPE_KEYS: dict[str, set[str]] = {
    "single": {"choices", "answer", "choice_feedback", "shuffle"},
    "multi": {"choices", "answer", "weights", "choice_feedback", "shuffle"},
    "truefalse": {"answer", "choice_feedback"},
    "numeric": {"answer", "tolerance", "rel_tolerance", "range", "unit", "partial"},
    "short": {"answers", "reference", "keywords", "threshold", "case_sensitive"},
    "cloze": {"text", "blanks"},
}
BLANK_KEYS = {"answers", "reference", "keywords", "threshold", "case_sensitive"}
EVIDENCE_KEYS = {"paper", "page", "section", "quote"}
PARTIAL_KEYS = {"answer", "tolerance", "range", "score", "feedback"}
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CLOZE_SLOT = re.compile(r"\{(\d+)\}")


@dataclass
class Problem:
    file: str
    line: int
    severity: str  # "error" | "warning" | "note"
    message: str
    qid: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        who = f" [{self.qid}]" if self.qid else ""
        return f"{where}: {self.severity}{who}: {self.message}"


@dataclass
class Evidence:
    paper: str | None = None
    page: int | None = None
    section: str | None = None
    quote: str | None = None


@dataclass
class Pattern:
    """A Moodle-style answer pattern (``*`` = any text) worth ``score`` (0..1)."""

    text: str
    score: float = 1.0
    feedback: str | None = None


@dataclass
class NumericPartial:
    """A numeric question's partly-right answer (GIFT ``=%50%1000:50``): ``answer`` within
    ``tolerance`` (or inside ``range``) earns ``score`` (0..1), with optional ``feedback``."""

    answer: float
    score: float
    tolerance: float = 0.0
    range: tuple[float, float] | None = None
    feedback: str | None = None

    def accepts(self, value: float) -> bool:
        if self.range is not None:
            return self.range[0] <= value <= self.range[1]
        return abs(value - self.answer) <= self.tolerance + 1e-9 * max(1.0, abs(self.answer))


@dataclass
class Blank:
    answers: list[Pattern] = field(default_factory=list)
    reference: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    threshold: float | None = None
    case_sensitive: bool = False


@dataclass
class Question:
    id: str
    type: str
    prompt: str
    paper: str | None = None
    choices: list[str] = field(default_factory=list)
    # single: index; multi: sorted indices; truefalse: bool; numeric: float; else None
    answer: Any = None
    weights: list[float] | None = None  # multi: percent per choice (GIFT-style), optional
    # single/multi: one per choice; truefalse: [when answered true, when answered false]
    choice_feedback: list[str] | None = None
    shuffle: bool = True  # choices are shown in an order of their own per user (``quiz.shuffle``)
    # Set on a question as presented: shown choice i is the bank's choice order[i].
    order: tuple[int, ...] | None = None
    tolerance: float | None = None
    rel_tolerance: float | None = None
    range: tuple[float, float] | None = None
    unit: str | None = None
    partial: list[NumericPartial] = field(default_factory=list)  # numeric: partly-right answers
    answers: list[Pattern] = field(default_factory=list)  # short
    reference: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    threshold: float | None = None
    case_sensitive: bool = False
    text: str | None = None  # cloze
    blanks: list[Blank] = field(default_factory=list)
    explanation: str | None = None
    evidence: Evidence | None = None
    tags: list[str] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    difficulty: str | None = None
    points: float = 1.0
    pass_mark: float = 0.5
    title: str | None = None
    week: int | None = None
    generated: bool = False
    file: str = ""
    line: int = 0
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    def tolerance_abs(self) -> float:
        """A numeric question's accepted distance from ``answer``: the larger of ``tolerance``
        and ``rel_tolerance`` times the answer (0 when neither is set)."""
        return max(self.tolerance or 0.0, abs(float(self.answer or 0.0)) * (self.rel_tolerance or 0.0))


@dataclass
class Bank:
    path: Path
    paper: str | None = None
    title: str | None = None
    week: int | None = None
    questions: list[Question] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.stem


def letter(i: int) -> str:
    return LETTERS[i] if i < len(LETTERS) else str(i)
