"""Where text sits on a page: runs of text with their font size and position, as pypdf's
``visitor_text`` reports them while it extracts the page (no second pass over the page).

Only the first pages are kept (metadata reads the title page); body text needs none of it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LAYOUT_PAGES = 3  # a cover page, a copyright page, then the title page at the latest


@dataclass(frozen=True)
class TextRun:
    """One string shown by one text operator: ``size`` is the rendered font size in points
    (font size x text matrix x CTM), ``x``/``y`` the baseline origin in page space."""

    text: str
    size: float
    x: float
    y: float
    rotated: bool = False  # not horizontal (an arXiv side stamp, an axis label)
    font: str = ""  # base font name without the subset prefix ("NimbusRomNo9L-Medi")


@dataclass
class PageLayout:
    height: float
    runs: list[TextRun] = field(default_factory=list)


def _base_font(font_dict: Any) -> str:
    if not font_dict:
        return ""
    return str(font_dict.get("/BaseFont", "")).lstrip("/").rpartition("+")[2]


def collector(layout: PageLayout) -> Callable[[str, Any, Any, Any, Any], None]:
    """A ``visitor_text`` callback that appends the page's runs to ``layout``."""

    def visit(text: str, cm: Any, tm: Any, font_dict: Any, font_size: Any) -> None:
        if not text or not text.strip():
            return
        a = tm[0] * cm[0] + tm[1] * cm[2]
        b = tm[0] * cm[1] + tm[1] * cm[3]
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        size = float(font_size or 0) * math.hypot(c, d)
        rotated = abs(b) > 1e-3 * max(abs(a), 1e-9) or a < 0
        layout.runs.append(TextRun(text, round(size, 2), float(x), float(y), rotated, _base_font(font_dict)))

    return visit


def page_height(page: Any) -> float:
    box = page.mediabox
    return float(box.height)
