"""Antonym pairs (more/less, encoder/decoder, cpu/gpu ...) and answers that swap one in.

``OPPOSITES`` maps a stem to the stems of its antonyms; the comparison readers (``comparisons``)
use it too. ``antonym_swap`` says whether an answer puts an antonym where the reference has the
word itself.
"""

from __future__ import annotations

from papermind.quiz.grading.clauses import tokens
from papermind.quiz.grading.text import STOP, stem, words

ANTONYMS = [
    ("increase", "decrease"),
    ("increase", "reduce"),
    ("more", "less"),
    ("more", "fewer"),
    ("higher", "lower"),
    ("high", "low"),
    ("larger", "smaller"),
    ("large", "small"),
    ("bigger", "smaller"),
    ("before", "after"),
    ("faster", "slower"),
    ("fast", "slow"),
    ("early", "late"),
    ("earlier", "later"),
    ("add", "remove"),
    ("static", "dynamic"),
    ("fixed", "variable"),
    ("same", "different"),
    ("encoder", "decoder"),
    ("left", "right"),
    ("first", "last"),
    ("maximum", "minimum"),
    ("max", "min"),
    ("input", "output"),
    ("read", "write"),
    ("parallel", "sequential"),
    ("sparse", "dense"),
    ("global", "local"),
    ("enable", "prevent"),
    ("allow", "prevent"),
    ("shorter", "longer"),
    ("short", "long"),
    ("many", "few"),
    ("contiguous", "noncontiguous"),
    ("contiguous", "scattered"),
    ("compute", "memory"),
    ("cpu", "gpu"),
    ("training", "inference"),
    ("upper", "lower"),
    ("above", "below"),
    ("over", "under"),
    ("gain", "loss"),
    ("improve", "degrade"),
    ("improve", "hurt"),
    ("better", "worse"),
    ("cheaper", "costlier"),
    ("inside", "outside"),
    ("include", "exclude"),
    ("overestimate", "underestimate"),
    ("linear", "quadratic"),
    ("synchronous", "asynchronous"),
    ("explicit", "implicit"),
    ("bidirectional", "unidirectional"),
    ("bidirectional", "left-to-right"),
    ("offload", "onload"),
    ("grow", "shrink"),
]

OPPOSITES: dict[str, set[str]] = {}  # stem -> the stems of its antonyms
for _a, _b in ANTONYMS:
    OPPOSITES.setdefault(stem(_a), set()).add(stem(_b))
    OPPOSITES.setdefault(stem(_b), set()).add(stem(_a))


def _antonym_pairs(text: str, window: int = 3) -> set[tuple[str, str]]:
    """(antonym-bearing stem, a content stem within ``window`` tokens after it)."""
    toks = [t for t in tokens(text) if t[:1].isalnum()]
    out: set[tuple[str, str]] = set()
    for i, w in enumerate(toks):
        sw = stem(w)
        if sw in OPPOSITES:
            out.update((sw, stem(x)) for x in toks[i + 1 : i + 1 + window] if x not in STOP)
    return out


def antonym_swap(answer: str, reference: str) -> bool:
    """An antonym of a reference word where the reference has the word itself: either globally
    (only one side of the pair appears in each text) or locally, about the same thing
    ("more SRAM" against "less on-chip SRAM")."""
    a, r = {stem(w) for w in words(answer)}, {stem(w) for w in words(reference)}
    for s in a - r:
        if OPPOSITES.get(s, set()) & (r - a):
            return True
    ap, rp = _antonym_pairs(answer), _antonym_pairs(reference)
    return any((o, x) in rp and (w, x) not in rp for w, x in ap for o in OPPOSITES[w])
