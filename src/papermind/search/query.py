"""Query processing: turn any user string into terms and a *safe* FTS5 MATCH expression.

Raw user text never reaches MATCH as syntax. We tokenise it ourselves (letters and digits,
Unicode-aware, lower-cased), drop stopwords, and quote every term as an FTS5 string
(``"term"``, inner quotes doubled), OR-ing them together. Adjacent content-word pairs are
added as quoted phrases, so a passage with the exact phrase ("block table", "online softmax")
earns a bm25 bonus on top of the single terms. Every string at all gives either a valid
expression or ``None`` (nothing to search for).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY_CHARS = 2000  # longer input is cut (a pasted page is still a fine query)
MAX_TERMS = 32  # keep the OR-expression bounded however long the text

# Letters/digits runs; "C++" -> "c", "13B" -> "13b", "KV-cache" -> "kv", "cache".
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)

STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren as at be because been before
    being below between both but by can cannot could did didn do does doesn doing don down during
    each few for from further had has have having he her here hers herself him himself his how i
    if in into is isn it its itself just let me more most my myself no nor not of off on once only
    or other ought our ours ourselves out over own same shall she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves s t d ll m re ve y also get gets got use used using uses
    paper papers does do thing things way ways kind really actually exactly basically just like one
    vs versus via etc e g i.e eg ie
    """.split()
)


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the (possibly truncated) input
    terms: tuple[str, ...]  # content terms, lower-case, de-duplicated, in order
    phrases: tuple[tuple[str, str], ...]  # adjacent content-term pairs from the text

    @property
    def empty(self) -> bool:
        return not self.terms


def tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN_RE.findall(text)]


def parse(text: str) -> ParsedQuery:
    text = (text or "")[:MAX_QUERY_CHARS]
    toks = tokens(text)
    content = [t for t in toks if t not in STOPWORDS]
    if not content:  # a query of only stopwords ("to be or not to be") still searches them
        content = toks
    terms: list[str] = []
    for t in content:
        if t not in terms:
            terms.append(t)
    terms = terms[:MAX_TERMS]
    phrases: list[tuple[str, str]] = []
    # Pairs of consecutive tokens where both are content words (no stopword in between).
    for a, b in zip(toks, toks[1:]):
        if a in STOPWORDS or b in STOPWORDS or a == b:
            continue
        if (a, b) not in phrases and a in terms and b in terms:
            phrases.append((a, b))
    return ParsedQuery(text=text, terms=tuple(terms), phrases=tuple(phrases[:MAX_TERMS]))


def quote(term: str) -> str:
    """An FTS5 string literal: the term in double quotes, inner double quotes doubled."""
    return '"' + term.replace('"', '""') + '"'


def fts_expression(q: ParsedQuery, *, phrases: bool = True, section: bool = False) -> str | None:
    """``"a" OR "b" OR "a b"``; None when there is nothing to search for.

    With ``section=True`` the expression is restricted to the ``section`` column
    (``{section} : (...)``) for section-title matches."""
    if q.empty:
        return None
    parts = [quote(t) for t in q.terms]
    if phrases:
        parts += [quote(f"{a} {b}") for a, b in q.phrases]
    expr = " OR ".join(parts)
    if section:
        expr = "{section} : (" + expr + ")"
    return expr
