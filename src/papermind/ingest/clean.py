"""Clean per-page text extracted by pypdf: pure functions, no I/O.

``clean_pages`` keeps one output page per input page and one text line per line. It
normalises characters (ligatures, math-alphanumeric letters, control bytes, spacing
accents), drops arXiv side stamps, publisher permission blocks, running headers/footers
and bare page numbers, joins words hyphenated across line ends (keeping the hyphen for
real compounds) and normalises whitespace.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["clean_pages", "LIGATURES"]

# Presentation-form ligatures (U+FB00..FB06) plus a few that pypdf emits from odd fonts.
LIGATURES: dict[str, str] = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",  # long s + t
    "\ufb06": "st",
    "\ua732": "AA",
    "\ua733": "aa",
    "\u0132": "IJ",
    "\u0133": "ij",
    "\u0152": "OE",
    "\u0153": "oe",
}

_LIGATURE_TABLE = str.maketrans(LIGATURES)
# math italic/bold/sans letters and digits; double-struck ones (𝔼, 𝟙: U+1D538-1D56B, 1D7D8-1D7E1)
# mean something else than the plain letter and stay, like ℝ and ℕ
_MATH_ALNUM_RE = re.compile("[\U0001d400-\U0001d537\U0001d56c-\U0001d7d7\U0001d7e2-\U0001d7ff\u210e]")

# Invisible or layout-only characters.
_DROP = dict.fromkeys(
    map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufe00\ufe01\ufe02\ufe03\ufe0e\ufe0f"), None
)
_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\x0b"), " "
)

_SPACING_ACCENTS = {
    "\u00b4": "\u0301",  # acute
    "`": "\u0300",
    "\u00a8": "\u0308",  # diaeresis
    "\u02c6": "\u0302",  # circumflex
    "\u02dc": "\u0303",  # tilde
    "\u02dd": "\u030b",  # double acute
    "\u02c7": "\u030c",  # caron
}
_ACCENT_RE = re.compile(r"(?<=[A-Za-z])([\u00b4`\u00a8\u02c6\u02dc\u02dd\u02c7])([A-Za-z])")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# arXiv side stamp: "arXiv:2309.06180v1 [cs.LG] 12 Sep 2023" (spacing varies).
_ARXIV_RE = re.compile(
    r"arXiv\s*:\s*\d{4}\.\d{4,5}(?:v\d+)?\s*\[\s*[A-Za-z\-]+(?:\.[A-Za-z\-]+)?\s*\]\s*"
    r"\d{1,2}\s*[A-Z][a-z]{2}\s*\d{4}"
)
_PAGE_NUMBER_RE = re.compile(r"^\d{1,4}$")
_BOILERPLATE_START = re.compile(
    r"^(Permission to make digital or hard copies|This work is licensed under a Creative Commons)",
    re.I,
)
_BOILERPLATE_END = re.compile(r"(doi\.org/|ACM ISBN|https?://doi)", re.I)
_KEEP_HYPHEN_PREFIXES = frozenset({"self"})
_COMPOUND_SUFFIXES = frozenset(
    """based level aware wise like specific free sensitive grained scale oriented driven centric
    bound efficient intensive friendly agnostic dependent independent related side world party
    hitter time""".split()
)
_LINK_WORDS = frozenset("to of the and in on by for".split())
_JOIN_PREFIXES = frozenset("out over under with some any every where there here".split())

HEADER_ZONE_LINES = 3  # lines at the top/bottom of a page searched for running headers
HEADER_MIN_PAGES = 3  # a header repeats on at least this many pages ...
HEADER_MIN_FRACTION = 0.3  # ... and at least this fraction of pages


def clean_pages(raw_pages: list[str]) -> list[str]:
    """Cleaned text per page (same length as ``raw_pages``), one text line per line."""
    raw = [p or "" for p in raw_pages]
    pages = [_split_lines(_normalise_chars(p)) for p in raw]
    pages = [_drop_boilerplate(lines) for lines in pages]
    pages = _drop_headers_footers(pages)
    pages = _drop_page_numbers(pages)
    pages = [[_unglue_marker(line) for line in lines] for lines in pages]
    pages = _dehyphenate(pages)
    return ["\n".join(line for line in lines if line) for lines in pages]


# -- characters --------------------------------------------------------------------------


def _normalise_chars(text: str) -> str:
    text = text.translate(_DROP).translate(_SPACES).translate(_LIGATURE_TABLE)
    # mathematical italic/bold letters and digits ("𝑥", "ℎ") -> plain ASCII
    text = _MATH_ALNUM_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    text = _CONTROL_RE.sub(" ", text)
    text = _ACCENT_RE.sub(
        lambda m: unicodedata.normalize("NFC", m.group(2) + _SPACING_ACCENTS[m.group(1)]), text
    )
    return text


def _split_lines(text: str) -> list[str]:
    lines = []
    for line in text.split("\n"):
        line = _ARXIV_RE.sub(" ", line)
        if _ARXIV_RE.search(line[::-1]):  # some viewers emit the rotated stamp reversed
            line = _ARXIV_RE.sub(" ", line[::-1])[::-1]
        line = " ".join(line.split())
        if line:
            lines.append(line)
    return lines


# -- page furniture ----------------------------------------------------------------------


def _drop_boilerplate(lines: list[str]) -> list[str]:
    """Remove a publisher permission/copyright block (first-page footnote of ACM papers)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _BOILERPLATE_START.match(lines[i]):
            end = None
            for j in range(i, min(len(lines), i + 16)):
                if _BOILERPLATE_END.search(lines[j]):
                    end = j
            if end is not None:
                i = end + 1
                continue
        out.append(lines[i])
        i += 1
    return out


def _header_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.replace(" ", ""))


def _zone(n: int) -> list[int]:
    k = HEADER_ZONE_LINES
    return sorted(set(range(min(k, n))) | set(range(max(0, n - k), n)))


def _drop_headers_footers(pages: list[list[str]]) -> list[list[str]]:
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_header_key(lines[i]) for i in _zone(len(lines))})
    need = max(HEADER_MIN_PAGES, HEADER_MIN_FRACTION * len(pages))
    repeated = {k for k, n in seen.items() if n >= need and re.search(r"[A-Za-z]", k)}
    if not repeated:
        return pages
    out = []
    for lines in pages:
        zone = set(_zone(len(lines)))
        out.append([ln for i, ln in enumerate(lines) if i not in zone or _header_key(ln) not in repeated])
    return out


def _drop_page_numbers(pages: list[list[str]]) -> list[list[str]]:
    """Drop bare numbers near the top/bottom that follow the page sequence (value - index
    constant across the document); fall back to the last line when no sequence shows."""
    offsets: Counter[int] = Counter()
    for idx, lines in enumerate(pages):
        for i in _zone(len(lines)):
            if _PAGE_NUMBER_RE.match(lines[i]):
                offsets[int(lines[i]) - idx] += 1
    offset = None
    if offsets:
        best, n = offsets.most_common(1)[0]
        if n >= 2 or len(pages) == 1:
            offset = best
    out = []
    for idx, lines in enumerate(pages):
        zone = _zone(len(lines))
        drop = {
            i
            for i in zone
            if _PAGE_NUMBER_RE.match(lines[i]) and offset is not None and int(lines[i]) - idx == offset
        }
        out.append([ln for i, ln in enumerate(lines) if i not in drop])
    return out


# -- glued numbers ----------------------------------------------------------------------

_GLUED_MARKER = re.compile(r"^(\d{1,2})(?=[A-Z][a-z])")


def _unglue_marker(line: str) -> str:
    """A number glued to the capitalised word that starts a line: a footnote's marker when a
    sentence follows ("5The final model achieves ..." -> "The final model achieves ..."), else a
    figure's tick value run into its label ("40Memory usage (GB)" -> "40 Memory usage (GB)")."""
    m = _GLUED_MARKER.match(line)
    if not m:
        return line
    rest = line[m.end() :]
    return rest if len(rest.split()) >= 4 else f"{m.group(1)} {rest}"


# -- hyphenation -------------------------------------------------------------------------

_WORD_RE = re.compile(r"[A-Za-z]+")
_COMPOUND_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
_RIGHT_PART = re.compile(r"[A-Za-z0-9]+")
_LINE_END_HYPHEN = re.compile(r"(?:^|(?<=[^\w-]))([\w-]*?)([A-Za-z]+)-$")


def _vocab(pages: list[list[str]]) -> tuple[Counter[str], Counter[str]]:
    """Word and hyphenated-pair counts of the document, line-end fragments left out."""
    words: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    broken = False  # the previous line ended with a hyphen: skip this line's first token
    for lines in pages:
        for line in lines:
            tokens = line.split(" ")
            ends_broken = line.endswith("-")
            body = " ".join(tokens[int(broken) : len(tokens) - int(ends_broken)])
            broken = ends_broken
            words.update(w.lower() for w in _WORD_RE.findall(body))
            for comp in _COMPOUND_RE.findall(body):
                parts = comp.lower().split("-")
                pairs.update(f"{a}-{b}" for a, b in zip(parts, parts[1:]))
    return words, pairs


def _keep_hyphen(before: str, left: str, right: str, words: Counter[str], pairs: Counter[str]) -> bool:
    if not right[:1].islower():
        return True  # "GPT-\n3", "Wiki-\nText": second part capitalised or a number
    lo, ro = left.lower(), right.lower()
    hyphenated, joined = pairs[f"{lo}-{ro}"], words[lo + ro]
    if hyphenated and hyphenated >= joined:
        return True
    if joined:
        return False
    if "-" in before.strip("-") or lo in _KEEP_HYPHEN_PREFIXES or len(lo) == 1 or ro in _COMPOUND_SUFFIXES:
        return True  # "state-of-the-" + "art", "self-" + "attention", "k-" + "bit", "image-" + "based"
    if ro in _LINK_WORDS and words[lo]:
        return True  # "English-" + "to-German", "out-" + "of-memory"
    # neither form seen: two words the document uses on their own make a compound
    # ("sequence-aligned"); syllable fragments ("advan-" + "ced") do not
    return min(len(lo), len(ro)) >= 3 and words[lo] > 0 and words[ro] > 0 and lo not in _JOIN_PREFIXES


def _dehyphenate(pages: list[list[str]]) -> list[list[str]]:
    """Join "mem-" + "ory" across a line end (also across a page end) by moving the first
    token of the next line up; keep the hyphen for compounds."""
    words, pairs = _vocab(pages)
    flat = [(p, i) for p, lines in enumerate(pages) for i in range(len(lines))]
    pages = [list(lines) for lines in pages]
    for k, (p, i) in enumerate(flat[:-1]):
        line = pages[p][i]
        m = _LINE_END_HYPHEN.search(line) if line.endswith("-") else None
        if not m:
            continue
        np_, ni = flat[k + 1]
        nxt = pages[np_][ni]
        if np_ != p and not nxt[:1].islower():
            continue  # across pages only when the next page clearly continues the word
        head, _, rest = nxt.partition(" ")
        right = _RIGHT_PART.match(head)
        if not right:
            continue
        compound = head[right.end() : right.end() + 1] == "-"  # "English-" + "to-German"
        if compound or _keep_hyphen(m.group(1), m.group(2), right.group(0), words, pairs):
            pages[p][i] = line + head
        else:
            pages[p][i] = line[:-1] + head
        pages[np_][ni] = rest
    return pages
