"""Download the reading list's PDFs from arXiv into corpus/papers/.

Files already present are skipped; each download goes to ``<key>.pdf.part`` and is renamed into
place only after it is complete, looks like a PDF and (when papers.toml records
``download_sha256``) matches its hash, so an interrupted or bad download never leaves a
half-written ``.pdf``. The base URL can be changed (``--base-url`` / ``PAPERMIND_ARXIV_URL``),
which the tests use to point at a local HTTP server.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

from papermind import __version__
from papermind.corpus import PaperMeta
from papermind.errors import FetchError, NotFoundError

DEFAULT_BASE_URL = "https://arxiv.org/pdf"
TIMEOUT_S = 30


@dataclass
class FetchResult:
    key: str
    path: str
    status: str  # "downloaded" | "skipped" | "failed"
    bytes: int = 0
    reason: str | None = None


def base_url(override: str | None = None) -> str:
    return (override or os.environ.get("PAPERMIND_ARXIV_URL") or DEFAULT_BASE_URL).rstrip("/")


def _download(url: str, part: Path, on_bytes: Callable[[int], None] | None) -> tuple[int, str]:
    req = urllib.request.Request(
        url, headers={"User-Agent": f"papermind/{__version__} (course reading list)"}
    )
    h = hashlib.sha256()
    n = 0
    with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp, open(part, "wb") as out:
        while block := resp.read(1 << 16):
            out.write(block)
            h.update(block)
            n += len(block)
            if on_bytes:
                on_bytes(n)
        out.flush()
        os.fsync(out.fileno())
    return n, h.hexdigest()


def fetch_papers(
    reading_list: Mapping[str, PaperMeta],
    keys: list[str] | None,
    dest: Path,
    base: str | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> list[FetchResult]:
    if not reading_list:
        raise NotFoundError("the reading list (corpus/papers.toml) is empty or missing", "check --corpus")
    unknown = [k for k in keys or [] if k not in reading_list]
    if unknown:
        raise NotFoundError(
            f"unknown paper key(s): {', '.join(unknown)}", f"known: {', '.join(reading_list)}"
        )
    dest.mkdir(parents=True, exist_ok=True)
    root = base_url(base)
    results: list[FetchResult] = []
    for key in keys or list(reading_list):
        meta = reading_list[key]
        target = dest / f"{key}.pdf"
        if target.exists() and target.stat().st_size > 0:
            results.append(FetchResult(key, str(target), "skipped", target.stat().st_size, "already there"))
            continue
        if not meta.arxiv_id:
            results.append(FetchResult(key, str(target), "failed", reason="no arXiv id in papers.toml"))
            continue
        url = f"{root}/{meta.arxiv_id}"
        part = target.with_name(target.name + ".part")
        try:
            on_bytes = partial(progress, key) if progress else None
            n, digest = _download(url, part, on_bytes)
            with open(part, "rb") as fh:
                if not fh.read(1024).lstrip().startswith(b"%PDF-"):
                    raise FetchError(
                        f"{url} did not return a PDF", "the server may be rate-limiting; try later"
                    )
            want = meta.download_sha256
            if want and digest != want:
                raise FetchError(
                    f"{key}: sha256 mismatch ({digest[:12]}… != {want[:12]}…)",
                    "the download is not the recorded version; check papers.toml",
                )
            os.replace(part, target)
            results.append(FetchResult(key, str(target), "downloaded", n))
        except urllib.error.HTTPError as exc:
            part.unlink(missing_ok=True)
            results.append(FetchResult(key, str(target), "failed", reason=f"HTTP {exc.code} from {url}"))
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            part.unlink(missing_ok=True)
            host = urlparse(url).netloc
            raise FetchError(
                f"cannot reach {host} ({getattr(exc, 'reason', exc)}): are you offline?",
                f"connect to the internet, or copy the PDFs into {dest} by hand",
            ) from exc
        except FetchError as exc:
            part.unlink(missing_ok=True)
            results.append(FetchResult(key, str(target), "failed", reason=exc.message))
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    return results
