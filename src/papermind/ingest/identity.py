"""Which paper a file is, and whether ingesting it is safe: its key (the reading-list entry it
matches, else a slug of its name), the paper already stored under that key or with the same bytes,
files that would share one key in a run, and a file whose hash differs from papers.toml's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from papermind.errors import IngestError
from papermind.ingest.extract import check_file, sha256_file
from papermind.ingest.metadata import match, slugify

if TYPE_CHECKING:
    from papermind.store.engine import SessionFactory


@dataclass(frozen=True)
class Stored:
    """An ingested paper, as much as ingest needs to know about it."""

    id: int
    key: str
    source_path: str


def existing(sessions: SessionFactory, sha: str, key_guess: str) -> tuple[Stored | None, Stored | None]:
    """(paper with this sha256, paper with this key)."""
    from papermind.store.models import Paper

    cols = select(Paper.id, Paper.key, Paper.source_path)
    with sessions() as s:
        by_sha = s.execute(cols.where(Paper.sha256 == sha)).first()
        by_key = s.execute(cols.where(Paper.key == key_guess)).first()
    return (Stored(*by_sha) if by_sha else None), (Stored(*by_key) if by_key else None)


def key_clashes(files: list[Path], reading_list) -> dict[Path, tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """Files with different contents that would get the same paper key in one run: each would
    replace the one before it. Returns {file: (key, reason, hint)} for every such file."""
    by_key: dict[str, list[tuple[Path, str]]] = {}
    for path in files:
        try:
            check_file(path)
            sha = sha256_file(path)
        except (IngestError, OSError):
            continue  # _ingest_one reports it
        by_key.setdefault(key_for(path, sha, reading_list), []).append((path, sha))
    out: dict[Path, tuple[str, str, str]] = {}
    for key, group in by_key.items():
        if len({sha for _, sha in group}) < 2:
            continue
        names = ", ".join(str(p) for p, _ in group)
        for path, _ in group:
            out[path] = (
                key,
                f"{path}: {len(group)} different files would all be paper '{key}' in this run ({names})",
                "ingest one of them (or rename the others so their names differ)",
            )
    return out


def paper_counts(sessions: SessionFactory, paper_id: int) -> tuple[int, int]:

    from papermind.store.models import Chunk, Paper

    with sessions() as s:
        pages = s.execute(select(Paper.num_pages).where(Paper.id == paper_id)).scalar_one()
        chunks = s.execute(
            select(func.count()).select_from(Chunk).where(Chunk.paper_id == paper_id)
        ).scalar_one()
    return pages, chunks


def reading_list_warning(path: Path, sha: str, reading_list) -> str | None:  # type: ignore[no-untyped-def]
    """A warning when the file is a reading-list paper whose recorded sha256 differs."""
    meta = match(path, sha, reading_list)
    if meta is None or not meta.sha256 or meta.sha256 == sha:
        return None
    return (
        f"{path.name} is not the PDF papers.toml records for '{meta.key}' "
        f"(sha256 {sha[:12]}… != {meta.sha256[:12]}…): check it is the right paper"
    )


def key_for(path: Path, sha: str | None, reading_list) -> str:  # type: ignore[no-untyped-def]
    """The key a file will get: its reading-list entry's (``metadata.match``), else a slug of its
    stem."""
    meta = match(path, sha, reading_list)
    return meta.key if meta is not None else slugify(path.stem)
