"""What extraction produces: a paper's chunks as the extractor reads them (``ChunkText``), one use
of a term (``Occurrence``) and a candidate term with its counts and positions (``Term``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field


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
    compared: int = 0  # uses as a compared system: "such as X", "over X and Y", "than X"
    quoted: int = 0  # uses set off in quotation marks (“hyperparameter borrowing”)
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
        self.quoted += t.quoted
        self.compared += t.compared
        self.before_noun += t.before_noun
        self.in_title |= t.in_title
        self.in_abstract |= t.in_abstract
        self.in_heading |= t.in_heading
        self.is_heading |= t.is_heading
        self.kind_of_heading |= t.kind_of_heading

    @property
    def introduced(self) -> bool:
        """Set off in quotation marks and also used without them: the paper introduces the term
        (a phrase only ever quoted is an example: a prompt, a word of a sentence)."""
        return 0 < self.quoted < len(self.occurrences)

    @property
    def n_words(self) -> int:
        return len(self.key.split())
