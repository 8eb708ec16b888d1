"""People's names, which are never terms: the corpus papers' authors, and capitalised words of
reference lists that the corpus never writes in lower case and whose uses in the text are
citations ("Peters et al.", "(Amodei & Hernandez, 2018)", "Rabe and Staats").

A reference-list word the text uses three or more times mostly outside citations names a
system, a model, a data set or a language ("Orca", "Megatron", "Alpaca", "English"): it stays
a possible term."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_CAP_WORD = re.compile(r"\b[A-Z][a-z]{2,}\b")
_LOW_WORD = re.compile(r"\b[a-z]{3,}\b")
_YEAR = r"(?:19|20)\d\d"
# what follows a person's name in a citation: "et al.", "& Hernandez", "and Staats", ", 2018"
_CITATION_NEXT = re.compile(rf"\s*(?:et\s+al\b|&|and\s+[A-Z]|,\s*{_YEAR}|\(\s*{_YEAR}|[A-Z][a-z]+\b)")
OWN_USES = 3  # uses in the text, mostly outside citations, that make a reference word no name


def name_tokens(authors: Iterable[str], texts: Iterable[str], references: Iterable[str]) -> set[str]:
    """Lower-cased words that are people's names (``texts``: the corpus' text without its
    reference lists; ``references``: the reference lists)."""
    names: set[str] = set()
    for a in authors:
        names.update(w.lower() for w in re.findall(r"[A-Za-z]{2,}", a))
    texts = list(texts)
    lower: set[str] = set()
    for text in texts:
        lower.update(_LOW_WORD.findall(text))
    cited: set[str] = set()
    for text in references:
        cited.update(w.lower() for w in _CAP_WORD.findall(text) if w.lower() not in lower)
    uses: Counter[str] = Counter()
    in_citation: Counter[str] = Counter()
    for text in texts:
        for m in _CAP_WORD.finditer(text):
            w = m.group(0).lower()
            if w in cited and w not in names:
                uses[w] += 1
                in_citation[w] += _CITATION_NEXT.match(text, m.end()) is not None
    return names | {w for w in cited if uses[w] < OWN_USES or 2 * in_citation[w] >= uses[w]}
