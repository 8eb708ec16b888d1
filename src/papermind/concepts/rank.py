"""Ranking a paper's candidate terms (``collect`` gathers them): fold remaining variants, score
salience, boost contrasted pairs, drop minor extensions.

Salience = termhood x spread x position x specificity (the weights are ``W``):
- termhood: occurrences not explained by a longer term that contains it (C-value style);
- spread: distinct chunks and sections it occurs in;
- position: in the title, the abstract, a section heading (a heading that spells out a term the
  text uses in short counts for that term; "closed division" in a section headed "Submission
  Divisions" counts as in a heading); defined, coined ("we propose the X") counting most; named
  as "the X mechanism";
- specificity: how much more often this paper uses it than the other papers of the corpus;
  the others' use counts less when the paper names a section after the term or defines it, and
  least when it coins it;
- names (capitals or digits: "SQuAD", "WMT 2014") that the abstract or title mentions are not
  discounted as experiment-only, nor are one-word names the paper compares with twice or more
  ("such as ELMo", "over FlexGen and vLLM"); a section is experiments by its heading unless the heading's
  word is the paper's own subject (a benchmark paper's "Benchmarking Process", see ``sections``).
Single words must be rare words (two or more word pieces in the model's vocabulary), acronyms,
names or compounds; ordinary English words alone are no concept.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from papermind.concepts.fold import is_acronym, normalise
from papermind.concepts.terms import Term
from papermind.concepts.words import GENERIC, GENERIC_PHRASES

_NAME = re.compile(r"[A-Z0-9]")  # a name, not a phrase: "SQuAD", "WMT 2014", "ResNet-50"
_LINK_WORDS = frozenset(["to", "of", "on", "in", "and"])
_VERSION = re.compile(r"v\d+(?:\.\d+)+")
# nouns that say what kind of thing a name is ("the GLUE benchmark", "the PagedAttention algorithm")
CLASSIFIERS = frozenset(
    "benchmark suite dataset corpus task model architecture system framework library algorithm "
    "method technique mechanism scheme approach".split()
)
PROPER_MIN = 5  # uses of an always-capitalised single word before it counts as a name
# hyphenated prefixes that make one word ("sub-layer"), not a modifier contrasted with others
_PREFIXES = frozenset(
    [
        "sub",
        "non",
        "pre",
        "post",
        "co",
        "re",
        "multi",
        "inter",
        "intra",
        "self",
        "cross",
        "semi",
        "super",
        "hyper",
        "un",
        "de",
        "anti",
        "over",
        "under",
    ]
)
# salience knobs (tuned on benchmarks/bench_concepts.py; see the module docstring)
W = {
    "title": 1.0,
    "abstract": 0.6,
    "heading": 1.5,
    "defined": 0.15,
    "coined": 0.5,
    "single": 0.6,
    "spec_power": 2.0,
    "sections": 0.5,
    "side": 0.7,
    "whole_heading": 1.0,
    "contrast": 1.0,
    "own_df": 0.3,
    "named": 1.0,
    "introduced": 1.0,
    "same": 0.5,
}


def _stem(word: str) -> str:
    """serving/service, offloading/offload, caching/cache: one stem."""
    s = re.sub(r"(?:ing|ice|e)$", "", word)
    return s if len(s) >= 4 else word


def _is_name(t: Term) -> bool:
    """Capitals or digits past the first letter ("MLPerf", "ResNet-50", "WMT 2014"), or a
    capital the paper always writes ("Transformer"; not a sentence's first word)."""
    label = t.label
    if _NAME.search(label[1:]):
        return True
    return label[:1].isupper() and t.weighted >= 2 and all(s[:1].isupper() for s in t.surfaces)


def _base_name(words: list[str], terms: dict[str, Term]) -> list[str]:
    """The words of the term that ``words`` is a numbered version of ("ZeRO-3", "ZeRO-1" ->
    "ZeRO", when the paper also uses "ZeRO" alone), or that it names with an edition or with the
    kind of thing it is ("ResNet-50 v1.5", "SQuAD v1.1", "the MLPerf Training benchmark", "the
    BERT model": a name, capitals or digits, followed by its edition or its kind)."""
    while len(words) > 1:
        shorter = terms.get(" ".join(words[:-1]))
        if shorter is None:
            break
        last = words[-1]
        named = _VERSION.fullmatch(last) or last in CLASSIFIERS
        if not (last.isdigit() or (named and _is_name(shorter))):
            break
        words = words[:-1]
    return words


def _spelled_out(terms: dict[str, Term]) -> dict[str, str]:
    """Terms with an undefined acronym in them that the paper also writes out: {"masked lm":
    "masked language model", "oom": "out of memory"}. The acronym is written in capitals, its
    letters are the initials of the words it stands for (words of three letters or more, or
    "to"/"of"/"on"/"in"/"and"), and it has three letters or shares a word with the written-out
    term (two letters alone match too many pairs of words: "GB", "ID")."""
    out: dict[str, str] = {}
    short_words = {w for k in terms for w in k.split() if len(w) <= 5}  # where an acronym can be
    for key in terms:
        words = key.split()
        for i in range(len(words)):
            for j in range(i + 2, min(len(words), i + 5) + 1):
                span = words[i:j]
                initials = "".join(w[0] for w in span)
                if initials not in short_words or not all(
                    w.isalpha() and (len(w) >= 3 or w in _LINK_WORDS) for w in span
                ):
                    continue
                short = " ".join([*words[:i], initials, *words[j:]])
                t = terms.get(short)
                if t is None or short in out or (len(initials) < 3 and len(words) == j - i):
                    continue
                if any(w.lower() == initials and is_acronym(w) for s in t.surfaces for w in s.split()):
                    out[short] = key
    return out


# nouns a paper uses interchangeably for one kind of model ("recurrent network", "recurrent
# neural network", "recurrent model"; "encoder-decoder architecture" / "structure")
KIND_HEADS = frozenset("model network architecture structure".split())


def _kind_free(words: list[str]) -> list[str]:
    """The words of a modifier and a kind-of-model noun, the noun replaced by one marker (never a
    word of text): "recurrent neural network" and "recurrent model" group together."""
    if len(words) >= 2 and words[-1] in KIND_HEADS:
        words = words[:-2] if words[-2] == "neural" and len(words) >= 3 else words[:-1]
        return [*words, "\u2020model"]
    return words


def merge_variants(terms: dict[str, Term]) -> dict[str, Term]:
    """Fold terms that differ only in the last word's ending ("LLM serving" / "LLM service",
    "NVMe offload" / "NVMe offloading") or in a version number after a term the paper also
    uses alone ("ZeRO-3" / "ZeRO"), or after a name, an edition or a noun saying what kind of
    thing the name is ("ResNet-50 v1.5", "MLPerf Training benchmark"), or in the kind-of-model noun
    after one modifier ("recurrent network" / "recurrent neural network" / "recurrent model"),
    into the more frequent one."""
    spelled = _spelled_out(terms)
    groups: dict[str, list[Term]] = defaultdict(list)
    for t in terms.values():
        words = _kind_free(_base_name(spelled.get(t.key, t.key).split(), terms))
        # open, hyphenated and solid compounds are one word: "down-stream" / "downstream"
        groups["".join([*words[:-1], _stem(words[-1])])].append(t)
    out = dict(terms)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda t: (-t.weighted, t.key))
        head = group[0]
        for t in group[1:]:
            head.absorb(t)
            del out[t.key]
    return out


def _single_word_ok(t: Term, pieces: dict[str, int]) -> bool:
    label = t.label
    if " " in label:
        return True
    if "-" in label:
        # a hyphenated adjective ("sparsity-aware", "linear-complexity") nearly always sits
        # before a noun; a compound noun ("copy-on-write", "sub-layer") also stands alone
        return label != label.lower() or t.before_noun < 0.8 * len(t.occurrences)
    if is_acronym(label) and len(label.rstrip("s")) <= 2:
        return t.key != label.lower().rstrip("s")  # a 2-letter acronym only when defined
    if is_acronym(label) or re.search(r"[a-z][A-Z]", label) or re.search(r"[A-Z]{2}", label):
        return True
    word = normalise(label)[-1].lower()
    if pieces.get(word, 1) >= 2 and len(word) >= 6:
        return True
    # a word the paper (nearly) always capitalises names one thing ("Transformer", "Orca"): people's
    # names never get here (``tokens`` drops them as candidates)
    capital = sum(n for s, n in t.surfaces.items() if s[:1].isupper())
    return len(word) >= 4 and t.weighted >= PROPER_MIN and capital >= 0.85 * sum(t.surfaces.values())


def score_terms(
    terms: dict[str, Term], doc_freq: dict[str, float], n_docs: int, pieces: dict[str, int]
) -> list[Term]:
    """Score the terms of one paper; ``doc_freq[key]`` = the other papers' use of the term
    (a sum over papers of min(1, count/3)). Returns the kept terms, best first."""
    kept: list[Term] = []
    for t in terms.values():
        n = t.n_words
        if (n == 1 or " " not in t.label) and not _single_word_ok(t, pieces):
            continue
        if t.key in GENERIC_PHRASES:
            continue
        # termhood: occurrences on its own, plus a little for those inside longer terms
        freq = t.free + 0.25 * (t.weighted - t.free) + 0.5 * t.family
        min_freq = 2.0 if n > 1 or t.in_heading or t.in_title else 3.0
        if t.weighted + t.family < min_freq or t.free < 0.25 * t.weighted or freq < 1.5:
            continue
        spread = 1.0 + math.log(len(t.chunks)) + W["sections"] * math.log(1 + len(t.sections))
        position = (
            (1.0 + W["title"] * t.in_title)
            * (1.0 + W["abstract"] * t.in_abstract)
            * (1.0 + W["heading"] * (t.in_heading or t.kind_of_heading) + W["whole_heading"] * t.is_heading)
            * (1.0 + W["defined"] * t.defined + W["coined"] * (t.defined >= 3))
            * (1.0 + W["named"] * (t.named >= 2))
            * (1.0 + W["introduced"] * t.introduced)
        )
        # a term the paper names a section after, or defines, is one of its concepts even when
        # other papers use it too ("recomputation"): their use counts less against it
        df = doc_freq.get(t.key, 0.0)
        if (t.is_heading or t.defined >= 2) and not GENERIC.intersection(t.key.split()):
            df *= W["own_df"]
            if t.defined >= 3:  # "we propose the Transformer": the others cite this paper's term
                df *= W["own_df"]
        specificity = (math.log((n_docs + 1) / (1.0 + df)) + 0.2) ** W["spec_power"]
        length = 1.0 if n > 1 else W["single"]
        # benchmark, dataset and baseline names live in the experiments: weigh by main-text share
        # (unless the abstract or title names it: "SQuAD", "WMT 2014" are then results it claims)
        named_in_front = (t.in_abstract or t.in_title) and _NAME.search(t.label) is not None
        # a one-word name the paper compares itself or others with ("outperforms ELMo", "over
        # FlexGen and vLLM", "a metric like DAWNBench") is a system the reader should know
        compared = t.compared >= 2 and " " not in t.label and _NAME.search(t.label) is not None
        share = 1.0 if named_in_front or compared else (t.main + 0.5) / (len(t.occurrences) + 0.5)
        t.score = (
            math.log(1.0 + freq)
            * spread
            * position
            * specificity
            * length
            * (1.0 - W["side"] + W["side"] * share)
        )
        kept.append(t)
    _contrast(kept)
    kept.sort(key=lambda t: -t.score)
    return _drop_minor_extensions(kept)


def _contrast(kept: list[Term]) -> None:
    """Boost contrasted pairs: "internal" / "external fragmentation", "logical" / "physical
    block", "exact" / "approximate attention", "compute-" / "memory-bound": two-word terms with the same (non-generic) head
    and different lower-case modifiers that the paper discusses together (in 2+ chunks)."""
    by_head: dict[str, list[Term]] = defaultdict(list)
    for t in kept:
        words = t.key.split()
        # a modifier the paper writes in lower case mid-sentence ("internal"; not "NVMe")
        if (
            len(words) == 2
            and words[1] not in GENERIC
            and any(
                (m := re.split(r"[\s\-]", s)[0]).isalpha()
                and m.islower()
                and not (m != s.split()[0] and m in _PREFIXES)
                for s in t.surfaces
            )
        ):
            by_head[words[1]].append(t)
    boosted: set[str] = set()
    for group in by_head.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if len(a.chunks & b.chunks) >= 2:
                    boosted.update((a.key, b.key))
    for t in kept:
        if t.key in boosted:
            t.score *= 1.0 + W["contrast"]


def _own_unit(t: Term) -> bool:
    """Whether the paper treats ``t`` as a unit of its own, not as a longer phrasing of a shorter
    term: it puts it in its title or a heading, introduces it in quotation marks, or it is one word
    with capitals of its own, a name ("ZeRO-Offload" is no minor use of "ZeRO")."""
    label = t.label
    return (
        t.in_heading
        or t.in_title
        or t.introduced
        or (" " not in label and _NAME.search(label[1:]) is not None)
    )


def _drop_minor_extensions(ranked: list[Term]) -> list[Term]:
    """Drop "KV cache memory" when "KV cache" ranks above it and the longer form is a minor
    use of it (under 30% as frequent and not a heading of the paper), and drop "dot-product"
    when "dot-product attention" ranks above it and most of its uses are inside longer terms;
    drop "English-to-German translation" under "English-to-German" when the longer form is at
    least half as frequent (the paper writes the term that way: one concept in two spellings).
    One concept, one slot."""
    out: list[Term] = []
    seen: list[Term] = []
    for t in ranked:
        padded = f" {t.key} "
        minor = not _own_unit(t) and any(
            f" {s.key} " in padded and t.weighted < 0.3 * s.weighted for s in seen
        )
        part = t.free < 0.6 * t.weighted and any(f" {t.key} " in f" {s.key} " for s in seen)
        same = not _own_unit(t) and any(
            f" {s.key} " in padded and t.weighted >= W["same"] * s.weighted for s in seen
        )
        seen.append(t)
        if not (minor or part or same):
            out.append(t)
    return out
