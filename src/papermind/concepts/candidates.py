"""Candidate n-grams of a text: runs of one to four acceptable words (``tokens``) with nothing but a
space between them, never starting or ending on a generic academic word. Candidates include
special tokens ("[CLS]"), an edition after a name ("WMT 2014", "ResNet-50 v1.5") and a few
generic heads after a specific modifier ("reference implementation")."""

from __future__ import annotations

import re

from papermind.concepts.fold import singular
from papermind.concepts.tokens import LY_NOUNS, BadToken, token_filter
from papermind.concepts.words import GENERIC, GENERIC_END_OK, GENERIC_START_OK, STOP

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\barXiv:\S+", re.I)
_LABEL_WORDS = frozenset(
    [
        "table",
        "tables",
        "figure",
        "figures",
        "fig",
        "algorithm",
        "section",
        "equation",
        "eq",
        "appendix",
        "listing",
        "theorem",
        "lemma",
        "proof",
        "corollary",
        "definition",
    ]
)
_QUANTITY = re.compile(r"(?i:hundred|thousand|million|billion|trillion|\d+(?:\.\d+)?[kmbt])")
_ADVERB = re.compile(r"[a-z]{3,}ly")  # "fully", "randomly" (not the nouns of LY_NOUNS)
_GERUND = re.compile(r"[a-z]{3,}ing")
_DECIMAL_NEXT = re.compile(r"\.\d")
_SENTENCE_END = frozenset(["", ".", "!", "?", ":"])  # the last character before a sentence
_TOKEN = re.compile(
    r"\[[A-Z]{2,6}\]|v\d+(?:\.\d+)+\b|(?<![\d.])(?:19|20)\d\d(?![\d.])|"
    r"(?:[A-Za-z]|\d+[A-Za-z])[A-Za-z0-9]*(?:[-/’'][A-Za-z0-9]+)*"
)
MAX_WORDS = 4


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Maximal runs of tokens separated by single spaces only."""
    runs: list[list[re.Match[str]]] = []
    cur: list[re.Match[str]] = []
    last_end = None
    for m in _TOKEN.finditer(text):
        if cur and (
            last_end is None or text[last_end : m.start()].strip(" ") != "" or m.start() - last_end > 2
        ):
            runs.append(cur)
            cur = []
        cur.append(m)
        last_end = m.end()
    if cur:
        runs.append(cur)
    return runs


def candidates_in(
    text: str, names: set[str], bad: BadToken | None = None
) -> list[tuple[int, int, str, tuple[int, int, int]]]:
    """(start, end, surface, (run, first word, end word)) for every candidate n-gram."""
    if bad is None:
        bad = token_filter(names)
    out = []
    text = _URL.sub(lambda m: " " * len(m.group(0)), text)  # keep offsets
    for r, run in enumerate(_runs(text)):
        toks = [m.group(0) for m in run]
        # "OPT-6" of "OPT-6.7B", "GPT-3" of "GPT-3.5": the token is cut from a decimal number
        cut = {k for k, m in enumerate(run) if _DECIMAL_NEXT.match(text, m.end())}
        # a token's fitness depends only on its place: alone, a modifier, or a longer term's head
        alone = [bad(t, 0, 1) for t in toks]
        lead = [bad(t, 0, 2) for t in toks]
        modifier = [bad(t, 1, 3) for t in toks]
        head = [bad(t, 1, 2) for t in toks]
        stop = [t.lower() in STOP for t in toks]
        low = [t.lower() for t in toks]
        for i in range(len(toks)):
            if i and _QUANTITY.fullmatch(toks[i - 1]) and toks[i].islower() and not (toks[i].endswith("s")):
                continue  # "trillion parameter model": "parameter" belongs to the number
            if i and _ADVERB.fullmatch(low[i - 1]) and low[i - 1] not in LY_NOUNS:
                continue  # "fully connected layer": "connected layer" is a fragment
            # "porting NanoFlow", "adding 2ms", "optimizing GPU utilization": a verb and its object
            if i + 1 < len(toks) and _GERUND.fullmatch(toks[i]) and not toks[i + 1][:1].islower():
                continue  # nor is the verb alone a term there
            # "Learning long-range dependencies is ...": a sentence opening with a gerund and its
            # object (a term's modifier is also written in lower case, mid-sentence)
            longest = MAX_WORDS
            if (
                i + 1 < len(toks)
                and _GERUND.fullmatch(low[i])
                and toks[i][:1].isupper()
                and toks[i + 1][:1].islower()
                and text[max(0, run[i].start() - 8) : run[i].start()].rstrip()[-1:] in _SENTENCE_END
            ):
                longest = 1
            for n in range(1, longest + 1):
                j = i + n
                if j > len(toks):
                    break
                if cut and any(k in cut for k in range(i, j)):
                    continue
                if alone[i] if n == 1 else (lead[i] or head[j - 1] or any(modifier[i + 1 : j - 1])):
                    # a bad token inside stops longer windows from this start
                    if stop[j - 1]:
                        break
                    continue
                first, last = low[i], singular(low[j - 1])
                if n == 1 and first in _LABEL_WORDS:
                    continue
                if (first in GENERIC and (n == 1 or first not in GENERIC_START_OK)) or (
                    last in GENERIC and (n == 1 or last not in GENERIC_START_OK | GENERIC_END_OK)
                ):
                    continue
                out.append((run[i].start(), run[j - 1].end(), " ".join(toks[i:j]), (r, i, j)))
    return out
