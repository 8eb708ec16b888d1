"""Small PDFs for tests, built with fpdf2 (and a few broken ones built by hand)."""

from __future__ import annotations

import zlib
from pathlib import Path

LOREM_TOPICS = {
    "paging": (
        "1 Introduction",
        "Serving large language models needs a key-value cache for every request. "
        "Existing systems reserve contiguous memory for the maximum sequence length, "
        "which causes internal and external fragmentation. "
        "We propose block tables that map logical blocks to physical blocks, like virtual memory pages in an operating system.",
    ),
    "tiling": (
        "2 Tiling",
        "Attention reads and writes a large matrix to slow high bandwidth memory. "
        "Tiling splits the inputs into blocks that fit in fast on-chip shared memory. "
        "An online softmax rescales partial results so the exact output is computed in one pass.",
    ),
    "benchmark": (
        "3 Benchmarks",
        "A benchmark suite measures the time to train a model to a target quality. "
        "Submissions follow closed division rules so that results are comparable across hardware vendors.",
    ),
}


def make_pdf(
    path: Path, pages: list[str], title: str | None = None, *, encrypt_password: str | None = None
) -> Path:
    """A text PDF with one string per page (newlines kept). Core font: latin-1 text only."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        if text:
            pdf.multi_cell(0, 6, text)
    if encrypt_password:
        pdf.set_encryption(owner_password="owner", user_password=encrypt_password)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def paper_pages(topic: str, title: str, n_pages: int = 2) -> list[str]:
    """A tiny 'paper': a title and abstract, then numbered sections, then references."""
    heading, body = LOREM_TOPICS[topic]
    first = f"{title}\nAbstract\n{body}\n{heading}\n{body} " * 1
    rest = [f"{i + 2}.1 Details part {i + 1}\n{body} {body}" for i in range(max(0, n_pages - 2))]
    last = f"{i_last(n_pages)} Conclusion\n{body}\nReferences\n[1] A. Author. A paper. 2020."
    return [first, *rest, last]


def i_last(n_pages: int) -> int:
    return n_pages + 2


def image_only_pdf(path: Path, n_pages: int = 2) -> Path:
    """Pages with only a drawn rectangle: no text layer at all."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(n_pages):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path


def raw_pdf(objects: list[bytes]) -> bytes:
    """Assemble a PDF from object bodies (1-based numbering), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def bomb_pdf(path: Path, expanded_bytes: int = 120_000_000) -> Path:
    """One page whose content stream inflates to ``expanded_bytes`` (compresses to ~100 KB)."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = bytearray()
    for _ in range(expanded_bytes // len(chunk)):
        data += comp.compress(chunk)
    data += comp.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + bytes(data) + b"\nendstream"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    path.write_bytes(raw_pdf(objs))
    return path


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def tex_math_font_pdf(
    path: Path, encoding: dict[int, str], to_unicode: dict[int, str], text: bytes, font: str = "txsys"
) -> Path:
    """One page set in a text font plus a TeX-style math font ``/ABCDEF+<font>`` the way pdfTeX
    writes it: no /Encoding, an embedded Type1 program whose clear-text part gives the built-in
    ``encoding`` (code -> glyph name), and a ToUnicode map covering only ``to_unicode``.
    ``text`` is the content stream's text: ``(...)`` strings in /F1 (Helvetica) and /F2 (math)."""
    program = (
        b"%%!PS-AdobeFont-1.0: %s 1.0\n/FontName /ABCDEF+%s def\n/Encoding 256 array\n"
        % (font.encode(), font.encode())
        + b"0 1 255 {1 index exch /.notdef put} for\n"
        + b"".join(b"dup %d /%s put\n" % (code, name.encode()) for code, name in sorted(encoding.items()))
        + b"readonly def\ncurrentdict end\ncurrentfile eexec\n"
    )
    cmap = (
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /TeX-txsys-builtin-0 def\n"
        b"/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        + b"%d beginbfchar\n" % len(to_unicode)
        + b"".join(
            b"<%02X> <%s>\n" % (code, ch.encode("utf-16-be").hex().upper().encode())
            for code, ch in sorted(to_unicode.items())
        )
        + b"endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
    content = b"BT /F1 12 Tf 72 700 Td " + text + b" ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>"
        ),
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+%s /FirstChar 0 /LastChar 255 " % font.encode()
        + b"/Widths ["
        + b" 600" * 256
        + b"] /FontDescriptor 7 0 R /ToUnicode 9 0 R >>",
        b"<< /Type /FontDescriptor /FontName /ABCDEF+%s /Flags 4"
        % font.encode()
        + b" /FontBBox [0 -250 1000 750] "
        b"/ItalicAngle 0 /Ascent 750 /Descent -250 /CapHeight 700 /StemV 80 /FontFile 8 0 R >>",
        _stream(program, b"/Length1 %d /Length2 0 /Length3 0 " % len(program)),
        _stream(cmap),
    ]
    path.write_bytes(raw_pdf(objs))
    return path
