"""Reversed comparisons: an answer that reuses the reference's words for the opposite claim.

"fetching them would take longer than recomputing them" against "recomputing takes longer than
fetching": both sides of the comparison are there, swapped; "recomputing is slower than fetching"
flips the comparative instead. A comparison is read as (left words, relation, right words) around
"than", "instead of", "rather than" or "over", within one clause.
"""

from __future__ import annotations

from papermind.quiz.grading.semantic import _ANT, _BREAK, _content, _tokens
from papermind.quiz.grading.text import stem, stem_hit

_RELATIONS = {"than", "instead", "rather"}  # "X faster than Y", "X instead of Y", "X rather than Y"
_LEFT, _RIGHT = 8, 4  # content words read on each side


Comparison = tuple[frozenset[str], str, frozenset[str]]


def comparisons(text: str) -> list[Comparison]:
    """(left stems, relation, right stems): the relation is the comparative before "than" (its
    stem), or "instead"/"over" for a preference."""
    toks = _tokens(text)
    out: list[Comparison] = []
    for i, w in enumerate(toks):
        if w not in _RELATIONS:
            continue
        j = i + 1
        if (w == "instead" and j < len(toks) and toks[j] == "of") or (
            w == "rather" and j < len(toks) and toks[j] == "than"
        ):
            j += 1
        elif w == "rather":
            continue
        rel = "instead" if w in ("instead", "rather") else ""
        left: list[str] = []
        for k in range(i - 1, -1, -1):
            x = toks[k]
            if x in _BREAK and x not in ("and",) or len(left) >= _LEFT:
                break
            if not rel and not left and x.isalpha():
                rel = stem(x)  # the comparative right before "than" (faster, longer, more ...)
                if x in ("more", "less", "fewer") and k > 0:
                    continue
            if _content(x):
                left.append(stem(x))
        right: list[str] = []
        for x in toks[j:]:
            if x in _BREAK or len(right) >= _RIGHT:
                break
            if _content(x):
                right.append(stem(x))
        if left and right and rel:
            out.append((frozenset(left), rel, frozenset(right)))
    return out


def _meets(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(stem_hit(s, set(b)) for s in a)


def reversed_comparison(answer: str, reference: str) -> bool:
    """The answer compares the same two things as the reference the other way round: sides
    swapped with the same relation, or the same sides with the opposite comparative."""
    refs = comparisons(reference)
    if not refs:
        return False
    for al, arel, ar in comparisons(answer):
        for rl, rrel, rr in refs:
            opposite = arel in _ANT.get(rrel, set())
            swapped = _meets(al - ar, rr - rl) and _meets(ar - al, rl - rr)
            same = _meets(al - ar, rl - rr) and _meets(ar - al, rr - rl)
            if (swapped and not opposite) or (same and opposite):
                return True
    return False
