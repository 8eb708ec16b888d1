"""Reflow a PDF page's hard-wrapped lines into paragraphs for reading.

PDF text comes one printed line per line. For display, lines of one paragraph are joined (a
word split by an end-of-line hyphen is mended), while headings, short lines (figure labels, the
last line of a paragraph) and blank-line breaks are kept. Paragraphs are separated by a blank line.

Everything that shows positions in a page (find, next/previous hit, marked terms) works on the
reflowed text, so the positions are those of what is on screen.
"""

from __future__ import annotations

import re
from statistics import median

_HEADING = re.compile(
    r"^(?:(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Z]\.(?:\d+\.?)*)\s+[A-Z]\S*"  # 3.2 Paged Attention, IV. Eval
    r"|(?:Abstract|Acknowledg(?:e)?ments?|References|Appendix|Introduction|Conclusions?)\b)"
)
_SENTENCE_END = (".", "?", "!", ":", ";")
_CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Algorithm|Listing)\s+\d+[.:]")


def is_heading(line: str) -> bool:
    """A section heading: numbered or a known name, short, not ending like a sentence."""
    s = line.strip()
    if not s or len(s) > 80 or s.endswith((".", ",", ";")) and not re.match(r"^\d+(\.\d+)*\.?$", s):
        return False
    if _HEADING.match(s):
        return True
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(s.split()) <= 8


def _full_width(lines: list[str]) -> int:
    """How long a full line of body text is on this page."""
    lengths = [len(line.strip()) for line in lines if len(line.strip()) >= 20]
    return int(median(lengths)) if lengths else 60


def reflow(text: str) -> str:
    """``text`` with the lines of each paragraph joined; headings and short lines kept apart."""
    lines = text.split("\n")
    full = _full_width(lines)
    short = 0.7 * full
    out: list[str] = []  # finished blocks (paragraphs, headings, short lines)
    para = ""  # the paragraph being joined
    open_para = False  # whether the next line continues ``para``

    def close() -> None:
        nonlocal para, open_para
        if para:
            out.append(para)
        para, open_para = "", False

    for raw in lines:
        line = raw.strip()
        if not line:
            close()
            if out and out[-1] != "":
                out.append("")  # a blank-line break in the PDF stays a break
            continue
        if is_heading(line):
            close()
            out.append(line)
            continue
        if open_para and not _CAPTION.match(line):
            if para.endswith("-") and len(para) > 1 and para[-2].isalpha() and line[0].islower():
                para = para[:-1] + line  # mend a hyphenated word
            else:
                para = f"{para} {line}"
        else:
            close()
            para = line
        # a short line ends its paragraph (last line, label, figure text); so does a long one
        # only when the next line cannot continue it, which we learn from the next line's shape
        open_para = len(line) >= short and not (line.endswith(_SENTENCE_END) and len(line) < full * 0.85)
    close()
    # paragraphs (joined blocks) get a blank line around them; runs of short lines stay tight
    blocks: list[str] = []
    for block in out:
        if block == "":
            if blocks and blocks[-1] != "":
                blocks.append("")
            continue
        long_block = len(block) >= full or is_heading(block)
        if long_block and blocks and blocks[-1] != "":
            blocks.append("")
        blocks.append(block)
        if long_block:
            blocks.append("")
    while blocks and blocks[-1] == "":
        blocks.pop()
    return "\n".join(blocks)
