"""What the stored concept maps were built from, kept in ``store_meta``: the chunks (the store's
``corpus_version`` and chunk count) and the rules that built them (a digest of this package's
source). Maps whose stamp differs from the store's are stale: the next query rebuilds them once,
so a store kept across an upgrade gets the new rules' maps."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

META_KEY = "concepts_built_for"


@cache
def rules_fingerprint() -> str:
    """A digest of this package's source: it changes whenever the extraction rules do."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def current(s: Session) -> str:
    """The stamp maps built now from this store would carry."""
    from papermind.store.meta import corpus_version
    from papermind.store.models import Chunk

    n = s.scalar(select(func.count()).select_from(Chunk))
    return f"{corpus_version(s)}:{n}:{rules_fingerprint()}"


def record(s: Session, stamp: str) -> None:
    """Store ``stamp`` as the built maps' (in the rebuild's transaction)."""
    from papermind.store.models import StoreMeta

    row = s.get(StoreMeta, META_KEY)
    if row is None:
        s.add(StoreMeta(key=META_KEY, value=stamp))
    else:
        row.value = stamp


def is_stale(s: Session) -> bool:
    """Whether the stored maps predate the chunks or the rules (or were never built)."""
    from papermind.store.models import StoreMeta

    row = s.get(StoreMeta, META_KEY)
    return row is None or row.value != current(s)
