"""One writer at a time: an advisory file lock beside a SQLite store for long write jobs
(ingest, reindex, repair). A second job on the same store is refused with a clear message instead
of racing the first into a UNIQUE-constraint traceback."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from papermind.config import sqlite_path
from papermind.errors import StoreError


def lock_path(db_url: str) -> Path | None:
    path = sqlite_path(db_url)
    return None if path is None else Path(str(path) + ".write-lock")


@contextmanager
def writer_lock(db_url: str, job: str) -> Iterator[None]:
    """Hold the store's writer lock for ``job`` ("ingest", "reindex", ...), or raise StoreError
    naming the job that holds it. A no-op for stores without a file."""
    import fcntl

    path = lock_path(db_url)
    if path is None:
        yield
        return
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
            raise StoreError(
                f"the store is read-only: cannot write beside {path.parent} ({exc.strerror})",
                "nothing was written; make the folder writable, or point --db at a copy",
            ) from exc
        raise StoreError(f"cannot create the lock file {path}: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another job"
            raise StoreError(
                f"another papermind job is writing to this store ({holder})",
                "wait for it to finish and run the command again (unchanged files are skipped)",
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{job}, pid {os.getpid()}".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
