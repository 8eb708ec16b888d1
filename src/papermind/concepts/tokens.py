"""Which words can be part of a candidate term, by their place in it (alone, first word, modifier,
head): no stop words, math symbols, variable names, sizes, people's names, adverbs, plural
modifiers or past participles at the end."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from papermind.concepts.fold import is_acronym
from papermind.concepts.words import STOP

LY_NOUNS = frozenset({"family", "assembly", "anomaly", "supply", "poly", "monopoly"})
# a year or version names an edition of what comes before it: "WMT 2014", "ResNet-50 v1.5"
_EDITION = re.compile(r"v\d+(?:\.\d+)+|(?:19|20)\d\d")
# variable names of algorithm listings: short, mixed case, no vowel ("RBr", "KTc", "dQTr");
# not plural or prefixed acronyms ("LLMs", "vLLM")
_VARIABLE = re.compile(r"(?=[^aeiouyAEIOUY]{3,6}$)(?=.*[a-z])[A-Za-z]+[A-Z][A-Za-z0-9]*")
_ACRONYM_FORM = re.compile(r"[a-z]?[A-Z]{2,}s?")


def _is_capital_word(tok: str) -> bool:
    return tok[:1].isupper() and tok[1:].islower()


def _bad_token(tok: str, pos: int, n: int, names: set[str]) -> bool:
    low = tok.lower().replace("’", "'")
    if low in STOP or len(low) < 2:
        return True
    if _EDITION.fullmatch(tok):
        return pos == 0
    if "-" in low and n == 1 and low.rsplit("-", 1)[1] in STOP:  # "memory-efficient" is an adjective
        return True
    if re.fullmatch(r"[a-z]{1,2}\d+[a-z]?", low) and not tok[:1].isupper():  # d2, n2, x1
        return True
    if "/" in tok and min(len(p) for p in tok.split("/")) < 2 and not tok.isupper():
        return True
    if "'" in low:
        return True
    if len(tok) <= 2 and not tok.isupper():  # math symbols: Br, Bc, dk
        return True
    if re.fullmatch(r"[IVX]{2,5}", tok):  # roman numerals: "Section III"
        return True
    if _VARIABLE.fullmatch(tok) and not _ACRONYM_FORM.fullmatch(tok):  # RBr, KTc, NdTc
        return True
    if re.fullmatch(r"\d+[kKmMbBgGxX]", tok):  # sizes and factors: 1K, 64K, 2x
        return True
    if _is_capital_word(tok) and low in names:
        return True
    if low.endswith("ly") and len(low) > 4 and low not in LY_NOUNS:
        return True
    if pos < n - 1 and not is_acronym(tok):  # modifiers: no plurals / third-person verbs
        if low.endswith("s") and not low.endswith(("ss", "us", "is", "ics", "ous")):
            return True
    if (
        pos == n - 1
        and low.endswith("ed")
        and len(low) > 4
        and low not in {"embed", "speed", "seed", "feed", "need"}
    ):
        return True
    return False


BadToken = Callable[[str, int, int], bool]


def token_filter(names: set[str]) -> BadToken:
    """``_bad_token`` with ``names`` bound and its answers remembered (the same words recur)."""

    @cache
    def bad(tok: str, pos: int, n: int) -> bool:
        return _bad_token(tok, pos, n, names)

    return bad
