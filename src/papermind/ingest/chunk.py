"""Split cleaned pages into sentence-packed chunks for embedding: pure functions, no I/O.

A chunk is a run of whole sentences inside one section, packed up to ``target_tokens``
and never above ``max_tokens`` (counted by the caller's ``count_tokens``, normally
``papermind.embed.count_tokens``), overlapping the previous chunk by its last sentence(s).
Chunks may cross a page boundary. Token counting is batched: one call for all sentences,
one for the words of oversized sentences, one to verify the final chunks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from papermind.embed import MAX_TOKENS  # the model truncates beyond this
from papermind.ingest.sections import SectionSpan

__all__ = [
    "ChunkSpan",
    "split_sentences",
    "chunk_document",
    "chunk_source_text",
    "normalize_ws",
    "MAX_TOKENS",
    "TARGET_TOKENS",
    "OVERLAP_SENTENCES",
]

# Tuning knobs (defaults of chunk_document). Counts include [CLS]/[SEP].
TARGET_TOKENS = 200  # pack sentences up to this many tokens
OVERLAP_SENTENCES = 1  # repeat the previous chunk's last sentence(s)
TAIL_MERGE_FRACTION = 0.25  # a section's last chunk below target*this merges into the previous one

CountTokens = Callable[[list[str]], list[int]]


@dataclass(frozen=True)
class ChunkSpan:
    text: str  # what is embedded and indexed: whitespace-normalised, newlines -> spaces
    page_start: int  # 0-based page index
    char_start: int  # offset into pages[page_start]
    page_end: int  # 0-based page index
    char_end: int  # exclusive offset into pages[page_end]
    section_index: int | None  # index into the sections list
    n_tokens: int  # word pieces incl. [CLS]/[SEP], as counted by count_tokens


def normalize_ws(text: str) -> str:
    return " ".join(text.split())


def chunk_source_text(pages: Sequence[str], chunk: ChunkSpan) -> str:
    """The page slices a chunk covers, joined with spaces and whitespace-normalised
    (equals ``chunk.text``)."""
    if chunk.page_start == chunk.page_end:
        return normalize_ws(pages[chunk.page_start][chunk.char_start : chunk.char_end])
    parts = [pages[chunk.page_start][chunk.char_start :]]
    parts += pages[chunk.page_start + 1 : chunk.page_end]
    parts.append(pages[chunk.page_end][: chunk.char_end])
    return normalize_ws(" ".join(parts))


# -- sentences ---------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    """al e.g i.e eg ie fig figs eq eqs sec secs sect tab tbl ref refs vs v cf approx resp no nos
    vol vols pp p ch chap alg algo appx app apps thm def defn lem prop cor ex dr mr mrs ms prof
    st jr sr inc ltd corp dept univ est""".split()
)
_BOUNDARY_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+([\"“‘(\[]?)(\S))")


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    nxt = m.group(2)
    if not (nxt.isupper() or nxt.isdigit() or m.group(1)):
        return False
    if text[m.start()] != ".":
        return True  # "?" / "!"
    j = m.start()
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    word = text[j : m.start()].lstrip("([\"'“‘")
    if not word:
        return True
    low = word.lower()
    if low in _ABBREVIATIONS:
        return False  # "et al.", "Fig. 3", "Eq. (2)", "Sec. 4", "vs."
    if len(word) == 1 and word.isupper():
        return False  # initials: "Noah A. Smith"
    if "." in word and re.fullmatch(r"(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}", word):
        return False  # "U.S.", "w.r.t."
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in ``text``, surrounding whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        if _is_boundary(text, m):
            _add_span(text, start, m.end(), spans)
            start = m.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


# -- chunking ----------------------------------------------------------------------------


@dataclass
class _Unit:  # a sentence (or a word-split piece of one) in global document coordinates
    start: int
    end: int
    tokens: int  # content tokens, specials excluded


def chunk_document(
    pages: list[str],
    sections: list[SectionSpan],
    count_tokens: CountTokens,
    *,
    max_tokens: int = MAX_TOKENS,
    target_tokens: int = TARGET_TOKENS,
    overlap_sentences: int = OVERLAP_SENTENCES,
) -> list[ChunkSpan]:
    """Sentence-packed chunks, in document order, never crossing a section boundary."""
    target_tokens = min(target_tokens, max_tokens)
    doc = "\n".join(pages)
    page_starts = [0]
    for p in pages[:-1]:
        page_starts.append(page_starts[-1] + len(p) + 1)
    overhead = count_tokens([""])[0]  # [CLS] + [SEP]
    budget = max_tokens - overhead

    # section ranges in document coordinates; text before the first section has no section
    bounds = [(min(page_starts[s.page] + s.offset, len(doc)), i) for i, s in enumerate(sections)]
    ranges: list[tuple[int, int, int | None]] = []
    first = bounds[0][0] if bounds else len(doc)
    if doc[:first].strip():
        ranges.append((0, first, None))
    for k, (a, i) in enumerate(bounds):
        b = bounds[k + 1][0] if k + 1 < len(bounds) else len(doc)
        if b > a:
            ranges.append((a, b, i))

    per_range: list[list[_Unit]] = []
    for a, b, _ in ranges:
        per_range.append([_Unit(a + s, a + e, 0) for s, e in split_sentences(doc[a:b])])
    all_units = [u for units in per_range for u in units]
    for u, n in zip(all_units, count_tokens([normalize_ws(doc[u.start : u.end]) for u in all_units])):
        u.tokens = n - overhead
    # sentences over max_tokens are cut on words into pieces of about target_tokens
    per_range = _split_oversized(doc, per_range, count_tokens, overhead, budget, target_tokens - overhead)

    plans: list[tuple[int, int, int | None]] = []  # (start, end, section_index)
    for (_, _, sec), units in zip(ranges, per_range):
        for i, j in _pack(units, overhead, target_tokens, max_tokens, overlap_sentences):
            plans.append((units[i].start, units[j - 1].end, sec))

    texts = [normalize_ws(doc[s:e]) for s, e, _ in plans]
    counts = count_tokens(texts)
    chunks: list[ChunkSpan] = []
    for (s, e, sec), text, n in zip(plans, texts, counts):
        if n > max_tokens:  # the tokenizer was not additive here: halve on words
            chunks.extend(_force_fit(doc, page_starts, s, e, sec, count_tokens, max_tokens))
            continue
        chunks.append(_span(page_starts, s, e, sec, text, n))
    return chunks


def _split_oversized(
    doc: str,
    per_range: list[list[_Unit]],
    count_tokens: CountTokens,
    overhead: int,
    budget: int,
    piece_budget: int,
) -> list[list[_Unit]]:
    """Split sentences over ``budget`` on word boundaries into pieces of at most
    ``piece_budget`` tokens (one batched count for all their words)."""
    big = [u for units in per_range for u in units if u.tokens > budget]
    budget = max(1, piece_budget)
    if not big:
        return per_range
    words = {id(u): [(m.start(), m.end()) for m in re.finditer(r"\S+", doc[u.start : u.end])] for u in big}
    flat = [(u, s, e) for u in big for s, e in words[id(u)]]
    counts = count_tokens([doc[u.start + s : u.start + e] for u, s, e in flat])
    pieces: dict[int, list[_Unit]] = {id(u): [] for u in big}
    cur: dict[int, _Unit | None] = {id(u): None for u in big}
    for (u, s, e), n in zip(flat, counts):
        n -= overhead
        ws, we = u.start + s, u.start + e
        if n > budget:  # one "word" over the budget (a long formula): cut it by characters
            for ps in range(ws, we, budget):
                pieces[id(u)].append(_Unit(ps, min(we, ps + budget), budget))
            cur[id(u)] = None
            continue
        piece = cur[id(u)]
        if piece is not None and piece.tokens + n <= budget:
            piece.end, piece.tokens = we, piece.tokens + n
        else:
            piece = _Unit(ws, we, n)
            pieces[id(u)].append(piece)
            cur[id(u)] = piece
    return [[p for u in units for p in (pieces[id(u)] if id(u) in pieces else [u])] for units in per_range]


def _pack(
    units: list[_Unit], overhead: int, target: int, max_tokens: int, overlap: int
) -> list[tuple[int, int]]:
    """Greedy packing into [i, j) unit ranges with sentence overlap and tail merging."""
    out: list[tuple[int, int]] = []
    n, i = len(units), 0
    while i < n:
        total, j = overhead + units[i].tokens, i + 1
        while j < n and total + units[j].tokens <= target:
            total += units[j].tokens
            j += 1
        out.append((i, j))
        if j >= n:
            break
        k = max(i + 1, j - overlap)
        while k < j and overhead + sum(u.tokens for u in units[k : j + 1]) > target:
            k += 1  # shrink the overlap so that the next chunk still takes new text
        i = k
    if len(out) >= 2:
        (pi, _), (li, lj) = out[-2], out[-1]
        tail = overhead + sum(u.tokens for u in units[li:lj])
        if (
            tail < target * TAIL_MERGE_FRACTION
            and overhead + sum(u.tokens for u in units[pi:lj]) <= max_tokens
        ):
            out[-2:] = [(pi, lj)]
    return out


def _span(page_starts: list[int], s: int, e: int, sec: int | None, text: str, n: int) -> ChunkSpan:
    ps = bisect_right(page_starts, s) - 1
    pe = bisect_right(page_starts, e - 1) - 1
    return ChunkSpan(text, ps, s - page_starts[ps], pe, e - page_starts[pe], sec, n)


def _force_fit(
    doc: str,
    page_starts: list[int],
    s: int,
    e: int,
    sec: int | None,
    count_tokens: CountTokens,
    max_tokens: int,
) -> list[ChunkSpan]:
    words = [(m.start() + s, m.end() + s) for m in re.finditer(r"\S+", doc[s:e])]
    if len(words) <= 1:
        mid = (s + e) // 2
        halves = [(s, mid), (mid, e)] if e - s > 1 else [(s, e)]
    else:
        mid = len(words) // 2
        halves = [(words[0][0], words[mid - 1][1]), (words[mid][0], words[-1][1])]
    out: list[ChunkSpan] = []
    texts = [normalize_ws(doc[a:b]) for a, b in halves]
    for (a, b), text, n in zip(halves, texts, count_tokens(texts)):
        if n > max_tokens and (a, b) != (s, e):
            out.extend(_force_fit(doc, page_starts, a, b, sec, count_tokens, max_tokens))
        else:
            out.append(_span(page_starts, a, b, sec, text, n))
    return out
