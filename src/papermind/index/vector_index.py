"""``VectorIndex``: the FAISS index the search uses, kept in memory and checked against the store.

The facade builds one and hands it to the services that need it (the library rebuilds or syncs
it, the search reads it, ingest syncs it after a run). The cached index is re-validated whenever
the store's ``corpus_version`` changes (every write of chunks or embeddings bumps it in the same
transaction); the per-query check is one primary-key read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from papermind.store.engine import SessionFactory
from papermind.store.meta import corpus_version

if TYPE_CHECKING:
    import faiss
    from sqlalchemy import Connection


class VectorIndex:
    def __init__(
        self,
        sessions: SessionFactory,
        connect: Callable[[], AbstractContextManager[Connection]],
        path: Path,
    ) -> None:
        self._sessions = sessions
        self._connect = connect  # a bare connection for the per-query version read
        self.path = path
        self._index: faiss.Index | None = None
        self._version: int | None = None  # the corpus_version the cached index matches
        self._lock = threading.Lock()

    def get(self) -> tuple[faiss.Index, bool, str]:
        """The index, checked against the store (rebuilt when stale): (index, rebuilt?, reason)."""
        from papermind.index import vectors

        with self._lock:
            with self._connect() as conn:
                version = corpus_version(conn)
            if self._index is not None and self._version == version:
                return self._index, False, "cached"
            with self._sessions() as s:
                index, rebuilt, reason = vectors.load_or_rebuild(s, self.path)
            vectors.set_search_threads(index)
            self._index, self._version = index, version
            return index, rebuilt, reason

    def sync(self) -> bool:
        """Make the FAISS file match the store; True when it had to be rebuilt."""
        from papermind.index import vectors

        with self._lock, self._sessions() as s:
            ok, _ = vectors.is_current(self.path, s)
            if ok:
                return False
            self._index = vectors.rebuild(s, self.path)
            self._version = None  # the next search re-checks the file (it may be gone)
            return True

    def rebuild(self) -> tuple[int, str]:
        """Rebuild the file from the store: (vectors, index kind)."""
        from papermind.index import vectors

        with self._lock, self._sessions() as s:
            index = vectors.rebuild(s, self.path)
            self._index, self._version = index, None  # the next search re-checks the file
            return int(index.ntotal), vectors.expected_meta(s).kind
