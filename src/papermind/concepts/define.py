"""Defining sentences: where a paper says what a term is.

Each use of the term is checked with fixed patterns on the text just before it (``prefix``,
from the sentence start) and just after it (``suffix``, to the sentence end), so no pattern is
compiled per term. Patterns, strongest first:
- 3: "we call this X" / "X refers to" / "we propose (a new ..., the) X, ..." / "called X";
- 2: "X is a|an|the ..." / "X, which is a ..." / "X (mechanism), which applies ..." / "X (...) is
  ..." / a term the paper puts in quotes;
- 1: "X, a|an ..." appositions of a subject, a sentence whose subject is X saying what it is or does ("The
  block table maps ...", also after a lead-in "Specifically, "; not "X is <adjective>" nor the
  noun "X maps of ..."), "X is constructed/computed by ...", "X is proposed/used to ...", "X, such as A and B, ..." (a kind and
  its examples), "long form (X) benchmark is a ..." (2), "X, i.e. ...", run-in
  "X: the ..." and "X. <sentence>" paragraph headings, "X — a ...", and the first sentence of a
  section the paper names after X (``headed``; the heading text cut off, never "This section
  ..." or "We ...", and only when it names X's head word: "attention" for "Multi-Head Attention").
Among the matches the strongest wins, then the earliest in the paper's body (the abstract only
when the body has none), so the first real definition is kept over later restatements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from papermind.concepts.define_patterns import (
    ANAPHORIC,
    ENDS_SENTENCE,
    FOLLOW_ON,
    NUMBERING,
    PATTERNS,
    weak_context,
)

Chunk = tuple[int, int, str, str, int]  # (chunk_id, ordinal, kind, text, page)


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


_RUN_IN = re.compile(r"[.:]?\s*$")  # "Copy-on-write." as a sentence of its own: a paragraph heading
_SELF_REFERENCE = re.compile(r"(?:In\s+)?this\s+(?:section|subsection|chapter)\b|We\b", re.I)
_SKIP = re.compile(r"(?:Figure|Fig\.|Table)\s*\d")


def _usable(sent: str) -> bool:
    n_words = len(sent.split())
    return 6 <= n_words <= 80 and not _SKIP.match(sent)


def find_definition(
    surfaces: Iterable[str],
    chunks: Iterable[Chunk],
    headed: Iterable[Chunk] = (),
) -> Definition | None:
    """Best defining sentence among ``chunks`` = (chunk_id, ordinal, kind, text, page);
    ``headed`` are the first chunks of sections named after the term."""
    surfaces = list(surfaces)
    term = re.compile(rf"(?<![\w\-]){term_regex(surfaces)}(?![\w\-])", re.I)
    # the head word of the term ("attention" of "multi-head attention"), plural or not
    heads = {re.split(r"[\s\-]+", x.strip())[-1].lower().rstrip("s") for x in surfaces if x.strip()}
    best: Definition | None = None
    best_key: tuple[int, int, int] | None = None

    def offer(strength: int, kind: str, chunk_id: int, ordinal: int, off: int, sent: str, page: int) -> None:
        nonlocal best, best_key
        # body first (abstract/appendix later), then strength, then earliest
        section_rank = {"body": 0, "abstract": 1}.get(kind, 2)
        key = (section_rank if strength < 3 else 0, -strength, ordinal * 100000 + off)
        if best_key is None or key < best_key:
            best_key = key
            best = Definition(_trim(sent), chunk_id, page, strength, ordinal * 100000 + off)

    for chunk_id, ordinal, kind, text, page in chunks:
        if term.search(text) is None:
            continue
        sents = sentences(text)
        for i, (off, sent) in enumerate(sents):
            uses = list(term.finditer(sent))
            if not uses:
                continue
            if uses[0].start() == 0 and _RUN_IN.fullmatch(sent, uses[0].end()) and i + 1 < len(sents):
                nxt_off, nxt = sents[i + 1]  # "Copy-on-write." then what it is
                if _usable(nxt) and not weak_context(nxt, opening=False):
                    offer(1, kind, chunk_id, ordinal, nxt_off, f"{sent.strip()} {nxt}", page)
                continue
            strength = _match(sent, uses) if _usable(sent) else 0
            if strength:
                if strength == 3 and i > 0 and ANAPHORIC.search(sent) and _usable(sents[i - 1][1]):
                    off, sent = sents[i - 1][0], f"{sents[i - 1][1].strip()} {sent}"  # what "this" is
                offer(strength, kind, chunk_id, ordinal, off, sent, page)
            elif (
                i + 1 < len(sents)
                and _follows(sent, uses[-1].end(), sents[i + 1][1], heads)
                and not weak_context(sent)
            ):
                offer(1, kind, chunk_id, ordinal, off, f"{sent.strip()} {sents[i + 1][1]}", page)
    for chunk_id, ordinal, kind, text, page in headed:
        first = next(((off, s) for off, s in sentences(text) if _usable(s)), None)
        if first is None:
            continue
        off, sent = first
        body = term.sub("", NUMBERING.sub("", sent, count=1), count=1).lstrip()  # the heading itself
        body_off = off + len(sent) - len(body)
        if (
            _usable(body)
            and not _SELF_REFERENCE.match(body)
            and not weak_context(body)
            and not heads.isdisjoint(w.rstrip("s") for w in re.findall(r"[\w\-]+", body.lower()))
        ):
            offer(1, kind, chunk_id, ordinal, body_off, body, page)
    return best


def _match(sent: str, uses: list[re.Match[str]]) -> int:
    """The strength of the strongest pattern one of the term's ``uses`` in ``sent`` fits (0: none).
    A ``weak`` sentence (stating a figure, or opening as a consequence or condition) only fits the
    coining patterns, but for one that opens so, a pattern that reads only the words right after
    the term ("Therefore, we reschedule for X, i.e., creating ...") still says what the term is."""
    weak: bool | None = None  # looked at only once a pattern fits (most sentences fit none)
    figure: bool | None = None
    for strength, before, after in PATTERNS:
        if not any(
            (before is None or before.search(sent, 0, m.start()))
            and (after is None or after.match(sent, m.end()))
            for m in uses
        ):
            continue
        if strength >= 3:
            return strength
        if weak is None:
            weak = weak_context(sent)
        if not weak:
            return strength
        if before is None:
            if figure is None:
                figure = weak_context(sent, opening=False)
            if not figure:
                return strength
    return 0


def _follows(sent: str, end: int, nxt: str, heads: set[str]) -> bool:
    """``sent`` ends with the term (at ``end``) and ``nxt`` says what "each <head word>" (or "the
    first" of them) is: "... into KV blocks. Each block contains ..." (the pair must be long enough
    to read alone; the first sentence may be short: "Each layer has two sub-layers.")."""
    follow = FOLLOW_ON.match(nxt)
    return bool(
        follow
        and (follow["head"] is None or follow["head"].lower().rstrip("s") in heads)
        and ENDS_SENTENCE.match(sent, end)
        and _usable(f"{sent} {nxt}")
        and len(nxt.split()) >= 4
        and not weak_context(nxt)
    )


def _trim(sent: str, limit: int = 320) -> str:
    sent = re.sub(r"\s+", " ", sent).strip()
    return sent if len(sent) <= limit else sent[: limit - 1].rsplit(" ", 1)[0] + "…"
