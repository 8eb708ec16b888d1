"""Read one PDF safely: validate it, hash it, and pull raw text per page with pypdf.

Every way a file can be unusable becomes an ``IngestError`` whose message names the file and the
reason in one line (not a PDF, empty, truncated or corrupt, encrypted, no text layer, a
decompression bomb, ...). Nothing here touches the store.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from papermind.errors import IngestError

if TYPE_CHECKING:
    import pypdf

MAX_FILE_BYTES = 200 * 1024 * 1024  # a 200 MB "paper" is not a paper
MAX_PAGES = 500
MAX_PAGE_CHARS = 400_000  # ~100x a dense two-column page: more means a bomb or garbage

_ARXIV_STAMP = re.compile(r"arXiv:(\d{4}\.\d{4,5})(v\d+)?")


@dataclass
class ExtractedPDF:
    path: Path
    sha256: str
    size: int
    raw_pages: list[str]
    info: dict[str, str] = field(default_factory=dict)  # /Title, /Author, ... from the PDF
    empty_pages: list[int] = field(default_factory=list)  # 1-based pages with no text layer

    @property
    def num_pages(self) -> int:
        return len(self.raw_pages)

    def arxiv_id(self) -> str | None:
        for text in self.raw_pages[:2]:
            m = _ARXIV_STAMP.search(text)
            if m:
                return m.group(1)
        return None


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fail(path: Path, reason: str, hint: str | None = None) -> IngestError:
    return IngestError(f"{path}: {reason}", hint)


def check_file(path: Path) -> tuple[int, bytes]:
    """Cheap checks before pypdf sees the file; returns (size, first bytes)."""
    if not path.exists():
        raise _fail(path, "no such file or directory", "check the path")
    if not path.is_file():
        raise _fail(path, "not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise _fail(path, "empty file (0 bytes)", "re-download the PDF")
    if size > MAX_FILE_BYTES:
        raise _fail(path, f"file too large ({size / 1e6:.0f} MB > {MAX_FILE_BYTES / 1e6:.0f} MB)")
    with open(path, "rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%PDF-" not in head:
        kind = "HTML" if b"<html" in head.lower() or b"<!doctype" in head.lower() else "data"
        raise _fail(
            path,
            f"not a PDF (no %PDF header; looks like {kind})",
            "a download may have saved an error page; fetch the PDF again",
        )
    if b"%%EOF" not in tail:
        raise _fail(
            path, "truncated PDF (no %%EOF end-of-file marker)", "the download was cut short; fetch it again"
        )
    return size, head


def _pypdf_reader(path: Path) -> pypdf.PdfReader:
    import pypdf

    return pypdf.PdfReader(str(path), strict=False)


def extract(path: Path, sha256: str | None = None) -> ExtractedPDF:
    """Validate and extract raw text per page. Raises IngestError with a one-line reason.
    ``sha256``: the file's digest when the caller has it already (not computed again)."""
    path = Path(path)
    size, _ = check_file(path)
    digest = sha256 or sha256_file(path)

    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError, PyPdfError

    # pypdf logs recoverable oddities (e.g. "Ignoring wrong pointing object") as warnings: they
    # are noise for our users, real failures still raise.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = _pypdf_reader(path)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:
                raise _fail(path, f"encrypted and cannot be decrypted ({exc})") from exc
            if not ok:
                raise _fail(
                    path,
                    "encrypted (a password is required to read it)",
                    "save an unencrypted copy (e.g. print to PDF) and ingest that",
                )
        n = len(reader.pages)
        if n == 0:
            raise _fail(path, "the PDF has no pages")
        if n > MAX_PAGES:
            raise _fail(path, f"too many pages ({n} > {MAX_PAGES}); is this a whole proceedings?")
        pages: list[str] = []
        for i, page in enumerate(reader.pages):
            text = page.extract_text() or ""
            if len(text) > MAX_PAGE_CHARS:
                raise _fail(path, f"page {i + 1} expands to {len(text):,} characters (decompression bomb?)")
            pages.append(text)
        info = {k.lstrip("/"): str(v) for k, v in (reader.metadata or {}).items() if v}
    except IngestError:
        raise
    except LimitReachedError as exc:
        raise _fail(
            path, f"refused: a stream decompresses past the safety limit (decompression bomb?): {exc}"
        ) from exc
    except FileNotDecryptedError as exc:
        raise _fail(path, "encrypted (a password is required to read it)") from exc
    except (PdfReadError, PyPdfError) as exc:
        raise _fail(path, f"corrupt PDF ({exc})", "fetch or export the PDF again") from exc
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
        # pypdf surfaces damage in many shapes; none of them are our bugs to hide, so report
        raise _fail(
            path, f"corrupt PDF ({type(exc).__name__}: {exc})", "fetch or export the PDF again"
        ) from exc

    empty = [i + 1 for i, t in enumerate(pages) if not t.strip()]
    if len(empty) == len(pages):
        raise _fail(
            path,
            f"no text layer on any page (pages {_ranges(empty)}); it is probably scanned images",
            "run OCR on it first (e.g. ocrmypdf) and ingest the result",
        )
    return ExtractedPDF(path=path, sha256=digest, size=size, raw_pages=pages, info=info, empty_pages=empty)


def _ranges(nums: list[int]) -> str:
    """[1,2,3,5] -> '1-3, 5'"""
    out: list[str] = []
    start: int | None = None
    prev = 0
    for n in nums:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}-{prev}" if start != prev else f"{start}")
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if start != prev else f"{start}")
    return ", ".join(out)
