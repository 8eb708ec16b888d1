"""The store: settings resolution, SQLite pragmas, URLs, and a helpful error for a bad database."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from papermind.api import Papermind
from papermind.config import Settings, index_path, resolve_db_url
from papermind.errors import PapermindError


def test_default_location_is_under_papermind_home(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERMIND_HOME", str(tmp_path / "home"))
    s = Settings.resolve()
    assert s.db_url == f"sqlite:///{(tmp_path / 'home' / 'papermind.db').resolve()}"
    assert s.index_path == (tmp_path / "home" / "papermind.faiss").resolve()


def test_env_and_argument_and_url_forms(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERMIND_DB", str(tmp_path / "env.db"))
    assert resolve_db_url().endswith("env.db")
    assert resolve_db_url(tmp_path / "arg.db").endswith("arg.db")  # the argument wins
    url = f"sqlite:///{tmp_path / 'url.db'}"
    assert resolve_db_url(url) == url
    assert index_path(url) == tmp_path / "url.faiss"


def test_sqlite_pragmas_on_every_connection(api):
    with api.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_url_db_works_end_to_end(tmp_path):
    with Papermind(db=f"sqlite:///{tmp_path / 'u.db'}") as pm:
        assert pm.library.papers() == []
    assert (tmp_path / "u.db").exists()


def test_not_a_database_gives_message_and_hint(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with Papermind(db=bad) as pm, pytest.raises(PapermindError) as err:
        pm.library.papers()
    assert str(bad) in err.value.message and err.value.hint


def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "n.db"
    with Papermind(db=db) as pm:
        pm.library.papers()
        with pm.engine.begin() as c:
            c.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with Papermind(db=db) as pm, pytest.raises(PapermindError) as err:
        pm.library.papers()
    assert "newer than this papermind" in err.value.message


def test_unknown_paper_lists_known_ones(api):
    with pytest.raises(PapermindError) as err:
        api.library.paper("nope")
    assert "no ingested paper with key 'nope'" in err.value.message and err.value.hint
