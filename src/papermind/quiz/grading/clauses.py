"""An answer read as tokens in clauses, for the readers of negation, antonyms and comparisons.

``tokens`` lowers the text, reads contractions the way students type them ("doesnt", "doesn’t"
-> "doesn't"), "w/o" as "without" and "non-" as "not", drops a possessive "'s", and keeps "->"
and the punctuation that ends a clause (``BREAKS``) as tokens. Also here: which tokens are
negation cues (``is_cue``) and which are content words (``is_content``).
"""

from __future__ import annotations

import re

from papermind.quiz.grading.text import NEGATORS, STOP

# Students drop the apostrophe ("doesnt", "isnt", "cant"): read those as the contraction.
_BARE_NT = re.compile(
    r"\b(do|does|did|is|are|was|were|has|have|had|ca|wo|would|could|should|need|must|ai)nt\b"
)


def contractions(low: str) -> str:
    """``low`` (lower-cased text) with curly apostrophes made straight and bare "nt" read as "n't"."""
    return _BARE_NT.sub(r"\1n't", low.replace("’", "'"))


CUES = NEGATORS | {
    "hardly",
    "barely",
    # verbs that deny their object ("ignores HBM and SRAM")
    "ignore",
    "ignores",
    "ignored",
    "ignoring",
    "neglect",
    "neglects",
    "neglected",
    "neglecting",
    "disregard",
    "disregards",
    "disregarded",
    "disregarding",
}
BREAKS = {"but", "so", "because", "whereas", "while", "and", ",", ";", ":", ".", "-", "->", "(", ")"}
_FILL = {"really", "actually", "just", "even", "any", "at", "all", "always", "necessarily"}
_TOK = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|->|[,;:.()]|\s-\s")


def tokens(text: str) -> list[str]:
    t = contractions(text.lower())
    t = re.sub(r"\bw/o\b", " without ", t)
    t = re.sub(r"\bnon-", " not ", t)
    return [x.strip() for x in _TOK.findall(re.sub(r"'s\b", "", t))]


def is_cue(w: str) -> bool:
    """A negation cue: a word of ``CUES`` or a contraction ending in "n't"."""
    return w in CUES or w.endswith("n't")


def is_content(w: str) -> bool:
    """A word that carries content: not punctuation, a stop word, a filler or a negation cue."""
    return w[:1].isalnum() and w not in STOP and w not in _FILL and not is_cue(w)
