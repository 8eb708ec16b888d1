"""Text helpers shared by the graders: words, stop words, negation cues, stems and stem matching,
and Moodle-style wildcard patterns."""

from __future__ import annotations

import re

NEGATIONS = {
    "not",
    "no",
    "never",
    "cannot",
    "without",
    "none",
    "neither",
    "nor",
    "nothing",
    "nobody",
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


def wildcard_match(pattern: str, text: str, case_sensitive: bool = False) -> bool:
    """Moodle-style: ``*`` matches any text; the whole (whitespace-collapsed) answer must match."""
    norm = lambda s: " ".join(s.split())
    parts = [re.escape(norm(p)) for p in pattern.split("*")]
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.fullmatch(".*".join(parts), norm(text), flags | re.DOTALL) is not None
