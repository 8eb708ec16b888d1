"""TeX math fonts whose ToUnicode map covers only some glyphs (pdfTeX's "builtin" maps): the
codes it leaves out are read through the embedded font program's own encoding."""

from __future__ import annotations

from pathlib import Path

import pytest

from papermind.ingest.extract import extract
from papermind.ingest.fonts import glyph_unicode
from tests.helpers.pdfs import tex_math_font_pdf

# the codes of Computer Modern / newtx symbol fonts (OMS encoding)
TXSYS = {0: "minus", 2: "multiply", 20: "lessequal", 21: "greaterequal", 28: "lessmuch", 29: "greatermuch"}
TXSYS |= {50: "element", 62: "latticetop", 74: "summationtext.1", 112: "radical", 55: "mapsto"}


def _pdf(tmp_path: Path, text: bytes) -> Path:
    return tex_math_font_pdf(tmp_path / "math.pdf", TXSYS, {55: "\u21a6"}, text)


def test_codes_missing_from_the_map_read_as_their_glyphs(tmp_path: Path) -> None:
    # "S = QK" in Helvetica, then \x3e (latticetop) \x32 (element) in the math font, ...
    text = rb"(S = QK) Tj /F2 12 Tf (>2) Tj /F1 12 Tf ( R, often N ) Tj /F2 12 Tf (\035) Tj /F1 12 Tf ( d) Tj"
    (page,) = extract(_pdf(tmp_path, text)).raw_pages
    assert "QK\u22a4\u2208" in page  # "QK⊤∈", not "QK>2"
    assert "N \u226b d" in page.replace("  ", " ")  # "N ≫ d", not "N d"


def test_the_map_keeps_the_codes_it_covers(tmp_path: Path) -> None:
    text = rb"/F2 12 Tf (7\002\024\025\000pJ) Tj"
    (page,) = extract(_pdf(tmp_path, text)).raw_pages
    assert page.replace(" ", "") == "\u21a6\u00d7\u2264\u2265\u2212\u221a\u2211"  # ↦×≤≥−√∑


def test_without_the_fix_pypdf_reads_standard_encoding(tmp_path: Path) -> None:
    """Guards the test itself: the built PDF shows the bug when read by pypdf alone."""
    from pypdf import PdfReader

    path = _pdf(tmp_path, rb"/F2 12 Tf (>2) Tj")
    assert PdfReader(path).pages[0].extract_text().strip() == ">2"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("element", "\u2208"),
        ("greatermuch", "\u226b"),
        ("latticetop", "\u22a4"),
        ("circledot", "\u2299"),
        ("proportional", "\u221d"),
        ("arrowright", "\u2192"),
        ("summationdisplay.1", "\u2211"),
        ("parenleftbig", "("),
        ("u1D44E", "\U0001d44e"),
        ("uni2113", "\u2113"),
        ("ff", "\ufb00"),  # the ligature; clean.py spells it out
    ],
)
def test_glyph_names(name: str, text: str) -> None:
    assert glyph_unicode(name) == text


def test_unknown_glyph_name_is_none() -> None:
    assert glyph_unicode("g1234xyz") is None


def test_blackboard_capitals_are_double_struck(tmp_path: Path) -> None:
    from tests.helpers.pdfs import tex_math_font_pdf

    # an AMS msbm-style font names its blackboard R plainly "R", and its map (if any) says "R" too
    path = tex_math_font_pdf(
        tmp_path / "bb.pdf", {82: "R", 69: "E", 63: "emptyset"}, {82: "R"}, b"/F2 12 Tf (RE?) Tj", "msbm10"
    )
    (page,) = extract(path).raw_pages
    assert page.strip() == "\u211d\U0001d53c\u2205"  # ℝ𝔼∅
