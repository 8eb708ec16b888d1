"""Defining sentences: where a paper says what a term is.

Patterns, strongest first: "we call this X" / "X refers to" / "we propose X, a ..." (3),
"X is a|an|the ..." / "X, which ..." / "X (...) is ..." (2), "X, a|an ..." appositions, a
sentence whose subject is X saying what it is or does ("The block table maps ..."), "X, i.e.
..." and run-in "X: the ..." (1).
Among the matches the strongest wins, then the earliest in the paper's body (the abstract only
when the body has none), so the first real definition is kept over later restatements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Definition:
    sentence: str
    chunk_id: int
    page: int
    strength: int
    order: int  # position in the paper (chunk ordinal, then offset)


@lru_cache(maxsize=5000)
def sentences(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, sentence) pairs, split as chunking splits them (``ingest.chunk.split_sentences``:
    no break after "e.g.", "et al.", "Fig.", initials, ...); cached, since every concept scans the
    same chunks."""
    from papermind.ingest.chunk import split_sentences

    return tuple((a, text[a:b]) for a, b in split_sentences(text))


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
        (
            3,
            re.compile(
                rf"\bwe\s+(?:call|term|name|dub|refer\s+to)\s+(?:this|it|these|them|"
                rf"such\s+\w+|the\s+\w+(?:\s+\w+)?)?\s*(?:as\s+)?(?:an?\s+|the\s+)?[\"“]?"
                rf"{t}",
                re.I,
            ),
        ),
        (3, re.compile(rf"{t}{paren}\s+(?:refers\s+to|is\s+defined\s+as|denotes|is\s+called)\b", re.I)),
        (
            3,
            re.compile(
                rf"\bwe\s+(?:propose|introduce|present|develop|design|build)\s+"
                rf"(?:a\s+new\s+\w+\s+)?{t}{paren}\s*,\s*(?:{art}|which)",
                re.I,
            ),
        ),
        (3, re.compile(rf"\b(?:called|termed|named|known\s+as)\s+[\"“]?{t}", re.I)),
        (
            2,
            re.compile(
                rf"(?:^|[,;:]\s*|\b(?:the|an?|in)\s+){t}{paren}\s+(?:is|are)\s+"
                rf"(?:{art}|used\s+to|responsible|designed)",
                re.I,
            ),
        ),
        (
            2,
            re.compile(
                rf"{t}{paren}\s*,\s*which\s+(?:is|are|was|were|allows|enables|"
                rf"stores|maps|keeps|reduces|avoids)\b",
                re.I,
            ),
        ),
        (1, re.compile(rf"{t}{paren}\s*,\s*(?:a|an)\s+\w+", re.I)),
        # the term as the sentence's subject, saying what it is or does
        (
            1,
            re.compile(
                rf"^(?:the\s+|an?\s+|our\s+|in\s+)?{t}{paren}\s*,?\s+(?:is|are|was|were|consists|"
                rf"means|works|divides|partitions|splits|stores|maps|keeps|holds|allows|enables|"
                rf"computes|uses|exploits|leverages|reduces|avoids|selects|combines|measures|"
                rf"contains|represents|requires|performs|assigns|replaces|takes)\b",
                re.I,
            ),
        ),
        (1, re.compile(rf"{t}{paren}\s*,?\s*\(?(?:i\.e\.|that\s+is|namely)", re.I)),
        (1, re.compile(rf"^{t}{paren}\s*:\s+(?:[a-z]|[Tt]he\b|[Aa]n?\b)")),
        (1, re.compile(rf"{t}{paren}\s*(?:—|–)\s*(?:a|an|the)\s+\w+", re.I)),
    ]


def find_definition(
    surfaces: Iterable[str],
    chunks: Iterable[tuple[int, int, str, str, int]],
) -> Definition | None:
    """Best defining sentence among ``chunks`` = (chunk_id, ordinal, kind, text, page)."""
    pats = _patterns(term_regex(surfaces))
    best: Definition | None = None
    best_key: tuple[int, int, int] | None = None
    for chunk_id, ordinal, kind, text, page in chunks:
        for off, sent in sentences(text):
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
                        best = Definition(_trim(sent), chunk_id, page, strength, ordinal * 100000 + off)
                    break
    return best


def _trim(sent: str, limit: int = 320) -> str:
    sent = re.sub(r"\s+", " ", sent).strip()
    return sent if len(sent) <= limit else sent[: limit - 1].rsplit(" ", 1)[0] + "…"
