"""Parsing one ``[[question]]`` table into a ``Question``, with a ``Problem`` (file:line) for
every structural error: unknown type or key, missing or out-of-range answer, bad numbers."""

from __future__ import annotations

import math
from typing import Any

from papermind.quiz.bank.model import (
    BLANK_KEYS,
    CLOZE_SLOT,
    COMMON_KEYS,
    DIFFICULTIES,
    EVIDENCE_KEYS,
    LETTERS,
    PARTIAL_KEYS,
    TYPE_KEYS,
    TYPES,
    Bank,
    Blank,
    Evidence,
    NumericPartial,
    Pattern,
    Problem,
    Question,
    letter,
)


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


def parse_question(
    bank: Bank, raw: dict[str, Any], q_line: int, lines: dict[str, int], text: str
) -> Question | None:
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
    shuffle = raw.get("shuffle", True)
    if not isinstance(shuffle, bool):
        ctx.err("shuffle", "`shuffle` must be true or false")
    q.shuffle = shuffle is not False
    week = raw.get("week", bank.week)
    q.week = week if isinstance(week, int) and not isinstance(week, bool) else None
    _parse_evidence(ctx, q, raw.get("evidence"))
    {
        "single": _parse_choice,
        "multi": _parse_choice,
        "truefalse": _parse_truefalse,
        "numeric": _parse_numeric,
        "short": _parse_short,
        "cloze": _parse_cloze,
    }[qtype](ctx, q, raw, text)
    return q


def _parse_evidence(ctx: _Ctx, q: Question, ev: Any) -> None:
    if ev is None:
        return
    if not isinstance(ev, dict):
        ctx.err("evidence", '`evidence` must be a table { page = N, quote = "..." }')
        return
    for key in ev:
        if key not in EVIDENCE_KEYS:
            ctx.err(
                "evidence", f"unknown key `{key}` in evidence (allowed: {', '.join(sorted(EVIDENCE_KEYS))})"
            )
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
            ctx.err(
                "choice_feedback", f"`choice_feedback` has {len(q.choice_feedback)} entries for {n} choices"
            )
    if q.type == "single":
        if answer is None:
            ctx.err(None, 'no correct answer: add `answer = "A"` (a letter)')
            return
        idx = _choice_index(answer, n)
        if idx is None:
            ctx.err("answer", f"answer {answer!r} is not one of the {n} choices (A-{letter(n - 1)})")
            return
        q.answer = idx
        return
    weights = raw.get("weights")
    if weights is not None:
        if (
            not isinstance(weights, list)
            or len(weights) != n
            or not all(isinstance(w, (int, float)) and not isinstance(w, bool) for w in weights)
        ):
            ctx.err("weights", f"`weights` must be {n} numbers (percent per choice)")
        else:
            q.weights = [float(w) for w in weights]
    if answer is None and q.weights is not None:
        answer = [letter(i) for i, w in enumerate(q.weights) if w > 0]
    if answer is None or answer == []:
        ctx.err(None, 'no correct answer: add `answer = ["A", "C"]`')
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
    fb = raw.get("choice_feedback")
    if fb is not None:
        q.choice_feedback = _str_list(ctx, "choice_feedback", fb)
        if len(q.choice_feedback) != 2:
            ctx.err(
                "choice_feedback",
                "a truefalse `choice_feedback` has two entries: [when answered true, when answered false]",
            )
            q.choice_feedback = None


def _partials(ctx: _Ctx, value: Any) -> list[NumericPartial]:
    """``partial = [{ answer = 1000, tolerance = 50, score = 0.5, feedback = "..." }, ...]``."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        ctx.err("partial", "`partial` must be a list of { answer = ..., score = ... } tables")
        return []
    out: list[NumericPartial] = []
    for item in value:
        unknown = sorted(set(item) - PARTIAL_KEYS)
        if unknown:
            ctx.err("partial", f"unknown key(s) in a partial answer: {', '.join(unknown)}")
            continue
        score = _number(ctx, "partial", item.get("score"))
        if score is None or not 0 < score < 1:
            ctx.err(
                "partial",
                f"a partial answer's score must be between 0 and 1 (exclusive), got {item.get('score')!r}",
            )
            continue
        tol = _number(ctx, "partial", item.get("tolerance"), nonneg=True) or 0.0
        rng = item.get("range")
        span: tuple[float, float] | None = None
        if rng is not None:
            if (
                not isinstance(rng, list)
                or len(rng) != 2
                or not all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in rng
                )
                or rng[0] > rng[1]
            ):
                ctx.err("partial", "a partial answer's `range` must be [low, high]")
                continue
            span = (float(rng[0]), float(rng[1]))
        answer = _number(ctx, "partial", item.get("answer"))
        if answer is None:
            if span is None:
                ctx.err("partial", "a partial answer needs `answer` (or `range`)")
                continue
            answer = (span[0] + span[1]) / 2
        feedback = item.get("feedback")
        if feedback is not None and not isinstance(feedback, str):
            ctx.err("partial", "a partial answer's `feedback` must be a string")
            feedback = None
        out.append(NumericPartial(answer, score, tol, span, feedback))
    return out


def _parse_numeric(ctx: _Ctx, q: Question, raw: dict[str, Any], _text: str) -> None:
    q.tolerance = _number(ctx, "tolerance", raw.get("tolerance"), nonneg=True)
    q.rel_tolerance = _number(ctx, "rel_tolerance", raw.get("rel_tolerance"), nonneg=True)
    rng = raw.get("range")
    if rng is not None:
        if (
            not isinstance(rng, list)
            or len(rng) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in rng)
        ):
            ctx.err("range", "`range` must be [low, high]")
        elif rng[0] > rng[1]:
            ctx.err("range", f"range low {rng[0]} is above high {rng[1]}")
        else:
            q.range = (float(rng[0]), float(rng[1]))
    q.partial = _partials(ctx, raw.get("partial"))
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
        ctx.err(None, 'no correct answer: add `answers = ["pattern"]` and/or `reference = ["model answer"]`')


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
        ctx.err(
            "text",
            f"cloze text has slots {slots} but there are {len(blanks)} blanks (expected {{1}}..{{{len(blanks)}}})",
        )
