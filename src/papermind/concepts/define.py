"""Defining sentences: where a paper says what a term is.

Patterns, strongest first: "we call this X" / "X refers to" / "we propose X, a ..." (3),
"X is a|an|the ..." / "X, which ..." / "X (...) is ..." (2), "X, a|an ..." appositions (1).
Among the matches the strongest wins, then the earliest in the paper's body (the abstract only
when the body has none), so the first real definition is kept over later restatements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|et al|Fig|Eq|Sec|vs|cf|resp)\.$", re.I)


@dataclass(frozen=True)
class Definition:
    sentence: str
    chunk_id: int
    page: int
    strength: int
    order: int  # position in the paper (chunk ordinal, then offset)


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; does not split after "e.g." or "et al."."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        piece = text[start:m.start()]
        if _ABBREV.search(piece):
            continue
        out.append((start, piece.strip()))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:].strip()))
    return out


_cache: dict[str, list[tuple[int, str]]] = {}


def _sentences_cached(text: str) -> list[tuple[int, str]]:
    got = _cache.get(text)
    if got is None:
        if len(_cache) > 5000:
            _cache.clear()
        got = _cache[text] = sentences(text)
    return got


def term_regex(surfaces: Iterable[str]) -> str:
    """One alternation matching every surface form, hyphens and spaces interchangeable."""
    alts = set()
    for s in surfaces:
        words = re.split(r"[\s\-]+", s.strip())
        alts.add(r"[\s\-]+".join(re.escape(w) for w in words if w) + r"(?:e?s)?")
    return "(?:" + "|".join(sorted(alts, key=len, reverse=True)) + ")"


def _patterns(term: str) -> list[tuple[int, re.Pattern[str]]]:
    t = rf"\b{term}\b"
    paren = r"(?:\s*\([^)]{1,40}\))?"
    art = r"(?:a|an|the|one)\b"
    return [
        (3, re.compile(rf"\bwe\s+(?:call|term|name|dub|refer\s+to)\s+(?:this|it|these|them|"
                       rf"such\s+\w+|the\s+\w+(?:\s+\w+)?)?\s*(?:as\s+)?(?:an?\s+|the\s+)?[\"“]?"
                       rf"{t}", re.I)),
        (3, re.compile(rf"{t}{paren}\s+(?:refers\s+to|is\s+defined\s+as|denotes|is\s+called)\b",
                       re.I)),
        (3, re.compile(rf"\bwe\s+(?:propose|introduce|present|develop|design|build)\s+"
                       rf"(?:a\s+new\s+\w+\s+)?{t}{paren}\s*,\s*(?:{art}|which)", re.I)),
        (3, re.compile(rf"\b(?:called|termed|named|known\s+as)\s+[\"“]?{t}", re.I)),
        (2, re.compile(rf"(?:^|[,;:]\s*|\b(?:the|an?|in)\s+){t}{paren}\s+(?:is|are)\s+"
                       rf"(?:{art}|used\s+to|responsible|designed)", re.I)),
        (2, re.compile(rf"{t}{paren}\s*,\s*which\s+(?:is|are|was|were|allows|enables|"
                       rf"stores|maps|keeps|reduces|avoids)\b", re.I)),
        (1, re.compile(rf"{t}{paren}\s*,\s*(?:a|an)\s+\w+", re.I)),
        (1, re.compile(rf"{t}{paren}\s*(?:—|–)\s*(?:a|an|the)\s+\w+", re.I)),
    ]


def find_definition(surfaces: Iterable[str], chunks: Iterable[tuple[int, int, str, str, int]],
                    ) -> Definition | None:
    """Best defining sentence among ``chunks`` = (chunk_id, ordinal, kind, text, page)."""
    pats = _patterns(term_regex(surfaces))
    best: Definition | None = None
    best_key: tuple[int, int, int] | None = None
    for chunk_id, ordinal, kind, text, page in chunks:
        for off, sent in _sentences_cached(text):
            n_words = len(sent.split())
            if n_words < 6 or n_words > 80 or re.match(r"(?:Figure|Fig\.|Table)\s*\d", sent):
                continue
            for strength, pat in pats:
                if pat.search(sent):
                    # body first (abstract/appendix later), then strength, then earliest
                    section_rank = {"body": 0, "abstract": 1}.get(kind, 2)
                    key = (section_rank if strength < 3 else 0, -strength, ordinal * 100000 + off)
                    if best_key is None or key < best_key:
                        best_key = key
                        best = Definition(_trim(sent), chunk_id, page, strength,
                                          ordinal * 100000 + off)
                    break
    return best


def _trim(sent: str, limit: int = 320) -> str:
    sent = re.sub(r"\s+", " ", sent).strip()
    return sent if len(sent) <= limit else sent[: limit - 1].rsplit(" ", 1)[0] + "…"
