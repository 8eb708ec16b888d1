"""Snippets: the best sentence(s) of a chunk for a query, with the query's terms marked.

Term matching is FTS5's own (porter stemming, so "blocks" marks "block" and "tables" marks
"table"): the chunk comes back from ``highlight()`` with markers around every matched token,
and we turn those markers into character ranges. When the store's sentence vectors are current
(``search.sentences``), the sentence closest to the query vector wins, so a question in other
words than the paper's still gets the sentence that answers it; otherwise the sentence with the
most distinct matched terms wins (ties: more matches, then earlier). A short winner takes its
neighbour along.
"""

from __future__ import annotations

import re

from papermind.ingest.chunk import split_sentences

OPEN, CLOSE = "\x02", "\x03"
MAX_SNIPPET_CHARS = 320
MIN_SNIPPET_CHARS = 90
_MARK_RE = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")


def parse_marked(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Plain text and the (start, end) ranges that were wrapped in OPEN/CLOSE."""
    out: list[str] = []
    ranges: list[tuple[int, int]] = []
    pos = 0
    for i, part in enumerate(_MARK_RE.split(marked)):
        # split alternates: text outside marks, then (OPEN) marked text (CLOSE), ...
        if i % 2 == 1 and part:
            ranges.append((pos, pos + len(part)))
        out.append(part)
        pos += len(part)
    return "".join(out), ranges


def _trim(text: str, ranges: list[tuple[int, int]], lo: int, hi: int) -> tuple[int, int]:
    """Shrink [lo, hi) to at most MAX_SNIPPET_CHARS around the first marked range inside it."""
    if hi - lo <= MAX_SNIPPET_CHARS:
        return lo, hi
    inside = [r for r in ranges if r[0] >= lo and r[1] <= hi]
    anchor = inside[0][0] if inside else lo
    start = max(lo, anchor - MAX_SNIPPET_CHARS // 4)
    if start > lo:  # start on a word boundary
        sp = text.find(" ", start)
        start = sp + 1 if 0 <= sp < anchor else start
    end = min(hi, start + MAX_SNIPPET_CHARS)
    if end < hi:
        sp = text.rfind(" ", start, end)
        end = sp if sp > start else end
    return start, end


def make_snippet(
    text: str,
    ranges: list[tuple[int, int]],
    sentence_sims: list[tuple[int, int, float]] | None = None,
) -> tuple[str, list[tuple[int, int]]]:
    """(snippet, highlight ranges relative to the snippet). With ``sentence_sims`` (each
    sentence's (start, end, cosine to the query)) the sentence closest in meaning wins; without,
    the one with the most distinct marked terms."""
    best_i = 0
    if sentence_sims:
        spans = [(a, b) for a, b, _ in sentence_sims]
        best_i = max(range(len(spans)), key=lambda i: (sentence_sims[i][2], -i))
    else:
        spans = split_sentences(text) or [(0, len(text))]
        best_key = None
        for i, (a, b) in enumerate(spans):
            inside = [text[s:e].lower() for s, e in ranges if s >= a and e <= b]
            key = (len(set(inside)), len(inside), -i)
            if best_key is None or key > best_key:
                best_i, best_key = i, key
    lo, hi = spans[best_i]
    j = best_i
    while hi - lo < MIN_SNIPPET_CHARS and j + 1 < len(spans):
        j += 1
        hi = spans[j][1]
    k = best_i
    while hi - lo < MIN_SNIPPET_CHARS and k > 0:
        k -= 1
        lo = spans[k][0]
    lo, hi = _trim(text, ranges, lo, hi)
    snippet = text[lo:hi]
    rel = [(s - lo, e - lo) for s, e in ranges if s >= lo and e <= hi]
    prefix = "…" if lo > 0 and not snippet[:1].isupper() else ""
    suffix = "…" if hi < len(text) and snippet[-1:] not in ".!?" else ""
    if prefix:
        rel = [(s + 1, e + 1) for s, e in rel]
    return prefix + snippet + suffix, rel
