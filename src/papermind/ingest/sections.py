"""Find section headings in cleaned page text: pure functions, no I/O.

Headings are recognised line by line: numbered ("3.2 PagedAttention", "1 EXTENDED
INTRODUCTION", run-in "5.1.1 Title. Body..."), IEEE style ("II. BACKGROUND" with "A. Title"
subsections), the Abstract, Acknowledgements, References/Bibliography and appendices
("A Related Work", "A.1 ...", "Appendix: ..."). Numbering must move forward (next sibling
or first child), which rejects table rows, figure labels, list items and equation numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["SectionSpan", "find_sections"]


@dataclass(frozen=True)
class SectionSpan:
    number: str | None  # "3.2", "A.1", None for Abstract/References
    title: str  # "PagedAttention"
    level: int  # 1 for "3", 2 for "3.2", ...
    kind: str  # "front" | "abstract" | "body" | "references" | "appendix"
    page: int  # 0-based index into the pages list
    offset: int  # char offset of the heading line's start in that page's text


_ARABIC_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(\.?)\s+(\S.*)$")
_LETTER_RE = re.compile(r"^([A-H](?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
_ROMAN_RE = re.compile(r"^([IVX]{1,5})\.\s+([A-Z][A-Z0-9 &:,\-/()']+)$")
_IEEE_SUB_RE = re.compile(r"^([A-Z])\.\s+(\S.*)$")
_ABSTRACT_RE = re.compile(r"^(abstract)(?:\s*[—–:.\-]\s*\S.*|\s*)$", re.I)
_REFS_RE = re.compile(r"^(references|bibliography|literature cited|works cited)\s*:?$", re.I)
_ACK_RE = re.compile(r"^(acknowledge?ments?)(?::?\s*$|\.?\s+(?=[A-Z]))", re.I)
_APPENDIX_RE = re.compile(r"^(appendix|appendices|supplementary material)\b(.*)$", re.I)
_NUMBERED_RE = re.compile(r"^(?:[A-Z]|\d{1,2})(?:\.\d{1,2})*\.?\s")
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "via",
        "vs",
        "with",
        "without",
    ]
)
_ROMAN = {"I": 1, "V": 5, "X": 10}

MAX_TITLE_WORDS = 14
MAX_TITLE_CHARS = 100


def _roman(s: str) -> int | None:
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total if total > 0 else None


def _lines(pages: list[str]) -> Iterator[tuple[int, int, str, str]]:
    """(page, offset, stripped line, stripped next line) for every non-empty line."""
    flat: list[tuple[int, int, str]] = []
    for p, text in enumerate(pages):
        off = 0
        for raw in text.split("\n"):
            if raw.strip():
                flat.append((p, off, raw.strip()))
            off += len(raw) + 1
    for i, (p, off, line) in enumerate(flat):
        nxt = flat[i + 1][2] if i + 1 < len(flat) else ""
        yield p, off, line, nxt


def _title(text: str, nxt: str, level: int) -> str | None:
    """The heading title if ``text`` (the line after the number) looks like one."""
    text = text.strip()
    if level >= 2 and ". " in text:  # run-in heading: "Infinity offload engine. ZeRO is ..."
        head, _, rest = text.partition(". ")
        if len(head.split()) <= 10 and rest[:1].isupper():
            text = head
    if not text[:1].isupper() or text.endswith(".") or len(text) > MAX_TITLE_CHARS:
        return None
    words = text.split()
    if len(words) > MAX_TITLE_WORDS or "=" in text:
        return None
    chars = [c for c in text if not c.isspace()]
    if sum(c.isalpha() for c in chars) < 0.6 * len(chars):
        return None
    cont = [] if _NUMBERED_RE.match(nxt) else nxt.split()
    if text.endswith(",") or words[-1].lower().lstrip(",") in _FUNCTION_WORDS:
        # a title wrapped after a function word continues on the next line (+ "OpenAI GPT")
        if 0 < len(cont) <= 6 and nxt[:1].isupper() and not nxt.endswith(".") and ". " not in nxt:
            return f"{text} {nxt}"
        return None
    if 0 < len(cont) <= 3 and all(w[:1].isupper() or w in _FUNCTION_WORDS for w in cont):
        return f"{text} {nxt.rstrip('.')}"  # "... on Different" + "Tasks"
    return text


def _next_ok(parts: list[int], cur: list[int]) -> bool:
    """True if ``parts`` is the next sibling (skipping at most one) or a first child of
    ``cur`` (a numbering path like [3, 2])."""
    level = len(parts)
    if not cur:
        return (level == 1 and parts[0] in (0, 1)) or (level == 2 and parts == [1, 1])
    if level == 1:
        return cur[0] < parts[0] <= cur[0] + 2
    if len(cur) >= level - 1 and parts[:-1] == cur[: level - 1]:
        prev = cur[level - 1] if len(cur) >= level else 0
        return prev < parts[-1] <= prev + 2
    # missed parent: "4.1" right after "3.x" implies "4"
    return level == 2 and parts[0] == cur[0] + 1 and parts[1] == 1


def _is_ieee(pages: list[str]) -> bool:
    seen: list[str] = []
    for _p, _o, line, _n in _lines(pages):
        m = _ROMAN_RE.match(line)
        if m and _roman(m.group(1)) == len(seen) + 1:
            seen.append(line)
    return len(seen) >= 2


def _confirmed_appendix(pages: list[str], start: tuple[int, int]) -> bool:
    """A later "A.1 ..." or "B ..." heading confirms an "A ..." appendix heading."""
    for p, off, line, nxt in _lines(pages):
        if (p, off) <= start:
            continue
        m = _LETTER_RE.match(line)
        if m and m.group(1) in ("A.1", "B") and _title(m.group(2), nxt, 2):
            return True
    return False


def find_sections(pages: list[str]) -> list[SectionSpan]:
    """Section spans sorted by position; a "front" span at (0, 0) if text precedes the first."""
    ieee = _is_ieee(pages)
    spans: list[SectionSpan] = []
    region = "body"  # -> "references" -> "appendix"
    cur: list[int] = []  # arabic / roman numbering path
    app: list[int] = []  # appendix numbering path (A=1, B=2, ...)
    roman_name = ""
    abstract_done = False

    def add(number: str | None, title: str, level: int, kind: str, p: int, off: int) -> None:
        spans.append(SectionSpan(number, title, level, kind, p, off))

    for p, off, line, nxt in _lines(pages):
        if region == "body":
            if not abstract_done and not cur and (m := _ABSTRACT_RE.match(line)):
                abstract_done = True
                add(None, "Abstract", 1, "abstract", p, off)
                continue
            if _REFS_RE.match(line) and spans:
                region = "references"
                add(None, line.rstrip(":"), 1, "references", p, off)
                continue
            if cur and (m := _ACK_RE.match(line)):
                add(None, m.group(1), 1, "body", p, off)
                continue
            if ieee:
                m = _ROMAN_RE.match(line)
                if m and (n := _roman(m.group(1))) == (cur[0] + 1 if cur else 1):
                    cur, roman_name = [n], m.group(1)
                    add(roman_name, m.group(2).strip(), 1, "body", p, off)
                    continue
                m = _IEEE_SUB_RE.match(line)
                if m and cur and (title := _title(m.group(2), nxt, 2)):
                    k = ord(m.group(1)) - ord("A") + 1
                    if k == (cur[1] + 1 if len(cur) > 1 else 1):
                        cur = [cur[0], k]
                        add(f"{roman_name}.{m.group(1)}", title, 2, "body", p, off)
                continue
            m = _ARABIC_RE.match(line)
            if m:
                parts = [int(x) for x in m.group(1).split(".")]
                if m.group(2) and len(parts) == 1 and cur:
                    pass  # "2. Question: ..." inside a section is a list item
                elif _next_ok(parts, cur) and (title := _title(m.group(3), nxt, len(parts))):
                    if _REFS_RE.match(title):
                        region = "references"
                        add(m.group(1), title, 1, "references", p, off)
                    else:
                        cur = parts
                        add(m.group(1), title, len(parts), "body", p, off)
            continue

        # references / appendix region: only appendix headings start a new section
        m = _LETTER_RE.match(line)
        if m and not ieee:
            label = m.group(1).split(".")
            parts = [ord(label[0]) - ord("A") + 1] + [int(x) for x in label[1:]]
            title = _title(m.group(2), nxt, len(parts))
            if title and _next_ok(parts, app):
                if app or "appendix" in title.lower() or _confirmed_appendix(pages, (p, off)):
                    app, region = parts, "appendix"
                    add(m.group(1), title, len(parts), "appendix", p, off)
                    continue
        m = _APPENDIX_RE.match(line)
        if m and not app and len(line) <= 80 and not line.endswith("."):
            rest = m.group(2).strip()
            if not re.match(r"^[A-Z0-9]?\s*[a-z]", rest):  # not "Appendix E includes ..."
                region = "appendix"
                app = [0]
                add(None, line, 1, "appendix", p, off)

    if spans and (spans[0].page, spans[0].offset) != (0, 0):
        first = spans[0]
        before = "".join(pages[: first.page]) + pages[first.page][: first.offset]
        if before.strip():
            spans.insert(0, SectionSpan(None, "Front matter", 1, "front", 0, 0))
    elif not spans and any(t.strip() for t in pages):
        spans.append(SectionSpan(None, "Front matter", 1, "front", 0, 0))
    return spans
