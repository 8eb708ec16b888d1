"""Text helpers shared by the graders: words, stop words, negation cues, stems and stem matching,
and Moodle-style wildcard patterns."""

from __future__ import annotations

import re

# Words that negate on their own: the core of NEGATIONS and of the negation readers' cues (clauses.CUES).
NEGATORS = {"not", "no", "never", "cannot", "without", "none", "neither", "nor", "nothing", "nobody"}
NEGATIONS = NEGATORS | {
    "non",
    "lack",
    "lacks",
    "lacking",
    "fails",
    "fail",
    "unable",
    "instead",
    "rather",
}
STOP = set(
    """a an the of to in on for and or but is are was were be been being it its this that these
    those with as by at from into than then so such which who whom what when where why how can
    could would should will may might must do does did has have had i you he she we they them
    their our your there here also just only very each every any some all both more most other
    one two use uses used using because since while thus therefore via per about between same
    make makes made way like get gets""".split()
)
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def words(text: str) -> list[str]:
    low = re.sub(r"'s\b", "", text.lower().replace("’", "'"))
    return _WORD.findall(low)


def stem(w: str) -> str:
    for suf in (
        "ational",
        "ization",
        "ations",
        "ation",
        "ingly",
        "ments",
        "ment",
        "ness",
        "ities",
        "ity",
        "ings",
        "ing",
        "edly",
        "ies",
        "ied",
        "ed",
        "es",
        "ly",
        "er",
        "s",
    ):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in STOP and w not in NEGATIONS and len(w) > 1}


def stem_hit(s: str, pool: set[str]) -> bool:
    """Same stem, or the same first five letters (parallel ~ parallelism, converge ~ convergence)."""
    if s in pool:
        return True
    return len(s) >= 5 and any(len(p) >= 5 and p[:5] == s[:5] for p in pool)


# Every whitespace character to a plain space: one pass, one new string (``" ".join(s.split())``
# or ``re.sub`` make an object per word and slow down superlinearly on a megabyte of words).
_TO_SPACE = {c: " " for c in range(0x3001) if chr(c).isspace() and c != 0x20}


def normalize_space(text: str, case_sensitive: bool = False) -> str:
    """Whitespace collapsed to single spaces (and case folded unless ``case_sensitive``)."""
    text = text.translate(_TO_SPACE)
    while "  " in text:
        text = text.replace("  ", " ")
    text = text.strip(" ")
    return text if case_sensitive else text.casefold()


def wildcard_match(pattern: str, text: str, case_sensitive: bool = False) -> bool:
    """Moodle-style: ``*`` matches any text; the whole (whitespace-collapsed) answer must match.

    Linear time: the first piece of the pattern must start the text, the last must end it, and
    each middle piece is found left to right with ``str.find`` after the previous one. The
    leftmost occurrence is always right when ``*`` is the only wildcard, so nothing backtracks
    (a regex ``.*a.*a.*b`` does, exponentially in the number of wildcards, on a long answer).
    """
    pieces = [normalize_space(p, case_sensitive) for p in pattern.split("*")]
    text = normalize_space(text, case_sensitive)
    if len(pieces) == 1:
        return text == pieces[0]
    first, *middle, last = pieces
    if not text.startswith(first) or len(text) < len(first) + len(last):
        return False
    pos, end = len(first), len(text) - len(last)
    for piece in middle:
        if not piece:
            continue
        found = text.find(piece, pos, end)
        if found < 0:
            return False
        pos = found + len(piece)
    return text.endswith(last) and pos <= end
