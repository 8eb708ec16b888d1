"""Schema migrations with Alembic, configured in code so they run from an installed wheel.

Revision files are named ``NNNN_slug.py`` with ``revision = "NNNN"``; the head is the highest
number, which lets ``needs_upgrade`` answer without importing Alembic (a test keeps the naming
honest). Upgrades take a file lock beside the database so two processes never migrate at once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from papermind.config import migrations_dir, sqlite_path
from papermind.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")
_thread_lock = threading.Lock()


def head_revision() -> str:
    versions = migrations_dir() / "versions"
    revs = sorted(m.group(1) for p in versions.iterdir() if (m := _REVISION_FILE.match(p.name)))
    if not revs:  # pragma: no cover - broken install
        raise StoreError("no migrations found", "reinstall papermind")
    return revs[-1]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


@contextmanager
def _migration_lock(url: str) -> Iterator[None]:
    path = sqlite_path(url)
    with _thread_lock:
        if path is None:
            yield
            return
        import fcntl

        lock_file = Path(str(path) + ".migrate-lock")
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_file, "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Upgrade the schema; returns (revision before, revision after)."""
    from alembic import command

    url = engine.url.render_as_string(hide_password=False)
    with _migration_lock(url):
        before = current_revision(engine)
        try:
            with engine.begin() as conn:
                cfg = _alembic_config(engine)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        except Exception as exc:
            raise StoreError(
                f"could not migrate the database {url}: {exc}",
                "check the file is a papermind database and not open in another program; "
                "`papermind db upgrade` retries",
            ) from exc
        return before, current_revision(engine)


def ensure_schema(engine: Engine) -> None:
    """Apply pending migrations (called on open). Cheap when the schema is already current."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    if current is not None and current > head:
        raise StoreError(
            f"the database is at schema revision {current}, newer than this papermind ({head})",
            "upgrade papermind, or point --db at another database",
        )
    upgrade(engine)
