"""Complete the partial ToUnicode maps of TeX fonts before pypdf extracts text.

pdfTeX and LuaTeX write a ToUnicode CMap for many math fonts (newtx ``txsys``, ``NewTXMI``,
``txexs`` ...) that covers only a few of the glyphs; the codes it leaves out are meant to be read
through the font program's built-in encoding. pypdf falls back to StandardEncoding for them
instead, so "∈" (code 0x32 in a TeX symbol font) comes out as "2", "⊤" (0x3E) as ">" and "≫"
(0x1C) as a control byte: "S = QK>2 RN×N", "Often N d".

``complete_to_unicode`` fixes that at the source, in memory only: for every simple Type1 font that
has a ToUnicode map but no /Encoding, it reads the built-in encoding of the embedded font program
(``dup 50 /element put`` in a Type1 font's clear-text part; the CFF charset of a Type1C font) and
adds the codes the map leaves out, named by their glyphs ("element" -> ∈, "greatermuch" -> ≫,
"latticetop" -> ⊤, "u1D44E" -> 𝑎). Codes the map already covers keep its mapping, and fonts with an
/Encoding are left to pypdf, which reads it. Text in fonts with complete maps is unchanged.

One per-font rule on top: in blackboard fonts (AMS ``msbm``, newtx/newpx ``txsyb``) the capitals
are named "A".."Z" but printed double-struck, so they become ℝ, ℕ, 𝔼 ... ("∈ RN×d" -> "∈ ℝN×d").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from io import BytesIO
from typing import Any

__all__ = ["complete_to_unicode", "glyph_unicode"]

# `dup <code> /<glyph> put` in the clear-text part of a Type1 font program
_DUP = re.compile(rb"dup\s+(\d{1,3})\s*/([^\s/\[\]{}()<>%]+)\s+put")
_CMAP_CODE = re.compile(rb"<([0-9A-Fa-f]{2})>")
_UNI_NAME = re.compile(r"uni([0-9A-F]{4})+")
_U_NAME = re.compile(r"u([0-9A-F]{4,6})")

# TeX glyph names that the Adobe glyph list (as pypdf ships it) lacks.
_TEX_GLYPHS: dict[str, str] = {
    "summationtext": "\u2211",
    "summationdisplay": "\u2211",
    "producttext": "\u220f",
    "productdisplay": "\u220f",
    "integraltext": "\u222b",
    "integraldisplay": "\u222b",
    "radicalbig": "\u221a",
    "radicalBig": "\u221a",
    "radicalbigg": "\u221a",
    "radicalBigg": "\u221a",
    "radicalbt": "\u221a",
    "unionsqtext": "\u2294",
    "circledottext": "\u2299",
    "circledotdisplay": "\u2299",
    "circlemultiplytext": "\u2297",
    "circlemultiplydisplay": "\u2297",
    "circleplustext": "\u2295",
    "circleplusdisplay": "\u2295",
    "uniontext": "\u22c3",
    "uniondisplay": "\u22c3",
    "intersectiontext": "\u22c2",
    "intersectiondisplay": "\u22c2",
    "logicalandtext": "\u22c0",
    "logicalanddisplay": "\u22c0",
    "logicalortext": "\u22c1",
    "logicalordisplay": "\u22c1",
    "coproducttext": "\u2210",
    "coproductdisplay": "\u2210",
    "latticetop": "\u22a4",
    "perpendicular": "\u22a5",
    "negationslash": "\u0338",
    "mapsto": "\u21a6",
    "owner": "\u220b",
    "lessmuch": "\u226a",
    "greatermuch": "\u226b",
    "precedesequal": "\u2aaf",
    "followsequal": "\u2ab0",
    "equivasymptotic": "\u224d",
    "follows": "\u227b",
    "precedes": "\u227a",
    "dotlessj": "\u0237",
}
# "(" / ")" / "[" ... in the sizes of TeX's extension font ("parenleftbig", "bracketrightBigg")
_SIZED = re.compile(r"(.+?)(?:bigg|Bigg|big|Big|bt|tp|ex|mid|text|display)$")


def glyph_unicode(name: str) -> str | None:
    """The text a glyph name stands for: Adobe glyph list names, TeX math names, ``uniXXXX``
    and ``uXXXXX`` names; variant suffixes (".1", ".alt", "_sc") are ignored."""
    from pypdf._codecs import adobe_glyphs  # pypdf's AGL, which already knows many TeX names

    base = re.split(r"[._]", name, maxsplit=1)[0] or name
    for candidate in (name, base):
        if (text := adobe_glyphs.get("/" + candidate)) is not None:
            return text
        if (text := _TEX_GLYPHS.get(candidate)) is not None:
            return text
        if m := _UNI_NAME.fullmatch(candidate):
            return "".join(chr(int(candidate[i : i + 4], 16)) for i in range(3, len(candidate), 4))
        if m := _U_NAME.fullmatch(candidate):
            return chr(int(m.group(1), 16))
        if (m := _SIZED.fullmatch(candidate)) and (text := adobe_glyphs.get("/" + m.group(1))):
            return text
    return None


def builtin_encoding(font: Any) -> dict[int, str]:
    """code -> glyph name from the embedded font program of a simple Type1 font ({} when the
    program is missing or is not Type1 / Type1C)."""
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return {}
    descriptor = descriptor.get_object()
    if "/FontFile" in descriptor:
        data = descriptor["/FontFile"].get_object().get_data()
        clear = data.split(b"eexec", 1)[0]
        return {int(code): name.decode("latin-1") for code, name in _DUP.findall(clear) if int(code) < 256}
    if "/FontFile3" in descriptor:
        stream = descriptor["/FontFile3"].get_object()
        if stream.get("/Subtype") == "/Type1C":
            return _cff_encoding(stream.get_data())
    return {}


def _cff_encoding(data: bytes) -> dict[int, str]:
    try:
        from fontTools.cffLib import CFFFontSet  # type: ignore[import-untyped]
    except ImportError:  # fontTools is optional for pypdf; without it CFF fonts stay as pypdf reads them
        return {}
    fonts = CFFFontSet()
    try:
        fonts.decompile(BytesIO(data), None)
        encoding = fonts.topDictIndex[0].Encoding
    except (ValueError, KeyError, IndexError, AssertionError, EOFError, TypeError):
        return {}
    if isinstance(encoding, str):  # "StandardEncoding" / "ExpertEncoding": pypdf handles those
        return {}
    return {i: name for i, name in enumerate(encoding[:256]) if name and name != ".notdef"}


def _mapped_codes(cmap: bytes) -> set[int]:
    """One-byte codes a ToUnicode CMap maps (bfchar entries and bfrange spans)."""
    codes: set[int] = set()
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for line in block.splitlines():
            found = _CMAP_CODE.findall(line)
            if found:
                codes.add(int(found[0], 16))
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for line in block.splitlines():
            found = _CMAP_CODE.findall(line)
            if len(found) >= 2:
                codes.update(range(int(found[0], 16), int(found[1], 16) + 1))
    return codes


def _bfchar_blocks(entries: dict[int, str]) -> bytes:
    out: list[bytes] = []
    items = sorted(entries.items())
    for start in range(0, len(items), 100):  # a CMap block holds at most 100 entries
        chunk = items[start : start + 100]
        lines = [
            b"<%02X> <%s>" % (code, text.encode("utf-16-be").hex().upper().encode()) for code, text in chunk
        ]
        out.append(b"%d beginbfchar\n" % len(chunk) + b"\n".join(lines) + b"\nendbfchar\n")
    return b"".join(out)


# Fonts whose capital letters are blackboard bold although their glyphs are named "A".."Z" (AMS
# msbm; newtx/newpx "syb", which \mathbb uses): "R" there is ℝ, whatever the ToUnicode map says.
_BLACKBOARD_FONTS = re.compile(r"(?i)msbm\d*|n?[tp]xsyb")
_LETTERLIKE = {
    "C": "\u2102",
    "H": "\u210d",
    "N": "\u2115",
    "P": "\u2119",
    "Q": "\u211a",
    "R": "\u211d",
    "Z": "\u2124",
}


def _double_struck(letter: str) -> str:
    return _LETTERLIKE.get(letter) or chr(0x1D538 + ord(letter) - ord("A"))


def _base_name(font: Any) -> str:
    """ "/ABCDEF+CMSY10" -> "CMSY10"."""
    return str(font.get("/BaseFont", "")).lstrip("/").rpartition("+")[2]


def _new_entries(font: Any, cmap: bytes | None) -> dict[int, str]:
    """The code -> text entries to add to a font's ToUnicode map (``cmap``; None: it has none)."""
    from pypdf._codecs import charset_encoding

    encoding = builtin_encoding(font)
    base = _base_name(font)
    blackboard = bool(_BLACKBOARD_FONTS.fullmatch(base))
    if cmap is None and not blackboard:
        return {}  # pypdf reads the font program's encoding itself when there is no map
    covered = _mapped_codes(cmap) if cmap is not None else set()
    # Dingbats glyphs are named "a1".."a191": their meaning is the ZapfDingbats code itself
    dingbats = base in {"Dingbats", "ZapfDingbats"}
    entries: dict[int, str] = {}
    for code, name in encoding.items():
        if blackboard and len(name) == 1 and "A" <= name <= "Z":
            entries[code] = _double_struck(name)
            continue
        if code in covered:
            continue
        text = charset_encoding["/ZapfDingbats"][code] if dingbats else glyph_unicode(name)
        if text:
            entries[code] = unicodedata.normalize("NFC", text)
    return entries


_EMPTY_CMAP = (
    b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /papermind-builtin def\n"
    b"/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\nendcmap\n"
    b"CMapName currentdict /CMap defineresource pop\nend\nend\n"
)


def _fonts(resources: Any, seen: set[int]) -> Iterator[Any]:
    """Font dictionaries of a resource dictionary and of the form XObjects it uses."""
    if resources is None or id(resources) in seen:
        return
    seen.add(id(resources))
    resources = resources.get_object()
    for ref in (resources.get("/Font") or {}).values():
        yield ref.get_object()
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield from _fonts(xobject["/Resources"], seen)


def complete_to_unicode(reader: Any) -> int:
    """Add the codes each TeX-style font's ToUnicode map leaves out (see the module doc) to the
    fonts of every page of ``reader``, in memory; returns how many codes were added."""
    from pypdf.errors import PdfReadError, PyPdfError
    from pypdf.generic import DecodedStreamObject, NameObject

    added = 0
    done: set[int] = set()
    for page in reader.pages:
        for font in _fonts(page.get("/Resources"), set()):
            if id(font) in done:
                continue
            done.add(id(font))
            if font.get("/Subtype") != "/Type1" or "/Encoding" in font:
                continue
            try:
                cmap = font["/ToUnicode"].get_object().get_data() if "/ToUnicode" in font else None
                entries = _new_entries(font, cmap)
            except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError):
                continue  # a damaged map or font program: pypdf reads this font as it would have
            base = cmap if cmap is not None else _EMPTY_CMAP
            if not entries or b"endcmap" not in base:
                continue
            head, _, tail = base.rpartition(b"endcmap")
            stream = DecodedStreamObject()
            stream.set_data(head + _bfchar_blocks(entries) + b"endcmap" + tail)
            font[NameObject("/ToUnicode")] = stream
            added += len(entries)
    return added
