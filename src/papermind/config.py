"""Where papermind keeps its data, and how settings are resolved.

Resolution order for the database (first wins):
1. the ``db`` argument (``--db`` on the CLI): a file path or any SQLAlchemy URL;
2. the ``PAPERMIND_DB`` environment variable (same forms);
3. ``$PAPERMIND_HOME/papermind.db``, where ``PAPERMIND_HOME`` defaults to the user data
   directory (``~/.local/share/papermind`` on Linux).

The FAISS index lives beside a SQLite database file (``papermind.db`` -> ``papermind.faiss``).
The corpus folder (``papers.toml``, ``syllabus.toml``, ``papers/``) is ``$PAPERMIND_CORPUS``, else
``./corpus`` when it holds a ``papers.toml``, else the copy that ships with the package.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# In a source checkout (editable install) the repository root holds corpus/, quizzes/, migrations/.
SOURCE_ROOT = PACKAGE_DIR.parent.parent


def data_home() -> Path:
    env = os.environ.get("PAPERMIND_HOME")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "papermind"


def _is_url(value: str) -> bool:
    return "://" in value


def resolve_db_url(db: str | os.PathLike[str] | None = None) -> str:
    value = str(db) if db is not None else os.environ.get("PAPERMIND_DB")
    if not value:
        value = str(data_home() / "papermind.db")
    if _is_url(value):
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None (memory DB or another dialect)."""
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    if not rest or rest == ":memory:" or rest.startswith("file::memory:"):
        return None
    rest = rest.split("?", 1)[0]
    return Path(rest.removeprefix("file:"))  # SQLite's URI form (``?mode=ro&uri=true``)


def index_path(url: str) -> Path:
    """Where the FAISS index for a database lives: beside a SQLite file, else in data_home."""
    path = sqlite_path(url)
    if path is not None:
        return path.with_suffix(".faiss")
    import hashlib  # only here: OpenSSL's loading is a cost on the app's first screen

    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    return data_home() / f"index-{digest}.faiss"


def _first_existing(*candidates: Path) -> Path | None:
    for c in candidates:
        if c.exists():
            return c
    return None


def corpus_dir() -> Path:
    env = os.environ.get("PAPERMIND_CORPUS")
    if env:
        return Path(env).expanduser()
    found = _first_existing(
        Path.cwd() / "corpus" / "papers.toml",
        SOURCE_ROOT / "corpus" / "papers.toml",
        PACKAGE_DIR / "_data" / "corpus" / "papers.toml",
    )
    return found.parent if found else Path.cwd() / "corpus"


def quizzes_dir() -> Path:
    env = os.environ.get("PAPERMIND_QUIZZES")
    if env:
        return Path(env).expanduser()
    found = _first_existing(
        Path.cwd() / "quizzes",
        SOURCE_ROOT / "quizzes",
        PACKAGE_DIR / "_data" / "quizzes",
    )
    return found if found else Path.cwd() / "quizzes"


def migrations_dir() -> Path:
    found = _first_existing(PACKAGE_DIR / "_migrations", SOURCE_ROOT / "migrations")
    if found is None:  # pragma: no cover - broken install
        from papermind.errors import StoreError

        raise StoreError(
            "papermind's migrations are missing from this installation",
            "reinstall papermind (pip install --force-reinstall papermind)",
        )
    return found


@dataclass(frozen=True)
class Settings:
    db_url: str
    index_path: Path
    corpus_dir: Path
    quizzes_dir: Path
    # banks the user installed (``papermind quiz install``), loaded beside ``quizzes_dir``
    user_quizzes_dir: Path

    @classmethod
    def resolve(
        cls,
        db: str | os.PathLike[str] | None = None,
        corpus: str | os.PathLike[str] | None = None,
        quizzes: str | os.PathLike[str] | None = None,
    ) -> Settings:
        url = resolve_db_url(db)
        return cls(
            db_url=url,
            index_path=index_path(url),
            corpus_dir=Path(corpus) if corpus else corpus_dir(),
            quizzes_dir=Path(quizzes) if quizzes else quizzes_dir(),
            user_quizzes_dir=data_home() / "quizzes",
        )
