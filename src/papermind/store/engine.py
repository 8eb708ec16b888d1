"""Engine and session scope. SQLite gets WAL, foreign keys and a busy timeout on every connection."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from papermind.config import sqlite_path
from papermind.errors import StoreError

BUSY_TIMEOUT_MS = 10_000

# What a service is given to open units of work: ``with sessions() as s: ...`` commits on success
# and rolls back on error (``session_scope`` over the facade's sessionmaker).
SessionFactory = Callable[[], AbstractContextManager[Session]]


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:  # DB-API objects: untyped
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def check_supported(url: str) -> None:
    """Only SQLite stores work today (FTS5, the FAISS file beside the database, file locks);
    any other SQLAlchemy URL is refused with one clear line instead of a driver traceback."""
    scheme = url.partition("://")[0].lower()
    if scheme.split("+", 1)[0] != "sqlite":
        raise StoreError(
            f"papermind stores work only in SQLite; {scheme}:// is not supported",
            "give --db a file path (e.g. --db ~/papermind.db) or a sqlite:/// URL",
        )


def make_engine(url: str) -> Engine:
    check_supported(url)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def explain(exc: DBAPIError, where: str) -> StoreError:
    """The database's own error as one clear StoreError (read-only, busy, damaged, ...)."""
    text = str(exc.orig or exc).strip()
    low = text.lower()
    folder = Path(where).parent
    unwritable = "unable to open" in low and folder.is_dir() and not os.access(folder, os.W_OK)
    if "readonly" in low or "read-only" in low or unwritable:
        return StoreError(
            f"the store is read-only: {where} ({text})",
            "nothing was written; make the file and its folder writable, or point --db at a copy",
        )
    if "database is locked" in low or "busy" in low:
        return StoreError(
            f"the store is busy: another papermind is writing to {where}",
            "wait for it to finish and run the command again",
        )
    if "no such table" in low or "no such column" in low or "malformed" in low or "not a database" in low:
        return StoreError(
            f"the store is damaged: {text} ({where})",
            "`papermind db check` says what is wrong; `papermind db repair` rebuilds what can be rebuilt",
        )
    if "disk" in low and ("full" in low or "i/o" in low):
        return StoreError(f"cannot write the store {where}: {text}", "free some disk space and run it again")
    return StoreError(f"the store {where} refused the operation: {text}", "`papermind db check` may say why")


def is_access_problem(exc: DBAPIError) -> bool:
    """A read-only, busy or unopenable store (as opposed to a schema or data problem)."""
    low = str(exc.orig or exc).lower()
    return any(w in low for w in ("readonly", "read-only", "database is locked", "unable to open"))


def store_label(engine: Engine) -> str:
    path = sqlite_path(engine.url.render_as_string(hide_password=True))
    return str(path) if path is not None else engine.url.render_as_string(hide_password=True)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error (then re-raise; database errors
    are re-raised as one clear StoreError)."""
    session = factory()
    try:
        yield session
        session.commit()
    except DBAPIError as exc:
        session.rollback()
        bind = session.get_bind()
        raise explain(exc, store_label(bind.engine if isinstance(bind, Connection) else bind)) from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
