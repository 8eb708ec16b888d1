"""The reading list's metadata: ``corpus/papers.toml`` -> ``dict[key, PaperMeta]`` (``ReadingList`` is
the loaded list the services share).

Each ``[[paper]]`` table has ``key``, ``title``, ``authors`` (list), ``year``, ``venue``, ``arxiv``
(an arXiv id without version) and optionally ``sha256`` (of the PDF) and ``pdf`` (file name).
Errors are ``ConfigError`` naming ``file:line``. ``tomllib`` gives no line numbers, so
``TomlLines`` finds them by scanning the text (also used by ``papermind.syllabus``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from papermind.errors import ConfigError

ARXIV_NEW = re.compile(r"^\d{4}\.\d{4,5}$")  # 1706.03762, 2503.08311
ARXIV_OLD = re.compile(r"^[a-z][a-z.\-]*(\.[A-Z]{2})?/\d{7}$")  # cs/0112017, math.GT/0309136
SHA256 = re.compile(r"^[0-9a-f]{64}$")

REQUIRED = ("key", "title", "authors", "year", "venue", "arxiv")
OPTIONAL = ("sha256", "pdf", "download_sha256")


@dataclass(frozen=True)
class PaperMeta:
    key: str
    title: str
    authors: tuple[str, ...]
    year: int
    venue: str
    arxiv_id: str
    sha256: str | None = None
    pdf: str | None = None
    # sha256 of what `papermind fetch` downloads (arXiv's current PDF); verified when recorded.
    # `sha256` identifies the local copy we know, which may be another build (e.g. ACM's).
    download_sha256: str | None = None

    @property
    def short_title(self) -> str:
        """A short label: the part before a colon ("BERT", "ZeRO-Infinity"), else the title cut."""
        head, sep, _ = self.title.partition(":")
        if sep and len(head) <= 30:
            return head.strip()
        return self.title if len(self.title) <= 40 else self.title[:39].rstrip() + "…"


class TomlLines:
    """Line numbers (1-based) of ``[[array.of.tables]]`` headers and their fields in a TOML text."""

    _HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]\s*(#.*)?$")
    _ANY_HEADER = re.compile(r"^\s*\[")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def table(self, name: str, index: int) -> tuple[int, int] | None:
        """(header line, last line) of the ``index``-th (0-based) ``[[name]]`` table."""
        seen = -1
        for i, line in enumerate(self.lines):
            m = self._HEADER.match(line)
            if m and m.group(1) == name:
                seen += 1
                if seen == index:
                    end = len(self.lines)
                    for j in range(i + 1, len(self.lines)):
                        if self._ANY_HEADER.match(self.lines[j]):
                            end = j
                            break
                    return i + 1, end
        return None

    def field(self, name: str, index: int, field: str | None = None) -> int:
        """Line of ``field = ...`` in that table, else of its header, else 1."""
        span = self.table(name, index)
        if span is None:
            return 1
        start, end = span
        if field is not None:
            pat = re.compile(rf"^\s*{re.escape(field)}\s*=")
            for n in range(start, end + 1):
                if pat.match(self.lines[n - 1]):
                    return n
        return start

    def key(self, key: str) -> int:
        """Line of a top-level ``key = ...`` (before the first table header), else 1."""
        pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for n, line in enumerate(self.lines, 1):
            if self._ANY_HEADER.match(line):
                break
            if pat.match(line):
                return n
        return 1


def read_toml(path: Path) -> tuple[dict[str, Any], TomlLines]:
    """Parse a TOML file; a missing file or a syntax error becomes a ConfigError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found", "check --corpus / PAPERMIND_CORPUS") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        where = f"{path}:{m.group(1)}" if m else str(path)
        raise ConfigError(f"{where}: invalid TOML ({exc})", "fix the syntax at that line") from None
    return data, TomlLines(text)


def _check_arxiv(value: str) -> bool:
    return bool(ARXIV_NEW.match(value) or ARXIV_OLD.match(value))


def load_papers(path: str | Path) -> dict[str, PaperMeta]:
    """Load and validate ``papers.toml``; keys keep the file's order."""
    path = Path(path)
    data, lines = read_toml(path)
    extra = sorted(set(data) - {"paper"})
    if extra:
        raise ConfigError(
            f"{path}:{lines.key(extra[0])}: unknown top-level field {extra[0]!r}",
            "papers.toml holds only [[paper]] tables",
        )
    tables = data.get("paper", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{path}:{lines.key('paper')}: 'paper' must be [[paper]] tables")
    papers: dict[str, PaperMeta] = {}
    for i, t in enumerate(tables):
        meta = _paper(path, lines, i, t)
        if meta.key in papers:
            raise ConfigError(
                f"{path}:{lines.field('paper', i, 'key')}: duplicate paper key {meta.key!r}",
                "each [[paper]] needs its own key",
            )
        papers[meta.key] = meta
    return papers


def _paper(path: Path, lines: TomlLines, i: int, t: Mapping[str, Any]) -> PaperMeta:
    def err(field: str | None, msg: str, hint: str | None = None) -> ConfigError:
        return ConfigError(f"{path}:{lines.field('paper', i, field)}: {msg}", hint)

    label = f"[[paper]] #{i + 1}" + (f" ({t['key']!r})" if isinstance(t.get("key"), str) else "")
    for name in t:
        if name not in REQUIRED and name not in OPTIONAL:
            raise err(
                name,
                f"unknown field {name!r} in {label}",
                f"allowed fields: {', '.join(REQUIRED + OPTIONAL)}",
            )
    for name in REQUIRED:
        if name not in t:
            raise err(None, f"{label} has no {name!r}", f"add {name} = ... to this table")
    for name in ("key", "title", "venue", "arxiv"):
        if not isinstance(t[name], str) or not t[name].strip():
            raise err(name, f"{label}: {name!r} must be a non-empty string")
    if not re.fullmatch(r"[a-z0-9][a-z0-9\-]*", t["key"]):
        raise err("key", f"{label}: key {t['key']!r} must be lower-case letters, digits and '-'")
    authors = t["authors"]
    if (
        not isinstance(authors, list)
        or not authors
        or not all(isinstance(a, str) and a.strip() for a in authors)
    ):
        raise err("authors", f"{label}: 'authors' must be a non-empty list of names")
    if not isinstance(t["year"], int) or isinstance(t["year"], bool) or not 1900 <= t["year"] <= 2100:
        raise err("year", f"{label}: 'year' must be a year such as 2023")
    if not _check_arxiv(t["arxiv"]):
        raise err(
            "arxiv",
            f"{label}: bad arXiv id {t['arxiv']!r}",
            "use the bare id without version, e.g. 1706.03762",
        )
    sha = t.get("sha256")
    if sha is not None and (not isinstance(sha, str) or not SHA256.match(sha)):
        raise err("sha256", f"{label}: sha256 must be 64 lower-case hex digits")
    dsha = t.get("download_sha256")
    if dsha is not None and (not isinstance(dsha, str) or not SHA256.match(dsha)):
        raise err("download_sha256", f"{label}: download_sha256 must be 64 lower-case hex digits")
    pdf = t.get("pdf")
    if pdf is not None and (not isinstance(pdf, str) or not pdf or "/" in pdf or "\\" in pdf):
        raise err("pdf", f"{label}: 'pdf' must be a bare file name such as attention.pdf")
    return PaperMeta(
        key=t["key"],
        title=" ".join(t["title"].split()),
        authors=tuple(a.strip() for a in authors),
        year=t["year"],
        venue=t["venue"].strip(),
        arxiv_id=t["arxiv"],
        sha256=sha,
        pdf=pdf,
        download_sha256=dsha,
    )


def find_by_sha256(papers: Mapping[str, PaperMeta], sha256: str) -> PaperMeta | None:
    """The paper whose recorded sha256 equals ``sha256`` (case-insensitive), or None."""
    wanted = sha256.strip().lower()
    for meta in papers.values():
        if meta.sha256 == wanted:
            return meta
    return None


class ReadingList:
    """The reading list of a corpus folder (``papers.toml``), the one way it is loaded: validated
    by ``load_papers``, cached until the file changes, empty when the folder has no such file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._papers: dict[str, PaperMeta] = {}
        self._stamp: float | None = None

    def exists(self) -> bool:
        return self.path.exists()

    def papers(self) -> dict[str, PaperMeta]:
        try:
            stamp = self.path.stat().st_mtime
        except OSError:
            self._papers, self._stamp = {}, None
            return {}
        if stamp != self._stamp:
            self._papers, self._stamp = load_papers(self.path), stamp
        return self._papers

    def keys(self) -> set[str] | None:
        """The paper keys, or None when there is no reading list (nothing to check keys against)."""
        return set(self.papers()) if self.exists() else None
