"""Alembic environment. papermind builds the Config in code (papermind.store.migrate) and passes
an open connection; running ``alembic`` by hand with ``-x url=...`` works too."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import papermind.store.all_models  # noqa: F401  (imports every model module)
from papermind.store.base import Base as _Base

config = context.config
target_metadata = _Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():  # pragma: no cover - papermind never migrates offline
    raise SystemExit("papermind migrations run online only")
run_migrations_online()
