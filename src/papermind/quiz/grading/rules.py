"""Grading per question type. ``grade(question, answer) -> GradeResult``.

Student answers: choice questions take letters ("B", "a,c", "AC") or 0-based indices ("1", "0,2"),
or the exact text of a choice; truefalse takes true/false/yes/no/t/f; numeric takes a number with
an optional unit ("800", "800 KB", "0.8 MB"); short takes text; cloze takes one answer per blank
(a list, or one string split on "|", ";" or newlines). Malformed answers raise ``QuizError``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from papermind.errors import QuizError
from papermind.quiz.bank.model import LETTERS, Blank, Evidence, Pattern, Question, letter
from papermind.quiz.grading import semantic
from papermind.quiz.grading.negation import negation_mismatch
from papermind.quiz.grading.numbers import BASE_UNIT, question_scale, read_number
from papermind.quiz.grading.text import wildcard_match

SHORT_THRESHOLD = 0.5  # default pass mark (score in 0..1)
MAX_ANSWER_CHARS = 5000  # about a page of text: longer answers are refused, not graded


@dataclass
class GradeResult:
    question_id: str
    score: float  # 0..1
    correct: bool  # score >= pass mark
    feedback: str
    # The grader's verdict: "correct" | "incorrect", or "unsure" when a short answer's grade is too
    # close to call (the student or an instructor should judge it against the model answer).
    verdict: str = "incorrect"
    explanation: str | None = None
    evidence: Evidence | None = None
    expected: str = ""  # the correct answer, for display
    answer: Any = None  # the answer as given
    points: float = 0.0  # score * question points
    max_points: float = 1.0  # the question's points: the score is out of this
    details: dict[str, Any] = field(default_factory=dict)


def _result(
    q: Question, score: float, feedback: str, answer: Any, verdict: str | None = None, **details: Any
) -> GradeResult:
    score = max(0.0, min(1.0, round(score, 4)))
    correct = score >= q.pass_mark
    return GradeResult(
        question_id=q.id,
        score=score,
        correct=correct,
        feedback=feedback,
        verdict=verdict or ("correct" if correct else "incorrect"),
        explanation=q.explanation,
        evidence=q.evidence,
        expected=expected_answer(q),
        answer=answer,
        points=round(score * q.points, 4),
        max_points=q.points,
        details=details,
    )


def expected_answer(q: Question) -> str:
    if q.type == "single" and isinstance(q.answer, int):
        return f"{letter(q.answer)}) {q.choices[q.answer]}"
    if q.type == "multi" and isinstance(q.answer, list):
        return "; ".join(f"{letter(i)}) {q.choices[i]}" for i in q.answer)
    if q.type == "truefalse":
        return "true" if q.answer else "false"
    if q.type == "numeric" and q.answer is not None:
        n = f"{q.answer:g}" + (f" {q.unit}" if q.unit else "")
        if q.range:
            return f"{n} (accepted {q.range[0]:g}..{q.range[1]:g})"
        if q.tolerance:
            return f"{n} ± {q.tolerance:g}"
        if q.rel_tolerance:
            return f"{n} ± {q.rel_tolerance:.0%}"
        return n
    if q.type == "short":
        return _text_expected(q)
    if q.type == "cloze":
        return " | ".join(_text_expected(b) for b in q.blanks)
    return ""


def _text_expected(b: Blank | Question) -> str:
    """A short answer's or a blank's model answer: its first reference, else its first
    full-credit pattern with the wildcards taken out."""
    full = [" ".join(p.text.replace("*", " ").split()) for p in b.answers if p.score == 1]
    return (b.reference or full or [""])[0]


# -- choices ---------------------------------------------------------------------------------
def parse_choices(answer: Any, q: Question) -> list[int]:
    n = len(q.choices)
    if isinstance(answer, int) and not isinstance(answer, bool):
        items: list[Any] = [answer]
    elif isinstance(answer, (list, tuple, set)):
        items = list(answer)
    elif isinstance(answer, str):
        s = answer.strip()
        for i, c in enumerate(q.choices):
            if s.casefold() == c.strip().casefold() and len(s) > 1:
                return [i]
        if re.fullmatch(r"[A-Za-z]+", s) and (q.type == "multi" or len(s) == 1):
            items = list(s)
        else:
            items = [t for t in re.split(r"[\s,;/+]+", s) if t]
    else:
        raise QuizError(
            f"cannot read {answer!r} as a choice", "answer with letters (A, B, ...) or 0-based indices"
        )
    out: list[int] = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            idx = item
        elif isinstance(item, str) and item.isdigit():
            idx = int(item)
        elif isinstance(item, str) and len(item) == 1 and item.upper() in LETTERS:
            idx = LETTERS.index(item.upper())
        else:
            raise QuizError(
                f"cannot read {item!r} as a choice", "answer with letters (A, B, ...) or 0-based indices"
            )
        if not 0 <= idx < n:
            raise QuizError(
                f"choice {item!r} is out of range", f"choices are A-{letter(n - 1)} (or 0-{n - 1})"
            )
        if idx not in out:
            out.append(idx)
    if not out:
        raise QuizError("empty answer", "pick at least one choice")
    if q.type == "single" and len(out) > 1:
        raise QuizError("pick exactly one choice", f"one letter, A-{letter(n - 1)}")
    return sorted(out)


def _choice_feedback(q: Question, picks: list[int]) -> str:
    if not q.choice_feedback:
        return ""
    return " ".join(q.choice_feedback[i] for i in picks if q.choice_feedback[i])


def grade_single(q: Question, answer: Any) -> GradeResult:
    picks = parse_choices(answer, q)
    ok = picks[0] == q.answer
    fb = "Correct." if ok else f"Incorrect: the answer is {expected_answer(q)}."
    extra = _choice_feedback(q, picks)
    return _result(q, 1.0 if ok else 0.0, f"{fb} {extra}".strip(), answer, picks=picks)


def grade_multi(q: Question, answer: Any) -> GradeResult:
    picks = parse_choices(answer, q)
    right = set(q.answer or [])
    if q.weights is not None:
        score = sum(q.weights[i] for i in picks) / 100.0
        how = "each choice carries its own weight: " + ", ".join(
            f"{letter(i)} {q.weights[i]:+g}%" for i in picks
        )
    else:
        wrong = set(range(len(q.choices))) - right
        hits = len(right & set(picks))
        misses = len(set(picks) - right)
        score = hits / len(right) - (misses / len(wrong) if wrong else 0.0)
        how = f"{hits} of {len(right)} right choices picked"
        if wrong:
            how += f", {misses} of {len(wrong)} wrong ones ({hits}/{len(right)} − {misses}/{len(wrong)})"
    score = max(0.0, min(1.0, score))
    if score >= 1.0:
        fb = "Correct."
    elif score > 0:
        fb = f"Partly right, {score:.2f} of 1: {how}. The answer is {expected_answer(q)}."
    else:
        fb = f"Incorrect ({how}): the answer is {expected_answer(q)}."
    extra = _choice_feedback(q, picks)
    return _result(q, score, f"{fb} {extra}".strip(), answer, picks=picks)


_TRUE = {"true", "t", "yes", "y", "1", "wahr", "vrai"}
_FALSE = {"false", "f", "no", "n", "0"}


def grade_truefalse(q: Question, answer: Any) -> GradeResult:
    if isinstance(answer, bool):
        value = answer
    elif isinstance(answer, str) and answer.strip().lower() in _TRUE | _FALSE:
        value = answer.strip().lower() in _TRUE
    else:
        raise QuizError(f"cannot read {answer!r} as true/false", "answer true or false (t/f, yes/no)")
    ok = value == q.answer
    fb = "Correct." if ok else f"Incorrect: the statement is {expected_answer(q)}."
    if q.choice_feedback:
        fb = f"{fb} {q.choice_feedback[0 if value else 1]}".strip()
    return _result(q, 1.0 if ok else 0.0, fb, answer, value=value)


# -- numeric ---------------------------------------------------------------------------------
def _numeric_ok(q: Question, value: float) -> bool:
    if q.range is not None:
        return q.range[0] <= value <= q.range[1]
    target = float(q.answer)
    return abs(value - target) <= q.tolerance_abs() + 1e-9 * max(1.0, abs(target))


def grade_numeric(q: Question, answer: Any) -> GradeResult:
    value, bare = read_number(answer, q.unit)
    ok = _numeric_ok(q, value)
    fb = "Correct." if ok else f"Incorrect: the answer is {expected_answer(q)}."
    want = question_scale(q.unit)
    if not ok and bare is not None and want and want[1] != 1.0 and want[0] in BASE_UNIT:
        # A bare number that is right in the base unit (819200 for "800 KB", worked out in bytes
        # from the hint): credit it, and say which unit it was read in.
        as_base = value / want[1]
        if _numeric_ok(q, as_base):
            ok, value = True, as_base
            fb = (
                f"Correct, reading {bare} as {BASE_UNIT[want[0]]} (= {as_base:g} {q.unit}); "
                f"give the unit next time."
            )
    score = 1.0 if ok else 0.0
    if not ok:
        hit = max((p for p in q.partial if p.accepts(value)), key=lambda p: p.score, default=None)
        if hit is not None:
            score = hit.score
            fb = f"Partly right ({hit.score:.0%} credit): the answer is {expected_answer(q)}."
            if hit.feedback:
                fb = f"{fb} {hit.feedback}"
    return _result(q, score, fb, answer, value=value if math.isfinite(value) else None)


# -- short and cloze -------------------------------------------------------------------------
def _best_pattern(patterns: list[Pattern], text: str, case_sensitive: bool) -> Pattern | None:
    best: Pattern | None = None
    for p in patterns:
        if wildcard_match(p.text, text, case_sensitive) and (best is None or p.score > best.score):
            best = p
    return best


def grade_text(
    answer: str,
    *,
    patterns: list[Pattern],
    reference: list[str],
    keywords: list[str],
    threshold: float | None,
    case_sensitive: bool,
    prompt: str | None,
    blank: bool = False,
) -> tuple[float, str, dict[str, Any]]:
    """Shared by short answers and cloze blanks: patterns first, then the semantic grader."""
    text = answer.strip()
    if not text:
        return 0.0, "No answer.", {"method": "empty"}
    hit = _best_pattern(patterns, text, case_sensitive)
    if hit is not None:
        # A wildcard match is not trusted when the answer negates what the pattern states.
        guarded = "*" in hit.text and negation_mismatch(text, hit.text.replace("*", " "))
        if not guarded:
            fb = hit.feedback or ("Correct." if hit.score >= 1 else f"Partly right ({hit.score:.2f} of 1).")
            return hit.score, fb, {"method": "pattern", "pattern": hit.text}
    if reference:
        res = semantic.grade(
            text, reference, prompt=prompt, keywords=keywords, threshold=threshold, blank=blank
        )
        return res.score, res.feedback, {"method": "semantic", "verdict": res.verdict, **res.details}
    return 0.0, "Incorrect.", {"method": "pattern"}


def grade_short(q: Question, answer: Any) -> GradeResult:
    if not isinstance(answer, str):
        raise QuizError(f"a short answer is text, got {answer!r}")
    score, fb, details = grade_text(
        answer,
        patterns=q.answers,
        reference=q.reference,
        keywords=q.keywords,
        threshold=q.threshold,
        case_sensitive=q.case_sensitive,
        prompt=q.prompt,
    )
    # "unsure": the score is the grader's leaning until the student (or an instructor) judges it.
    verdict = "unsure" if details.pop("verdict", None) == "unsure" else None
    if score < q.pass_mark and verdict is None:
        fb = f"{fb} A good answer: {expected_answer(q)}".strip()
    return _result(q, score, fb, answer, verdict=verdict, **details)


def split_cloze(answer: Any, n: int) -> list[str]:
    if isinstance(answer, (list, tuple)):
        parts = [str(a) for a in answer]
    elif isinstance(answer, str):
        sep = next((s for s in ("|", "\n", ";") if s in answer), None)
        parts = [p.strip() for p in answer.split(sep)] if sep else [answer.strip()]
    else:
        raise QuizError(f"cannot read {answer!r} as cloze answers")
    if len(parts) != n:
        raise QuizError(
            f"expected {n} answers for {n} blanks, got {len(parts)}", "separate blanks with | or ;"
        )
    return parts


def grade_cloze(q: Question, answer: Any) -> GradeResult:
    parts = split_cloze(answer, len(q.blanks))
    scores, feedback, details = [], [], []
    for i, (b, a) in enumerate(zip(q.blanks, parts, strict=True)):
        s, fb, d = grade_text(
            a,
            patterns=b.answers,
            reference=b.reference,
            keywords=b.keywords,
            threshold=b.threshold,
            case_sensitive=b.case_sensitive,
            prompt=None,
            blank=True,
        )
        scores.append(s)
        details.append({"blank": i + 1, "score": s, **d})
        mark = "ok" if s >= q.pass_mark else f"expected {_text_expected(b)!r}"
        feedback.append(f"{{{i + 1}}} {mark}")
    score = sum(scores) / len(scores)
    unsure = any(d.get("verdict") == "unsure" for d in details)
    return _result(
        q, score, "; ".join(feedback), answer, verdict="unsure" if unsure else None, blanks=details
    )


GRADERS = {
    "single": grade_single,
    "multi": grade_multi,
    "truefalse": grade_truefalse,
    "numeric": grade_numeric,
    "short": grade_short,
    "cloze": grade_cloze,
}


def check_answer_length(answer: Any) -> None:
    """Refuse an answer (or a cloze part) longer than ``MAX_ANSWER_CHARS`` with a clear message."""
    parts = answer if isinstance(answer, (list, tuple)) else [answer]
    longest = max((len(p) for p in parts if isinstance(p, str)), default=0)
    if longest > MAX_ANSWER_CHARS:
        raise QuizError(
            f"the answer is {longest:,} characters long (at most {MAX_ANSWER_CHARS:,})",
            "answer in a few sentences: the key point, not the whole argument",
        )


def grade(q: Question, answer: Any) -> GradeResult:
    check_answer_length(answer)
    return GRADERS[q.type](q, answer)
