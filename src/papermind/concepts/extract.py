"""Candidate terms of a paper and their salience.

Candidates are runs of content words (no stop word, no punctuation between them) of one to four
words, taken from the body, abstract and appendix chunks (never the front matter or references).
Each candidate is folded (``fold.fold``) so variants count together. Filters drop generic
academic words, verbs and adverbs in modifier position, author and other person names (tokens
that occur only capitalised, in author lists or reference lists) and rare single words that are
ordinary English (one word piece in the model's vocabulary).

Ranking lives in ``rank`` (salience = termhood x spread x position x specificity):
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
  discounted as experiment-only; a section is experiments by its heading unless the heading's
  word is the paper's own subject (a benchmark paper's "Benchmarking Process").
Candidates also include special tokens ("[CLS]"), an edition after a name ("WMT 2014",
"ResNet-50 v1.5") and a few generic heads after a specific modifier ("reference implementation").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from papermind.concepts.fold import (
    fold,
    is_acronym,
    singular,
    strip_acronym_parens,
)
from papermind.concepts.words import GENERIC, GENERIC_END_OK, GENERIC_START_OK, STOP

_RUN_IN = re.compile(r"(?:^|[.!?:]\s+)([A-Z][A-Za-z\-]*(?: [A-Za-z][A-Za-z\-]*){0,4})\.\s+(?=[A-Z])")
# list items that name a term and then say what it is: "2. Memory-bound: the time taken ..."
_RUN_IN_COLON = re.compile(
    r"(?:^|[.!?]\s+)(?:\d+\.\s+)?([A-Z][A-Za-z\-]*(?: [A-Za-z][A-Za-z\-]*)"
    r"{0,3}):\s+(?=[a-z]|[Tt]he\b)"
)
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
_EVAL_WORD = re.compile(
    r"[a-z]*(?:evaluat|experiment|result|benchmark|setup|ablation|methodology|"
    r"performance|speed|scalab|comparison|baseline)[a-z]*",
    re.I,
)
_EVAL_STRONG = re.compile(r"[a-z]*(?:evaluat|experiment|result|ablation)[a-z]*", re.I)
# top-level sections that explain the method and its background: their subsections are never
# evaluation ("Background / Hardware Performance")
_METHOD_TOP = re.compile(
    r"background|overview|design|method|introduction|preliminar|model\b|"
    r"architecture|algorithm",
    re.I,
)
# sections whose terms are mostly other work's or asides: they count half, their headings no boost
SIDE_HEADING = re.compile(
    r"related\s+work|prior\s+work|acknowledg|limitation|future\s+"
    r"(?:work|direction)|conclusion|discussion|artifact",
    re.I,
)
# parts of a heading that name one thing each: "Scheduling and Preemption", "ZeRO: ..."
_HEAD_SPLIT = re.compile(r"\s*(?:[:&,;?]|\band\b|\bwith\b|\bvs\.?|\bfor\b|\bof\b)\s*", re.I)
_HEAD_LEAD = frozenset("why how what when where which the a an on towards toward".split())
_QUANTITY = re.compile(r"(?i:hundred|thousand|million|billion|trillion|\d+(?:\.\d+)?[kmbt])")
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
# "the copy-on-write mechanism": the paper names X as one of its techniques
_NAMED = re.compile(r"[\s\-]+(?:mechanism|technique|scheme)s?\b")
_ADVERB = re.compile(r"[a-z]{3,}ly")  # "fully", "randomly" (not the nouns of _LY_NOUNS)
_LY_NOUNS = frozenset({"family", "assembly", "anomaly", "supply", "poly", "monopoly"})
_GERUND = re.compile(r"[a-z]{3,}ing")
_DECIMAL_NEXT = re.compile(r"\.\d")
_LOWER_WORD = re.compile(r"\b[a-z][a-z\-]{4,}\b")
_NOMINAL = re.compile(r"(?:ation|ion|ment)$")  # preemption -> preempt(ed), recomput(e)
_TOKEN = re.compile(
    r"\[[A-Z]{2,6}\]|v\d+(?:\.\d+)+\b|(?<![\d.])(?:19|20)\d\d(?![\d.])|"
    r"(?:[A-Za-z]|\d+[A-Za-z])[A-Za-z0-9]*(?:[-/’'][A-Za-z0-9]+)*"
)
# a year or version names an edition of what comes before it: "WMT 2014", "ResNet-50 v1.5"
_EDITION = re.compile(r"v\d+(?:\.\d+)+|(?:19|20)\d\d")
# variable names of algorithm listings: short, mixed case, no vowel ("RBr", "KTc", "dQTr");
# not plural or prefixed acronyms ("LLMs", "vLLM")
_VARIABLE = re.compile(r"(?=[^aeiouyAEIOUY]{3,6}$)(?=.*[a-z])[A-Za-z]+[A-Z][A-Za-z0-9]*")
_ACRONYM_FORM = re.compile(r"[a-z]?[A-Z]{2,}s?")
MAX_WORDS = 4
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
}


@dataclass
class ChunkText:
    id: int
    paper: str
    text: str
    page_start: int
    page_end: int
    first_page_chars: int  # characters of the chunk on page_start (the rest on later pages)
    kind: str  # section kind: abstract | body | appendix
    section: int | None
    heading: str = ""
    evaluation: bool = False  # in an evaluation/experiments section (or one of its subsections)


@dataclass
class Occurrence:
    chunk_id: int
    page: int
    start: int
    end: int
    surface: str


@dataclass
class Term:
    key: str
    surfaces: Counter[str] = field(default_factory=Counter)
    occurrences: list[Occurrence] = field(default_factory=list)
    chunks: set[int] = field(default_factory=set)
    sections: set[int] = field(default_factory=set)
    weighted: float = 0.0  # occurrences, appendix ones counting half
    free: float = 0.0  # the same, not counting occurrences inside a longer repeated term
    main: int = 0  # occurrences outside experiments and related work
    family: float = 0.0  # a nominalisation's verb forms ("preempted" for "preemption")
    defined: int = 0  # strength of the paper's defining sentence (0: none; set by the caller)
    named: int = 0  # method-text uses as "the X mechanism / technique / scheme"
    in_title: bool = False
    in_abstract: bool = False
    in_heading: bool = False
    is_heading: bool = False  # a whole heading, or one part of "X and Y" / "X: Y" headings
    before_noun: int = 0  # one-word uses followed by a noun of a longer candidate ("sparsity-aware KV")
    kind_of_heading: bool = False  # "closed division" in a section headed "Submission Divisions"
    score: float = 0.0

    @property
    def label(self) -> str:
        """The most used surface form; sentence-initial capitals lowered when the paper also
        writes the term in lower case (at least a quarter as often: "Transformer" stays)."""
        groups: dict[str, Counter[str]] = defaultdict(Counter)
        for s, n in self.surfaces.items():
            groups[s.lower()][s] += n
        best = max(groups.values(), key=lambda g: (sum(g.values()), -len(next(iter(g)))))
        top = best.most_common(1)[0][0]
        lower = [s for s in best if s == s.lower()]
        sentence_case = top[:1].isupper() and top[1:] == top[1:].lower()
        if lower and ((sentence_case and best[lower[0]] * 4 >= best[top]) or best[lower[0]] * 2 >= best[top]):
            return lower[0]
        return top

    def absorb(self, t: Term) -> None:
        """Count ``t`` as uses of this term (a variant spelling of it)."""
        self.surfaces.update(t.surfaces)
        self.occurrences.extend(t.occurrences)
        self.chunks |= t.chunks
        self.sections |= t.sections
        self.weighted += t.weighted
        self.free += t.free
        self.main += t.main
        self.family = max(self.family, t.family)
        self.defined = max(self.defined, t.defined)
        self.named += t.named
        self.before_noun += t.before_noun
        self.in_title |= t.in_title
        self.in_abstract |= t.in_abstract
        self.in_heading |= t.in_heading
        self.is_heading |= t.is_heading
        self.kind_of_heading |= t.kind_of_heading

    @property
    def n_words(self) -> int:
        return len(self.key.split())


def is_evaluation(top_title: str, title: str, paper_title: str = "") -> bool:
    """Whether a section (``title`` under the top-level ``top_title``) reports experiments.
    A heading word the paper's own title uses names its subject, not its experiments ("MLPerf
    Training Benchmark" / "Benchmarking Process"); a subsection counts by its own title only
    when it says so outright (evaluation, experiments, results, ablation)."""
    subject = {w[:6] for w in re.findall(r"[a-z]{4,}", paper_title.lower())}

    def says(pattern: re.Pattern[str], heading: str) -> bool:
        return any(m.group(0)[:6].lower() not in subject for m in pattern.finditer(heading or ""))

    if says(_EVAL_WORD, top_title):
        return True
    return says(_EVAL_STRONG, title) and not _METHOD_TOP.search(top_title or "")


def heading_parts(heading: str) -> list[str]:
    """The parts of a heading that name one thing each: "Scheduling and Preemption", "Choice of
    Quality Thresholds", "Why Self-Attention" (a leading question word or article dropped)."""
    out = []
    for part in _HEAD_SPLIT.split(heading):
        words = part.split()
        if len(words) > 1 and words[0].lower() in _HEAD_LEAD:
            words.pop(0)
        if words:
            out.append(" ".join(words))
    return out


def _head_nouns(heading: str) -> set[str]:
    """The head noun of each heading part ("Submission Divisions" -> "division"), when it is a
    specific word: the section enumerates kinds of it ("closed division", "open division")."""
    out = set()
    for part in heading_parts(heading):
        last = singular(part.split()[-1].lower())
        if len(last) >= 4 and last not in GENERIC and last not in STOP and last.isalpha():
            out.add(last)
    return out


def _is_capital_word(tok: str) -> bool:
    return tok[:1].isupper() and tok[1:].islower()


def _bad_token(tok: str, pos: int, n: int, names: set[str]) -> bool:
    low = tok.lower().replace("’", "'")
    if low in STOP or len(low) < 2:
        return True
    if _EDITION.fullmatch(tok):
        return pos == 0
    if "-" in low and n == 1 and low.rsplit("-", 1)[1] in STOP:  # "memory-efficient" is an adjective
        return True
    if re.fullmatch(r"[a-z]{1,2}\d+[a-z]?", low) and not tok[:1].isupper():  # d2, n2, x1
        return True
    if "/" in tok and min(len(p) for p in tok.split("/")) < 2 and not tok.isupper():
        return True
    if "'" in low:
        return True
    if len(tok) <= 2 and not tok.isupper():  # math symbols: Br, Bc, dk
        return True
    if re.fullmatch(r"[IVX]{2,5}", tok):  # roman numerals: "Section III"
        return True
    if _VARIABLE.fullmatch(tok) and not _ACRONYM_FORM.fullmatch(tok):  # RBr, KTc, NdTc
        return True
    if re.fullmatch(r"\d+[kKmMbBgGxX]", tok):  # sizes and factors: 1K, 64K, 2x
        return True
    if _is_capital_word(tok) and low in names:
        return True
    if low.endswith("ly") and len(low) > 4 and low not in _LY_NOUNS:
        return True
    if pos < n - 1 and not is_acronym(tok):  # modifiers: no plurals / third-person verbs
        if low.endswith("s") and not low.endswith(("ss", "us", "is", "ics", "ous")):
            return True
    if (
        pos == n - 1
        and low.endswith("ed")
        and len(low) > 4
        and low not in {"embed", "speed", "seed", "feed", "need"}
    ):
        return True
    return False


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


BadToken = Callable[[str, int, int], bool]


def token_filter(names: set[str]) -> BadToken:
    """``_bad_token`` with ``names`` bound and its answers remembered (the same words recur)."""

    @cache
    def bad(tok: str, pos: int, n: int) -> bool:
        return _bad_token(tok, pos, n, names)

    return bad


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
            if i and _ADVERB.fullmatch(low[i - 1]) and low[i - 1] not in _LY_NOUNS:
                continue  # "fully connected layer": "connected layer" is a fragment
            # "porting NanoFlow", "adding 2ms", "optimizing GPU utilization": a verb and its object
            if i + 1 < len(toks) and _GERUND.fullmatch(toks[i]) and not toks[i + 1][:1].islower():
                continue  # nor is the verb alone a term there
            for n in range(1, MAX_WORDS + 1):
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
        heads = set() if side or not c.heading else _head_nouns(c.heading)
        here: dict[tuple[int, int, int], str] = {}
        windows.append((weight, here))
        for start, end, surface, win in candidates_in(stripped, names, bad):
            key = key_of(surface)
            if not key or len(key) < 2:
                continue
            here[win] = key
            t = terms.get(key)
            if t is None:
                t = terms[key] = Term(key)
            t.surfaces[surface] += 1
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
