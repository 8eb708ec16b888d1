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


PASSAGE = "black on khaki1"


def locate(text: str, passage: str) -> tuple[int, int] | None:
    """The char range of ``passage`` in ``text``, tolerant of line breaks, spacing, case and a word
    mended or split at a hyphen (a search snippet against the reflowed page); None when absent.
    An ellipsis at either end (a cut snippet) is ignored; a passage not found whole is looked for
    by its first words."""
    words = re.findall(r"\w+", passage.strip(" .…"))
    if not words:
        return None
    gap = r"[\W_]*?"  # any spacing, punctuation or a hyphen (with a line break) between words
    for n in (len(words), min(len(words), 12), min(len(words), 6)):
        pat = re.compile(r"\b" + gap.join(re.escape(w) for w in words[:n]), re.IGNORECASE)
        m = pat.search(text)
        if m and n < len(words):
            return m.start(), _sentence_end(text, m.end())
        if m:
            closing = re.compile(r"[.!?:;)\]\"”]*").match(text, m.end())
            return m.start(), closing.end() if closing else m.end()
    return None


def _sentence_end(text: str, pos: int) -> int:
    """Where the sentence running at ``pos`` ends (after its full stop), or the paragraph's end."""
    m = re.compile(r"[.!?](?=\s|$)|\n\n").search(text, pos)
    return m.end() if m else len(text)
