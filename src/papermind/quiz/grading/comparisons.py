"""Answers that reuse the reference's words for the opposite claim.

Reversed comparisons: "fetching them would take longer than recomputing them" against
"recomputing takes longer than fetching": both sides of the comparison are there, swapped;
"recomputing is slower than fetching" flips the comparative instead. A comparison is read as (left
words, relation, right words) around "than", "instead of" or "rather than", within one clause.

Swapped roles: "queries from the encoder, keys and values from the decoder" against the reverse:
both sides of an antonym pair are there, each attached to what the reference gives the other.
"""

from __future__ import annotations

from papermind.quiz.grading.antonyms import OPPOSITES
from papermind.quiz.grading.clauses import BREAKS, is_content, tokens
from papermind.quiz.grading.text import stem, stem_hit

_RELATIONS = {"than", "instead", "rather"}  # "X faster than Y", "X instead of Y", "X rather than Y"
_LEFT, _RIGHT = 8, 4  # content words read on each side
_COORDINATION = {"but", ",", "so", "while", "whereas"}  # "X ..., but is faster than Y": X is compared


Comparison = tuple[frozenset[str], str, frozenset[str]]


def _list_comma(toks: list[str], k: int) -> bool:
    """The comma at ``toks[k]`` separates items of a list ("from Q, K and V"): another comma, "and"
    or "or" follows within two words, before any other break."""
    if toks[k] != ",":
        return False
    for x in toks[k + 1 : k + 4]:
        if x in (",", "and", "or"):
            return True
        if x in BREAKS:
            return False
    return False


def comparisons(text: str) -> list[Comparison]:
    """(left stems, relation, right stems): the relation is the comparative before "than" (its
    stem), or "instead"/"over" for a preference."""
    toks = tokens(text)
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
            if len(left) >= _LEFT:
                break
            if x in BREAKS and x != "and" and not _list_comma(toks, k):
                if set(left) - {rel} or x not in _COORDINATION:
                    break
                continue  # "X costs more but is faster than Y": the compared thing is the earlier subject
            if not rel and not left and x.isalpha():
                rel = stem(x)  # the comparative right before "than" (faster, longer, more ...)
                if x in ("more", "less", "fewer") and k > 0:
                    continue
            if is_content(x):
                left.append(stem(x))
        right: list[str] = []
        for x in toks[j:]:
            if x in BREAKS or len(right) >= _RIGHT:
                break
            if is_content(x):
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
            opposite = arel in OPPOSITES.get(rrel, set())
            swapped = _meets(al - ar, rr - rl) and _meets(ar - al, rl - rr)
            same = _meets(al - ar, rl - rr) and _meets(ar - al, rr - rl)
            if (swapped and not opposite) or (same and opposite):
                return True
    return False


def _neighbours(toks: list[str], window: int) -> dict[str, set[str]]:
    """Antonym-bearing stem -> the content stems within ``window`` words of it, same clause."""
    out: dict[str, set[str]] = {}
    for i, w in enumerate(toks):
        sw = stem(w)
        if sw not in OPPOSITES:
            continue
        near = out.setdefault(sw, set())
        for step in (-1, 1):
            k, seen = i + step, 0
            while 0 <= k < len(toks) and seen < window and toks[k] not in BREAKS:
                x = toks[k]
                if is_content(x) and stem(x) not in OPPOSITES:
                    near.add(stem(x))
                    seen += 1
                k += step
    return out


def role_swap(answer: str, reference: str, window: int = 3) -> bool:
    """Both sides of an antonym pair (encoder/decoder, static/dynamic, cpu/gpu ...) appear in both
    texts, and the answer attaches to one side what the reference attaches to the other ("queries
    from the encoder, keys and values from the decoder" against the reverse)."""
    a, r = _neighbours(tokens(answer), window), _neighbours(tokens(reference), window)
    for x in a:
        for y in OPPOSITES[x]:
            if y not in a or x not in r or y not in r:
                continue
            crossed = (a[x] & r[y]) - r[x]
            kept = (a[x] & r[x]) - r[y]
            if crossed and not kept and ((a[y] & r[x]) - r[y]):
                return True
    return False
