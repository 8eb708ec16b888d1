"""Question banks: the TOML format (quizzes/FORMAT.md), parsed into plain dataclasses with the line
of every key, and the per-question structural checks (cross-bank checks live in ``check.py``).

Parsing never raises on a bad bank: every problem becomes a ``Problem`` naming ``file:line``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TYPES = ("single", "multi", "truefalse", "numeric", "short", "cloze")
DIFFICULTIES = ("easy", "medium", "hard")
FILE_KEYS = {"paper", "title", "description", "week", "question"}
COMMON_KEYS = {
    "id", "type", "prompt", "paper", "explanation", "evidence", "tags", "concepts",
    "difficulty", "points", "pass_mark", "title", "generated", "week",
}
TYPE_KEYS: dict[str, set[str]] = {
    "single": {"choices", "answer", "choice_feedback"},
    "multi": {"choices", "answer", "weights", "choice_feedback"},
    "truefalse": {"answer"},
    "numeric": {"answer", "tolerance", "rel_tolerance", "range", "unit"},
    "short": {"answers", "reference", "keywords", "threshold", "case_sensitive"},
    "cloze": {"text", "blanks"},
}
BLANK_KEYS = {"answers", "reference", "keywords", "threshold", "case_sensitive"}
EVIDENCE_KEYS = {"paper", "page", "section", "quote"}
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
    choice_feedback: list[str] | None = None
    tolerance: float | None = None
    rel_tolerance: float | None = None
    range: tuple[float, float] | None = None
    unit: str | None = None
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


def _blank_lines(text: str, start: int, count: int) -> list[int]:
    """Lines of the ``{`` opening each inline blank table after ``blanks =`` (best effort)."""
    lines = text.splitlines()
    found: list[int] = []
    for n in range(start, min(len(lines), start + 200) + 1):
        s = lines[n - 1]
        for _ in range(s.count("{ answers") + s.count("{answers") + s.count("{ reference")):
            found.append(n)
        if len(found) >= count:
            break
    return found + [start] * (count - len(found))


# -- parsing ---------------------------------------------------------------------------------
class _Ctx:
    def __init__(self, bank: Bank, q_line: int, lines: dict[str, int], qid: str | None) -> None:
        self.bank, self.q_line, self.lines, self.qid = bank, q_line, lines, qid

    def line(self, key: str | None) -> int:
        if key is None:
            return self.q_line
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rsplit(".", 1)[0] if "." in key else ""
        return self.q_line

    def err(self, key: str | None, msg: str, severity: str = "error") -> None:
        self.bank.problems.append(Problem(str(self.bank.path), self.line(key), severity, msg, self.qid))


def letter(i: int) -> str:
    return LETTERS[i] if i < len(LETTERS) else str(i)


def _choice_index(value: Any, n: int) -> int | None:
    """A bank answer ("B" or 0-based int) -> index, or None when not a valid choice."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < n else None
    if isinstance(value, str) and len(value.strip()) == 1 and value.strip().upper() in LETTERS:
        i = LETTERS.index(value.strip().upper())
        return i if i < n else None
    return None


def _str_list(ctx: _Ctx, key: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    ctx.err(key, f"`{key}` must be a string or a list of strings")
    return []


def _patterns(ctx: _Ctx, key: str, value: Any) -> list[Pattern]:
    out: list[Pattern] = []
    if value is None:
        return out
    items = [value] if isinstance(value, (str, dict)) else value
    if not isinstance(items, list):
        ctx.err(key, f"`{key}` must be a list of patterns")
        return out
    for item in items:
        if isinstance(item, str):
            out.append(Pattern(item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            score = item.get("score", 1.0)
            if not isinstance(score, (int, float)) or not 0 <= score <= 1:
                ctx.err(key, f"pattern score must be between 0 and 1, got {score!r}")
                score = 0.0
            out.append(Pattern(item["text"], float(score), item.get("feedback")))
        else:
            ctx.err(key, f"`{key}` items are strings or {{ text = ..., score = ... }} tables")
    return out


def _number(ctx: _Ctx, key: str, value: Any, *, nonneg: bool = False) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        ctx.err(key, f"`{key}` must be a number, got {value!r}")
        return None
    if nonneg and value < 0:
        ctx.err(key, f"`{key}` must not be negative, got {value}")
        return None
    return float(value)


def _threshold(ctx: _Ctx, key: str, value: Any) -> float | None:
    t = _number(ctx, key, value)
    if t is not None and not 0 < t <= 1:
        ctx.err(key, f"`{key}` must be in (0, 1], got {t}")
        return None
    return t


def _parse_question(bank: Bank, raw: dict[str, Any], q_line: int, lines: dict[str, int], text: str) -> Question | None:
    qid = raw.get("id") if isinstance(raw.get("id"), str) else None
    ctx = _Ctx(bank, q_line, lines, qid)
    if qid is None:
        ctx.err("id", "question has no `id` (a string, unique across all banks)")
        return None
    qtype = raw.get("type")
    if qtype not in TYPES:
        ctx.err("type", f"unknown type {qtype!r} (one of: {', '.join(TYPES)})")
        return None
    for key in raw:
        if key not in COMMON_KEYS and key not in TYPE_KEYS[qtype]:
            allowed = sorted(COMMON_KEYS | TYPE_KEYS[qtype])
            ctx.err(key, f"unknown key `{key}` for a {qtype} question (allowed: {', '.join(allowed)})")
    prompt = raw.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        if qtype != "cloze":
            ctx.err("prompt", "question has no `prompt`")
        prompt = prompt if isinstance(prompt, str) else ""
    q = Question(id=qid, type=qtype, prompt=prompt, file=str(bank.path), line=q_line, lines=lines)
    paper = raw.get("paper", bank.paper)
    q.paper = paper if isinstance(paper, str) else None
    for key in ("explanation", "title"):
        v = raw.get(key)
        if v is not None and not isinstance(v, str):
            ctx.err(key, f"`{key}` must be a string")
        elif v is not None:
            setattr(q, key, v)
    q.tags = _str_list(ctx, "tags", raw.get("tags"))
    q.concepts = _str_list(ctx, "concepts", raw.get("concepts"))
    diff = raw.get("difficulty")
    if diff is not None and diff not in DIFFICULTIES:
        ctx.err("difficulty", f"difficulty must be one of {', '.join(DIFFICULTIES)}, got {diff!r}")
    q.difficulty = diff if diff in DIFFICULTIES else None
    pts = _number(ctx, "points", raw.get("points", 1), nonneg=True)
    q.points = pts if pts is not None else 1.0
    pm = _threshold(ctx, "pass_mark", raw.get("pass_mark"))
    q.pass_mark = pm if pm is not None else 0.5
    q.generated = bool(raw.get("generated", False))
    week = raw.get("week", bank.week)
    q.week = week if isinstance(week, int) and not isinstance(week, bool) else None
    _parse_evidence(ctx, q, raw.get("evidence"))
    {
        "single": _parse_choice, "multi": _parse_choice, "truefalse": _parse_truefalse,
        "numeric": _parse_numeric, "short": _parse_short, "cloze": _parse_cloze,
    }[qtype](ctx, q, raw, text)
    return q


def _parse_evidence(ctx: _Ctx, q: Question, ev: Any) -> None:
    if ev is None:
        return
    if not isinstance(ev, dict):
        ctx.err("evidence", "`evidence` must be a table { page = N, quote = \"...\" }")
        return
    for key in ev:
        if key not in EVIDENCE_KEYS:
            ctx.err("evidence", f"unknown key `{key}` in evidence (allowed: {', '.join(sorted(EVIDENCE_KEYS))})")
    page = ev.get("page")
    if page is not None and (isinstance(page, bool) or not isinstance(page, int) or page < 1):
        ctx.err("evidence", f"evidence page must be a positive integer, got {page!r}")
        page = None
    quote = ev.get("quote")
    if quote is not None and not isinstance(quote, str):
        ctx.err("evidence", "evidence quote must be a string")
        quote = None
    if page is None and ev.get("section") is None:
        ctx.err("evidence", "evidence needs a `page` (or a `section` for papers without a PDF)")
    paper = ev.get("paper", q.paper)
    q.evidence = Evidence(paper=paper, page=page, section=ev.get("section"), quote=quote)


def _parse_choice(ctx: _Ctx, q: Question, raw: dict[str, Any], _text: str) -> None:
    choices = raw.get("choices")
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices) or len(choices) < 2:
        ctx.err("choices", "`choices` must be a list of at least two strings")
        return
    q.choices = choices
    n = len(choices)
    answer = raw.get("answer")
    fb = raw.get("choice_feedback")
    if fb is not None:
        q.choice_feedback = _str_list(ctx, "choice_feedback", fb)
        if len(q.choice_feedback) != n:
            ctx.err("choice_feedback", f"`choice_feedback` has {len(q.choice_feedback)} entries for {n} choices")
    if q.type == "single":
        if answer is None:
            ctx.err(None, "no correct answer: add `answer = \"A\"` (a letter)")
            return
        idx = _choice_index(answer, n)
        if idx is None:
            ctx.err("answer", f"answer {answer!r} is not one of the {n} choices (A-{letter(n - 1)})")
            return
        q.answer = idx
        return
    weights = raw.get("weights")
    if weights is not None:
        if not isinstance(weights, list) or len(weights) != n or not all(
            isinstance(w, (int, float)) and not isinstance(w, bool) for w in weights
        ):
            ctx.err("weights", f"`weights` must be {n} numbers (percent per choice)")
        else:
            q.weights = [float(w) for w in weights]
    if answer is None and q.weights is not None:
        answer = [letter(i) for i, w in enumerate(q.weights) if w > 0]
    if answer is None or answer == []:
        ctx.err(None, "no correct answer: add `answer = [\"A\", \"C\"]`")
        return
    items = answer if isinstance(answer, list) else [answer]
    picked: set[int] = set()
    for a in items:
        idx = _choice_index(a, n)
        if idx is None:
            ctx.err("answer", f"answer {a!r} is not one of the {n} choices (A-{letter(n - 1)})")
            return
        picked.add(idx)
    q.answer = sorted(picked)
    if q.weights is not None and sum(w for w in q.weights if w > 0) <= 0:
        ctx.err("weights", "no choice has a positive weight")


def _parse_truefalse(ctx: _Ctx, q: Question, raw: dict[str, Any], _text: str) -> None:
    answer = raw.get("answer")
    if answer is None:
        ctx.err(None, "no correct answer: add `answer = true` or `false`")
    elif not isinstance(answer, bool):
        ctx.err("answer", f"a truefalse answer must be true or false, got {answer!r}")
    else:
        q.answer = answer


def _parse_numeric(ctx: _Ctx, q: Question, raw: dict[str, Any], _text: str) -> None:
    q.tolerance = _number(ctx, "tolerance", raw.get("tolerance"), nonneg=True)
    q.rel_tolerance = _number(ctx, "rel_tolerance", raw.get("rel_tolerance"), nonneg=True)
    rng = raw.get("range")
    if rng is not None:
        if (
            not isinstance(rng, list) or len(rng) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in rng)
        ):
            ctx.err("range", "`range` must be [low, high]")
        elif rng[0] > rng[1]:
            ctx.err("range", f"range low {rng[0]} is above high {rng[1]}")
        else:
            q.range = (float(rng[0]), float(rng[1]))
    unit = raw.get("unit")
    if unit is not None:
        if not isinstance(unit, str):
            ctx.err("unit", "`unit` must be a string")
        else:
            q.unit = unit
    answer = raw.get("answer")
    if answer is None:
        if q.range is None:
            ctx.err(None, "no correct answer: add `answer = <number>` (or `range = [lo, hi]`)")
        else:
            q.answer = (q.range[0] + q.range[1]) / 2
        return
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        ctx.err("answer", f"a numeric answer must be a number, got {answer!r}")
        return
    q.answer = float(answer)


def _parse_short_fields(ctx: _Ctx, target: Question | Blank, raw: dict[str, Any], prefix: str) -> None:
    target.answers = _patterns(ctx, prefix + "answers", raw.get("answers"))
    target.reference = _str_list(ctx, prefix + "reference", raw.get("reference"))
    target.keywords = _str_list(ctx, prefix + "keywords", raw.get("keywords"))
    target.threshold = _threshold(ctx, prefix + "threshold", raw.get("threshold"))
    cs = raw.get("case_sensitive", False)
    if not isinstance(cs, bool):
        ctx.err(prefix + "case_sensitive", "`case_sensitive` must be true or false")
        cs = False
    target.case_sensitive = cs


def _parse_short(ctx: _Ctx, q: Question, raw: dict[str, Any], _text: str) -> None:
    _parse_short_fields(ctx, q, raw, "")
    if not any(p.score > 0 for p in q.answers) and not q.reference:
        ctx.err(None, "no correct answer: add `answers = [\"pattern\"]` and/or `reference = [\"model answer\"]`")


def _parse_cloze(ctx: _Ctx, q: Question, raw: dict[str, Any], text: str) -> None:
    cloze = raw.get("text")
    if not isinstance(cloze, str) or not cloze.strip():
        ctx.err("text", "a cloze question needs `text` with {1}, {2}, ... slots")
        return
    q.text = cloze
    if not q.prompt:
        q.prompt = "Fill in the blanks."
    blanks = raw.get("blanks")
    if not isinstance(blanks, list) or not blanks or not all(isinstance(b, dict) for b in blanks):
        ctx.err("blanks", "`blanks` must be a list of tables { answers = [...], reference = [...] }")
        return
    start = ctx.line("blanks")
    blank_lines = _blank_lines(text, start, len(blanks))
    for i, b in enumerate(blanks):
        key = f"blanks.{i}"
        if key not in ctx.lines:
            ctx.lines[key] = blank_lines[i]
        for k in b:
            if k not in BLANK_KEYS:
                ctx.err(key, f"unknown key `{k}` in blank {i + 1} (allowed: {', '.join(sorted(BLANK_KEYS))})")
        blank = Blank()
        _parse_short_fields(ctx, blank, b, key + ".")
        if not any(p.score > 0 for p in blank.answers) and not blank.reference:
            ctx.err(key, f"no correct answer for blank {i + 1}")
        q.blanks.append(blank)
    slots = sorted({int(m) for m in CLOZE_SLOT.findall(cloze)})
    if slots != list(range(1, len(blanks) + 1)):
        ctx.err("text", f"cloze text has slots {slots} but there are {len(blanks)} blanks (expected {{1}}..{{{len(blanks)}}})")


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
            bank.problems.append(Problem(
                str(path), top.get(key, 1), "error",
                f"unknown top-level key `{key}` (allowed: {', '.join(sorted(FILE_KEYS))})",
            ))
    paper = data.get("paper")
    if paper is not None and not isinstance(paper, str):
        bank.problems.append(Problem(str(path), top.get("paper", 1), "error", "`paper` must be a paper key"))
    bank.paper = paper if isinstance(paper, str) else None
    bank.title = data.get("title") if isinstance(data.get("title"), str) else None
    week = data.get("week")
    bank.week = week if isinstance(week, int) and not isinstance(week, bool) else None
    raw_questions = data.get("question", [])
    if not isinstance(raw_questions, list):
        bank.problems.append(Problem(str(path), top.get("question", 1), "error", "`question` must be [[question]] tables"))
        return bank
    for i, raw in enumerate(raw_questions):
        q_line, lines = q_lines[i] if i < len(q_lines) else (1, {})
        q = _parse_question(bank, raw, q_line, dict(lines), text)
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
