"""The SQLite store: engine and sessions, typed ORM models, Alembic migrations."""
