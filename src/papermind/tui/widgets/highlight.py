"""Rich ``Text`` helpers: highlighted snippets, terms marked in page text, windows around hits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.text import Text

MARK = "bold reverse"


def query_terms(query: str) -> list[str]:
    """Words of a query worth marking: the search's own content terms (``search.query.parse``),
    one-letter ones left out."""
    from papermind.search.query import parse

    return [t for t in parse(query).terms if len(t) > 1]


def snippet_text(snippet: str, highlights: Iterable[tuple[int, int]] = (), style: str = MARK) -> Text:
    """The snippet with its highlight char ranges styled."""
    text = Text(snippet)
    for start, end in highlights or ():
        if 0 <= start < end <= len(snippet):
            text.stylize(style, start, end)
    return text


def highlighted_terms(snippet: str, highlights: Iterable[tuple[int, int]] = ()) -> list[str]:
    """The words a search highlighted in a snippet (lower-cased, unique)."""
    out: list[str] = []
    for start, end in highlights or ():
        w = snippet[start:end].strip().lower()
        if w and w not in out:
            out.append(w)
    return out


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    terms = [t for t in terms if t]
    if not terms:
        return None
    alts = sorted({re.escape(t) for t in terms}, key=len, reverse=True)
    return re.compile("|".join(alts), re.IGNORECASE)


def find_all(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Char ranges of every occurrence of any term (case-insensitive)."""
    pat = _pattern(terms)
    if pat is None:
        return []
    return [(m.start(), m.end()) for m in pat.finditer(text)]


def mark_terms(
    text: str, terms: Sequence[str], style: str = MARK, current: tuple[int, int] | None = None
) -> Text:
    """``text`` with every term occurrence styled; ``current`` (a range) styled more strongly."""
    out = Text(text)
    for start, end in find_all(text, terms):
        out.stylize(style, start, end)
    if current is not None:
        out.stylize("bold black on yellow", *current)
    return out


def window(text: str, terms: Sequence[str], before: int = 500, after: int = 900) -> tuple[str, int]:
    """A slice of ``text`` around the first term occurrence and its offset in ``text``."""
    hits = find_all(text, terms)
    if not hits:
        return text[: before + after], 0
    start = max(0, hits[0][0] - before)
    # start at a line or word boundary so the window does not open mid-word
    nl = text.rfind("\n", start, hits[0][0])
    if nl != -1:
        start = nl + 1
    else:
        sp = text.find(" ", start, hits[0][0])
        if sp != -1 and start > 0:
            start = sp + 1
    return text[start : hits[0][1] + after], start
