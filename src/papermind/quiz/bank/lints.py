"""``quiz check`` lints that make items guessable or gameable (warnings), and patterns that are
unusable (errors).

Choice questions, per bank and over all banks: one key position holding more than 40% of the
``single`` keys, the longest choice being the key in more than 40% of them, ``multi`` keys that
keep including the same letters; per question: "all/none of the above", choices whose lengths
differ wildly. Accept-patterns (short answers and cloze blanks): a pattern that matches another
question's model answer, the question's own prompt, a vague or common word, or is a bare one-word
fragment (``*tile*`` accepts "versatile"); ``pattern_problem`` rejects pathological ones.
A bias is only reported once at least ``MIN_BIAS_COUNT`` keys share it (two of three keys at B in
a three-question bank is not yet a pattern).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from papermind.quiz.bank.model import Bank, Blank, Problem, Question, letter
from papermind.quiz.grading.text import wildcard_match

MAX_PATTERN_CHARS = 200  # a pattern longer than this is not a terse answer
MAX_WILDCARDS = 6  # more `*` than this only chops the answer into letters
MAX_SHARE = 0.4  # a key position / longest-is-key above this share is guessable
MIN_BIAS_COUNT = 3  # ... once at least this many keys share it
MAX_PAIR_SHARE = 0.6  # two letters together in more than this share of the multi keys
LENGTH_RATIO = 2.5  # longest choice at least this many times the shortest ...
LENGTH_GAP = 40  # ... and at least this many characters longer
_ABOVE = re.compile(
    r"\b(all|none|both|neither)\s+of\s+(the\s+)?(above|these|them|the\s+others)\b", re.IGNORECASE
)
# Answers a student gives without having read the paper, and bare words any answer may contain.
VAGUE_WORDS = (
    "I don't know",
    "no idea",
    "it depends",
    "yes",
    "no",
    "memory",
    "GPU",
    "GPUs",
    "speed",
    "faster",
    "slower",
    "better",
    "more",
    "less",
    "time",
    "data",
    "model",
    "compute",
    "cost",
    "efficiency",
    "performance",
    "accuracy",
    "quality",
    "hardware",
    "training",
    "inference",
    "attention",
    "tokens",
    "cache",
    "bandwidth",
    "latency",
    "throughput",
    "parallelism",
    "rules",
)


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a bank pattern (None when it can): no literal text, too long,
    or so many wildcards that it only lists scattered letters."""
    if not pattern.replace("*", "").strip():
        return f"pattern {pattern!r} has no literal text: it accepts any answer"
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"pattern is {len(pattern)} characters long (at most {MAX_PATTERN_CHARS}): use a reference"
    stars = pattern.count("*")
    if stars > MAX_WILDCARDS:
        return (
            f"pattern {pattern[:40]!r} has {stars} wildcards (at most {MAX_WILDCARDS}): "
            "it matches scattered letters, not an answer"
        )
    return None


@dataclass
class KeyStats:
    """How guessable a set of choice questions is (one bank, or all banks)."""

    single: int = 0
    positions: dict[str, int] = field(default_factory=dict)  # key letter -> single questions
    longest_is_key: int = 0  # single questions whose key is the strictly longest choice
    multi: int = 0
    multi_keys: dict[str, int] = field(default_factory=dict)  # "AC" -> multi questions

    @property
    def top_position(self) -> tuple[str, int]:
        return max(self.positions.items(), key=lambda kv: (kv[1], -ord(kv[0][0])), default=("-", 0))


def key_stats(questions: list[Question]) -> KeyStats:
    st = KeyStats()
    for q in questions:
        if q.type == "single" and isinstance(q.answer, int):
            st.single += 1
            k = letter(q.answer)
            st.positions[k] = st.positions.get(k, 0) + 1
            st.longest_is_key += _strictly_longest(q.choices) == q.answer
        elif q.type == "multi" and isinstance(q.answer, list):
            st.multi += 1
            k = "".join(letter(i) for i in q.answer)
            st.multi_keys[k] = st.multi_keys.get(k, 0) + 1
    st.positions = dict(sorted(st.positions.items()))
    st.multi_keys = dict(sorted(st.multi_keys.items()))
    return st


def _strictly_longest(choices: list[str]) -> int | None:
    lengths = [len(c) for c in choices]
    top = max(lengths, default=0)
    return lengths.index(top) if lengths.count(top) == 1 else None


def _biased(count: int, total: int, share: float = MAX_SHARE) -> bool:
    return count >= MIN_BIAS_COUNT and count > share * total


def key_bias(st: KeyStats) -> list[str]:
    """Messages for the guessable patterns in ``st`` (empty when there are none)."""
    out: list[str] = []
    pos, n = st.top_position
    if _biased(n, st.single):
        out.append(f"key position {pos} holds {n} of {st.single} single-choice keys (over {MAX_SHARE:.0%})")
    if _biased(st.longest_is_key, st.single):
        out.append(
            f"the longest choice is the key in {st.longest_is_key} of {st.single} single-choice "
            f"questions (over {MAX_SHARE:.0%}): make distractors as long as the key"
        )
    if st.multi >= MIN_BIAS_COUNT:
        keys = [set(k) for k, c in st.multi_keys.items() for _ in range(c)]
        letters = sorted(set().union(*keys))
        for a in letters:
            if all(a in k for k in keys):
                out.append(f"every multi-choice key includes {a} ({st.multi} questions)")
        for a, b in combinations(letters, 2):
            both = sum(a in k and b in k for k in keys)
            if _biased(both, st.multi, MAX_PAIR_SHARE):
                out.append(f"{both} of {st.multi} multi-choice keys include both {a} and {b}")
    return out


def _choice_problems(q: Question) -> Iterator[str]:
    for i, c in enumerate(q.choices):
        if _ABOVE.search(c):
            yield f"choice {letter(i)} is {_ABOVE.search(c).group(0)!r}: write a real alternative"  # type: ignore[union-attr]
    lengths = [len(c.strip()) for c in q.choices]
    if lengths:
        lo, hi = min(lengths), max(lengths)
        if hi >= LENGTH_RATIO * max(lo, 1) and hi - lo >= LENGTH_GAP:
            yield (
                f"choices differ wildly in length ({lo} to {hi} characters): "
                "the odd one out gives the answer away"
            )


@dataclass
class _Target:
    """One thing graded by patterns: a short question, or a blank of a cloze question."""

    q: Question
    key: str  # line key: "answers" or "blanks.N.answers"
    item: Question | Blank
    what: str  # "" or "blank N: "


def _targets(q: Question) -> Iterator[_Target]:
    if q.type == "short":
        yield _Target(q, "answers", q, "")
    elif q.type == "cloze":
        for i, b in enumerate(q.blanks):
            yield _Target(q, f"blanks.{i}", b, f"blank {i + 1}: ")


def _model_answers(questions: list[Question]) -> list[tuple[Question, str]]:
    """Every question's model answers (references of short answers and blanks)."""
    return [(q, ref) for q in questions for t in _targets(q) for ref in t.item.reference]


def _pattern_problems(t: _Target, model_answers: list[tuple[Question, str]]) -> Iterator[tuple[str, str]]:
    """(severity, message) for each pattern of ``t`` that is unusable or gameable."""
    cs = t.item.case_sensitive
    for kw in t.item.keywords:
        bad = pattern_problem(f"*{kw}*")  # a keyword is matched as *keyword*
        if bad:
            yield "error", f"{t.what}keyword {kw!r}: {bad}"
    for p in t.item.answers:
        if p.score <= 0:
            continue
        bad = pattern_problem(p.text)
        if bad:
            yield "error", f"{t.what}{bad}"
            continue
        if "*" not in p.text:
            continue  # an exact answer accepts only itself
        words = p.text.replace("*", " ").split()
        if len(words) == 1 and p.text.startswith("*") and p.text.endswith("*"):
            yield (
                "warning",
                (
                    f"{t.what}pattern {p.text!r} is a bare fragment: it accepts any answer containing "
                    f"{words[0]!r}; grade explanations against the reference"
                ),
            )
            continue
        vague = next((w for w in VAGUE_WORDS if wildcard_match(p.text, w, cs)), None)
        if vague is not None:
            yield "warning", f"{t.what}pattern {p.text!r} accepts the vague answer {vague!r}"
        if t.q.type == "short" and wildcard_match(p.text, t.q.prompt, cs):
            yield "warning", f"{t.what}pattern {p.text!r} accepts the question's own prompt"
        other = next(
            (o for o, ref in model_answers if o.id != t.q.id and wildcard_match(p.text, ref, cs)), None
        )
        if other is not None:
            same = " (same paper)" if other.paper == t.q.paper else ""
            yield "warning", f"{t.what}pattern {p.text!r} accepts the model answer of {other.id}{same}"


def lint_question(q: Question, model_answers: list[tuple[Question, str]]) -> list[Problem]:
    out: list[Problem] = []
    if q.type in ("single", "multi"):
        out += [Problem(q.file, q.line_of("choices"), "warning", m, q.id) for m in _choice_problems(q)]
    for t in _targets(q):
        for severity, msg in _pattern_problems(t, model_answers):
            out.append(Problem(q.file, q.line_of(t.key), severity, msg, q.id))
    return out


def lint_banks(banks: list[Bank], in_use: Sequence[Bank] = ()) -> tuple[list[Problem], KeyStats]:
    """The lints for ``banks`` (per question, per bank, over all banks), and the keys' statistics
    over all of them. ``in_use``: banks beside them whose model answers their patterns must not
    accept either (they are not linted themselves)."""
    questions = [q for b in banks for q in b.questions]
    model_answers = _model_answers(questions + [q for b in in_use for q in b.questions])
    out: list[Problem] = []
    for q in questions:
        out += lint_question(q, model_answers)
    for b in banks:
        line = b.key_lines.get("paper", 1)
        out += [
            Problem(str(b.path), line, "warning", f"in this bank, {m}")
            for m in key_bias(key_stats(b.questions))
        ]
    overall = key_stats(questions)
    if len(banks) > 1:
        where = str(_common_dir([b.path for b in banks]))
        out += [Problem(where, 0, "warning", f"over all {len(banks)} banks, {m}") for m in key_bias(overall)]
    return out, overall


def _common_dir(paths: list[Path]) -> Path:
    parents = {p.parent for p in paths}
    return parents.pop() if len(parents) == 1 else Path(".")
