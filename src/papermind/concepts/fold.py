"""Folding surface forms of a term into one concept key.

``fold("Key-Value Caches") == fold("key value cache")``: lower case, hyphens and slashes as spaces,
the last word singular, and acronyms replaced by their expansion when a paper (or, failing that,
another paper of the corpus) defines them: "key-value (KV) cache" makes "KV cache" and
"key-value cache" one concept. Acronym definitions are found with the Schwartz-Hearst rule: the
letters of "(KV)" must appear, in order, in the words just before it, the first at a word start.
"""

from __future__ import annotations

import re
from functools import lru_cache

_ACRO_PAREN = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9\-]{0,9}[A-Za-z0-9])s?((?:\s+[a-z][a-z\-]+){0,2})\s*\)")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")
_INVARIANT = ("ss", "us", "is", "ous", "ics", "sis", "xis", "ps")
_E_NOUNS = {"cache", "niche", "ache", "avalanche", "microarchitecture", "tranche"}
_KEEP_S = {
    "bias",
    "gas",
    "lens",
    "series",
    "species",
    "news",
    "chaos",
    "atlas",
    "alias",
    "canvas",
    "corpus",
    "always",
    "less",
    "plus",
    "cross",
    "access",
    "process",
    "loss",
    "status",
    "axis",
    "analysis",
    "basis",
    "thesis",
    "wireless",
    "class",
    "mass",
}


@lru_cache(maxsize=65536)
def is_acronym(tok: str) -> bool:
    """HBM, KV, AIT, ZeRO, GPUs: two or more capitals and mostly upper case."""
    core = tok[:-1] if tok.endswith("s") and len(tok) > 2 and tok[:-1].isupper() else tok
    letters = [c for c in core if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(letters) >= 2 and upper >= 2 and upper >= len(letters) - 1 and not core.islower()


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    w = word
    lw = w.lower()
    if is_acronym(w) and w.endswith("s") and w[:-1].isupper():
        return w[:-1]
    if len(lw) <= 3 or lw in _KEEP_S or lw.endswith(_INVARIANT):
        return w
    if lw[:-1] in _E_NOUNS:
        return w[:-1]
    if lw.endswith("ies") and len(lw) > 4:
        return w[:-3] + ("Y" if w[-3].isupper() else "y")
    if lw.endswith(("ches", "shes", "xes", "sses", "zes")):
        return w[:-2]
    if lw.endswith("s") and not lw.endswith("'s"):
        return w[:-1]
    return w


def normalise(surface: str) -> list[str]:
    """Words of a surface form: hyphens/slashes split, possessives dropped, last word singular."""
    s = surface.replace("’", "'").replace("'s ", " ").removesuffix("'s")
    words = re.split(r"[\s\-/]+", s.strip())
    words = [w for w in words if w]
    if words:
        words[-1] = singular(words[-1])
    return words


def fold(surface: str, acronyms: dict[str, str] | None = None) -> str:
    """The concept key of a surface form (acronyms expanded when ``acronyms`` defines them)."""
    out: list[str] = []
    for w in normalise(surface):
        key = singular(w) if is_acronym(w) else w
        if acronyms and key in acronyms:
            out.extend(acronyms[key].split())
        else:
            out.append(w.lower())
    return " ".join(out)


def _long_form(acro: str, before: str) -> str | None:
    """Schwartz-Hearst: the shortest span of ``before`` that ends it and holds the acronym's
    letters in order, the first letter at a word start."""
    letters = [c.lower() for c in acro if c.isalnum()]
    words = before.split()
    if not letters or not words:
        return None
    window = " ".join(words[-min(len(words), len(letters) + 4) :])
    si, li = len(window) - 1, len(letters) - 1
    while li >= 0:
        c = letters[li]
        while si >= 0 and (window[si].lower() != c or (li == 0 and si > 0 and window[si - 1].isalnum())):
            si -= 1
        if si < 0:
            return None
        si -= 1
        li -= 1
    start = window.rfind(" ", 0, si + 1) + 1
    long = window[start:].strip(" ,;:-")
    nwords = len(re.split(r"[\s\-]+", long))
    if nwords < 2 and len(letters) > 1 and "-" not in long:
        # one word can stand for a 2-letter acronym only when it is a compound (e.g. "ZeRO")
        if not re.search(r"[A-Z].*[A-Z]", long):
            return None
    if nwords > len(letters) + 2 or len(long) <= len(acro):
        return None
    return long


_QUOTES = "“”\"'‘’ "


def find_acronyms(text: str) -> dict[str, str]:
    """``{"KV": "key value", "HBM": "high bandwidth memory"}`` from "long form (ACRO)" in text."""
    found: dict[str, str] = {}
    for m in _ACRO_PAREN.finditer(text):
        acro = m.group(1)
        if not is_acronym(acro) or any(c.isdigit() for c in acro[:1]):
            continue
        before = text[max(0, m.start() - 120) : m.start()]
        before = re.split(r"[.;:()\[\]]", before)[-1].rstrip()
        rest = m.group(2).strip()
        if rest:  # "key-value cache (KV cache)": the shared tail is not part of the acronym
            if not before.lower().endswith(rest.lower()):
                continue
            before = before[: len(before) - len(rest)]
        long = _long_form(acro, before)
        if long is None:
            continue
        # a long form the paper introduces in quotes: a “masked language model” (MLM)
        long = long.strip(_QUOTES)
        exp = " ".join(w.lower().rstrip("0123456789") for w in normalise(long))
        key = singular(acro)
        found.setdefault(key, exp)
    for m in _ACRO_COLON.finditer(text):  # "ZeRO: Zero Redundancy Optimizer" (a heading)
        acro = m.group(1)
        if not is_acronym(acro):
            continue
        long = _initials_form(acro, m.group(2))
        if long is not None:
            found.setdefault(singular(acro), " ".join(w.lower() for w in normalise(long)))
    return found


_ACRO_COLON = re.compile(r"\b([A-Za-z][A-Za-z0-9]{1,9})\s*[:—–]\s+((?:[A-Za-z][\w\-]*\s+){1,6})")


def _initials_form(acro: str, after: str) -> str | None:
    """ "ZeRO: Zero Redundancy Optimizer": the words after the acronym whose initials are its
    capital letters, in order."""
    caps = [c.lower() for c in acro if c.isupper() or c.isdigit()]
    words = after.split()
    if len(caps) < 2 or len(words) < len(caps):
        return None
    span = words[: len(caps)]
    if [w[0].lower() for w in span] != caps or not all(w[0].isupper() for w in span):
        return None
    return " ".join(span)


def strip_acronym_parens(text: str) -> str:
    """ "key-value (KV) cache" -> "key-value cache" (offsets change; used for candidates only)."""
    return _ACRO_PAREN.sub(lambda m: "" if is_acronym(m.group(1)) and not m.group(2) else m.group(0), text)
