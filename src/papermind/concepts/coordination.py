"""Terms a list of kinds names without spelling them out: "two submission divisions: closed and
open" and "division (open or closed)" name "closed division" and "open division" (a noun, then a
colon or parenthesis, then its kinds joined by "and"/"or"). The commoner right-node ellipsis
("internal and external fragmentation") is not counted: it mostly joins passing modifiers
("forward and backward propagation") and measured worse on every gold list.

Only spans are found here; ``collect`` counts one as a use of a term when the paper also writes
the term out in full somewhere (so a coordination never invents a term)."""

from __future__ import annotations

import re

_MOD = r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
# "divisions: closed and open", "division (open or closed)": a noun, then the kinds of it
_KINDS_AFTER = re.compile(
    rf"(?<![\w-])({_MOD})\s*(?::|\()\s*((?:{_MOD},\s+)*{_MOD},?\s+(?:and|or)\s+{_MOD})(?![\w-])"
)
_SPLIT = re.compile(r",?\s+(?:and|or)\s+|,\s+")


def listed_kinds(text: str) -> list[tuple[int, int, str]]:
    """(start, end, phrase) for each term a list of kinds in ``text`` names without writing it
    ("closed division" and "open division" for "divisions: closed and open"; the span is the
    whole list)."""
    out: list[tuple[int, int, str]] = []
    for m in _KINDS_AFTER.finditer(text):
        for mod in _SPLIT.split(m.group(2)):
            out.append((m.start(), m.end(), f"{mod} {m.group(1)}"))
    return out
