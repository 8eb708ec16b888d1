"""Candidate terms of a paper, folded, with their occurrences and positions.

Candidates (``candidates``) are taken from the body, abstract and appendix chunks (never the
front matter or references). Each candidate is folded (``fold.fold``) so variants count
together; each term records where it occurs (title, abstract, a heading, a run-in paragraph
heading, "the X mechanism"), how often outside experiments and asides, and how often on its own
rather than inside a longer repeated term. Ranking the terms lives in ``rank``.
"""

from __future__ import annotations

import re
from collections import defaultdict

from papermind.concepts.candidates import MAX_WORDS, candidates_in
from papermind.concepts.coordination import listed_kinds
from papermind.concepts.fold import fold, strip_acronym_parens
from papermind.concepts.sections import SIDE_HEADING, head_nouns, heading_parts
from papermind.concepts.terms import ChunkText, Occurrence, Term
from papermind.concepts.tokens import BadToken, token_filter
from papermind.concepts.words import STOP

_RUN_IN = re.compile(r"(?:^|[.!?:]\s+)([A-Z][A-Za-z\-]*(?: [A-Za-z][A-Za-z\-]*){0,4})\.\s+(?=[A-Z])")
# list items that name a term and then say what it is: "2. Memory-bound: the time taken ..."
_RUN_IN_COLON = re.compile(
    r"(?:^|[.!?]\s+)(?:\d+\.\s+)?([A-Z][A-Za-z\-]*(?: [A-Za-z][A-Za-z\-]*)"
    r"{0,3}):\s+(?=[a-z]|[Tt]he\b)"
)
# what a compared system follows in its clause: "baselines such as FlexGen and vLLM", "1.9x over
# vLLM", "similar to ELMo", "a metric like DAWNBench"
_COMPARED_CUE = re.compile(
    r"\b(?:than|over|against|versus|vs\.?|like|such as|compared (?:with|to)|including|baselines?|"
    r"outperforms?|similar to|unlike)\b[^.;:!?]{0,30}$",
    re.I,
)
_CAPITAL = re.compile(r"[A-Z0-9]")
# "the copy-on-write mechanism": the paper names X as one of its techniques
_OPEN_QUOTES = frozenset("“\"'‘")  # one character before a candidate (never "")
_CLOSE_QUOTES = frozenset("”\"'’")
_NAMED = re.compile(r"[\s\-]+(?:mechanism|technique|scheme)s?\b")
_LOWER_WORD = re.compile(r"\b[a-z][a-z\-]{4,}\b")
_NOMINAL = re.compile(r"(?:ation|ion|ment)$")  # preemption -> preempt(ed), recomput(e)


def _fold_spelled_out_headings(terms: dict[str, Term], whole_keys: set[str]) -> None:
    """A heading that spells out a term the text then uses in short ("Position-wise Feed-Forward
    Networks" over a section saying "feed-forward network"): the heading is a variant of the term,
    which becomes a heading of the paper."""
    for key in [k for k in whole_keys if k in terms and terms[k].weighted < 2]:
        words = key.split()
        for k in range(1, len(words) - 1):
            short = terms.get(" ".join(words[k:]))
            if short is not None and short.weighted >= 2:
                short.absorb(terms.pop(key))
                short.in_heading = short.is_heading = True
                break


def _page_of(c: ChunkText, offset: int) -> int:
    if c.page_end == c.page_start or offset < c.first_page_chars:
        return c.page_start
    return c.page_end


def collect(
    chunks: list[ChunkText],
    acronyms: dict[str, str],
    names: set[str],
    title: str = "",
    bad: BadToken | None = None,
) -> dict[str, Term]:
    """Every candidate term of one paper, folded, with its occurrences (``bad``: a shared
    ``token_filter(names)``, so a corpus judges each word once)."""
    # all-caps headings write "ZERO-INFINITY" for "ZeRO-Infinity"
    acronyms = {**{k.upper(): v for k, v in acronyms.items()}, **acronyms}
    if bad is None:
        bad = token_filter(names)
    folded: dict[str, str] = {}

    def key_of(surface: str) -> str:
        k = folded.get(surface)
        if k is None:
            k = folded[surface] = fold(surface, acronyms)
        return k

    terms: dict[str, Term] = {}
    words: defaultdict[str, float] = defaultdict(float)  # weighted counts (asides count half)
    headings: set[str] = set()
    windows: list[tuple[float, dict[tuple[int, int, int], str]]] = []
    spoken: list[tuple[ChunkText, float, bool]] = []  # each chunk, its weight, whether an aside
    for c in chunks:
        # candidates come from the text with "(KV)" parentheticals removed, so "key-value (KV)
        # cache" also yields "key-value cache"; offsets are mapped back approximately.
        text = c.text
        stripped = strip_acronym_parens(text)
        shift = len(text) != len(stripped)
        # method sections carry the concepts; appendix and evaluation text count half
        aside = c.evaluation or bool(SIDE_HEADING.search(c.heading))
        side = aside or c.kind == "appendix"
        weight = 0.5 if side else 1.0
        for w in _LOWER_WORD.findall(text):
            words[w] += weight
        heads = set() if side or not c.heading else head_nouns(c.heading)
        here: dict[tuple[int, int, int], str] = {}
        windows.append((weight, here))
        spoken.append((c, weight, aside))
        for start, end, surface, win in candidates_in(stripped, names, bad):
            key = key_of(surface)
            if not key or len(key) < 2:
                continue
            here[win] = key
            t = terms.get(key)
            if t is None:
                t = terms[key] = Term(key)
            t.surfaces[surface] += 1
            quoted = stripped[start - 1 : start] in _OPEN_QUOTES and stripped[end : end + 1] in _CLOSE_QUOTES
            # only names can be compared systems ("vLLM", "ELMo"): others skip the look-back
            compared = " " not in surface and _CAPITAL.search(surface) is not None
            compared = compared and _COMPARED_CUE.search(stripped, max(0, start - 50), start) is not None
            if shift:
                found = text.find(surface, max(0, start - 40))
                if found >= 0:
                    start, end = found, found + len(surface)
            t.occurrences.append(Occurrence(c.id, _page_of(c, start), start, end, surface))
            t.chunks.add(c.id)
            if c.section is not None:
                t.sections.add(c.section)
            t.weighted += weight
            t.main += not aside
            if not side and _NAMED.match(text, end):
                t.named += 1
            t.quoted += quoted
            t.compared += compared
            if c.kind == "abstract":
                t.in_abstract = True
            if heads and " " in key and key.rsplit(" ", 1)[1] in heads:
                t.kind_of_heading = True
        if side:  # headings of experiments, appendices and related work give no boost
            continue
        if c.heading:
            headings.add(c.heading)
        # run-in paragraph headings: "Copy-on-write. When ...", "Memory-bound: the ..."
        headings.update(m.group(1) for m in _RUN_IN.finditer(text))
        headings.update(
            m.group(1) for m in _RUN_IN_COLON.finditer(text) if m.group(1).split()[0].lower() not in STOP
        )
    for weight, here in windows:  # occurrences not nested in a longer repeated term
        for (r, i, j), key in here.items():
            nested = False
            for i2 in range(max(0, j - MAX_WORDS), i + 1):
                for j2 in range(j, i2 + MAX_WORDS + 1):
                    if (i2, j2) != (i, j):
                        other = here.get((r, i2, j2))
                        if other is not None and other != key and terms[other].weighted >= 2:
                            nested = True
                            break
                if nested:
                    break
            if not nested:
                terms[key].free += weight
            if j == i + 1 and (r, i, j + 1) in here:
                terms[key].before_noun += 1
    for c, weight, aside in spoken:  # "divisions: closed and open": uses of terms written out elsewhere
        for start, end, phrase in listed_kinds(c.text):
            t = terms.get(key_of(phrase))
            if t is not None:
                t.occurrences.append(Occurrence(c.id, _page_of(c, start), start, end, c.text[start:end]))
                t.chunks.add(c.id)
                if c.section is not None:
                    t.sections.add(c.section)
                t.weighted += weight
                t.free += weight
                t.main += not aside
    heading_keys = {key_of(x[2]) for h in headings for x in candidates_in(h, names, bad)}
    whole_keys = {fold(part, acronyms) for h in headings for part in (h, *heading_parts(h))}
    title_keys = {fold(x[2], acronyms) for x in candidates_in(strip_acronym_parens(title), names)}
    _fold_spelled_out_headings(terms, whole_keys)
    for key, t in terms.items():
        t.in_heading = t.in_heading or key in heading_keys
        t.is_heading = t.is_heading or (t.in_heading and key in whole_keys and t.weighted >= 3)
        t.in_title = key in title_keys
        if " " not in key and (stem := _NOMINAL.sub("", key)) != key and len(stem) >= 5:
            t.family = sum(
                n
                for w, n in words.items()
                if w.startswith(stem) and len(w) <= len(stem) + 4 and not w.startswith(key)
            )
    return terms
