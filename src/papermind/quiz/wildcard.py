"""Moodle-style wildcard patterns (``*`` = any text, the whole answer must match), matched in
linear time, and the limits that keep patterns and answers sane.

Matching splits the pattern on ``*``: the first piece must start the text, the last must end it,
and each middle piece is found left to right with ``str.find`` after the previous one. Taking the
leftmost occurrence is always right when ``*`` is the only wildcard, so there is no backtracking:
the text is scanned about once, whatever the pattern (a regex ``.*a.*a.*b`` backtracks
exponentially on a long answer).
"""

from __future__ import annotations


MAX_PATTERN_CHARS = 200  # a pattern longer than this is not a terse answer
MAX_WILDCARDS = 6  # more `*` than this only chops the answer into letters
# Every whitespace character to a plain space: one pass, one new string (``" ".join(s.split())``
# or ``re.sub`` make an object per word and slow down superlinearly on a megabyte of words).
_TO_SPACE = {c: " " for c in range(0x3001) if chr(c).isspace() and c != 0x20}


def normalize(text: str, case_sensitive: bool = False) -> str:
    """Whitespace collapsed to single spaces (and case folded unless ``case_sensitive``)."""
    text = text.translate(_TO_SPACE)
    while "  " in text:
        text = text.replace("  ", " ")
    text = text.strip(" ")
    return text if case_sensitive else text.casefold()


def wildcard_match(pattern: str, text: str, case_sensitive: bool = False) -> bool:
    """True when ``text`` matches ``pattern`` as a whole (see the module doc)."""
    pieces = [normalize(p, case_sensitive) for p in pattern.split("*")]
    text = normalize(text, case_sensitive)
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
