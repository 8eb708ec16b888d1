"""Migrations: naming, models agree with the schema, upgrades keep data, a wheel carries them."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from papermind.config import migrations_dir
from papermind.store.migrate import current_revision, head_revision, upgrade

REPO = Path(__file__).resolve().parents[2]


def test_revision_files_are_numbered_and_chained():
    files = sorted((migrations_dir() / "versions").glob("*.py"))
    revs = []
    for f in files:
        m = re.match(r"^(\d{4})_\w+\.py$", f.name)
        assert m, f"{f.name} must be named NNNN_slug.py"
        text = f.read_text()
        assert f'revision = "{m.group(1)}"' in text
        revs.append((m.group(1), text))
    for i, (_rev, text) in enumerate(revs):
        prev = revs[i - 1][0] if i else None
        assert f"down_revision = {prev!r}".replace("'", '"') in text or (
            prev is None and "down_revision = None" in text
        )
    assert head_revision() == revs[-1][0]


def test_models_match_migrated_schema(tmp_path):
    from papermind.store import all_models  # noqa: F401
    from papermind.store.base import Base

    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade(engine)
    insp = inspect(engine)
    for table in Base.metadata.sorted_tables:
        assert insp.has_table(table.name), f"model table {table.name} has no migration"
        cols = {c["name"] for c in insp.get_columns(table.name)}
        assert {c.name for c in table.columns} == cols, table.name


def test_open_applies_migrations_and_is_idempotent(api):
    assert current_revision(api.engine) == head_revision()
    before, after = api.upgrade()
    assert before == after == head_revision()


def test_upgrade_from_previous_revision_keeps_data(tmp_path):
    """A DB created at the revision before head, holding data, upgrades with nothing lost."""
    revs = sorted(p.name[:4] for p in (migrations_dir() / "versions").glob("[0-9]*.py"))
    if len(revs) < 2:
        pytest.skip("only one migration")
    db = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{db}")
    upgrade(engine, revs[-2])
    assert current_revision(engine) == revs[-2]
    con = sqlite3.connect(db)
    con.execute(
        "INSERT INTO papers (id, key, title, authors, year, venue, arxiv_id, sha256, source_path, file_size,"
        " num_pages, metadata_source, ingested_at) VALUES (1, 'p', 'A Paper', '[\"A\"]', 2020, 'V', NULL,"
        " 'abc', '/x.pdf', 10, 1, 'pdf', '2026-01-01 00:00:00')"
    )
    con.execute("INSERT INTO pages (id, paper_id, number, text, has_text) VALUES (1, 1, 1, 'page one', 1)")
    con.execute(
        "INSERT INTO sections (id, paper_id, ordinal, number, title, level, kind, page_start, char_start)"
        " VALUES (1, 1, 0, '1', 'Intro', 1, 'body', 1, 0)"
    )
    con.execute(
        "INSERT INTO chunks (id, paper_id, section_id, ordinal, text, page_start, page_end, char_start,"
        " char_end, n_tokens, is_references) VALUES (7, 1, 1, 0, 'page one', 1, 1, 0, 8, 4, 0)"
    )
    con.execute(
        "INSERT INTO embeddings (chunk_id, model, dim, vector, norm) VALUES (7, 'm', 2, x'0000803f00000000', 1.0)"
    )
    con.execute("INSERT INTO chunks_fts (rowid, text, section) VALUES (7, 'page one', 'Intro')")
    con.commit()
    snapshot = {
        t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
        for t in ("papers", "pages", "sections", "chunks", "embeddings")
    }
    con.close()

    from papermind.api import Papermind

    with Papermind(db=db) as pm:  # opening applies the pending migrations
        assert current_revision(pm.engine) == head_revision()
        assert [p.key for p in pm.library.papers()] == ["p"]
    con = sqlite3.connect(db)
    for t, rows in snapshot.items():
        assert con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() == rows, t
    assert con.execute("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH 'one'").fetchall() == [(7,)]
    con.close()


def test_wheel_ships_migrations_and_data_and_they_work(tmp_path):
    """Build the wheel, unpack it outside the source tree and migrate a DB with it."""
    out = tmp_path / "dist"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0 and "No module named 'hatchling'" in r.stderr + r.stdout:
        r = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(REPO)],
            capture_output=True,
            text=True,
        )
    assert r.returncode == 0, r.stderr[-2000:]
    (wheel,) = out.glob("papermind-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "papermind/_migrations/env.py" in names
    assert any(n.startswith("papermind/_migrations/versions/0001_") for n in names)
    assert "papermind/_data/corpus/papers.toml" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import papermind.config as c, sys; assert str(c.PACKAGE_DIR).startswith(sys.argv[1]), c.PACKAGE_DIR;"
        "from papermind.api import Papermind; pm = Papermind(db=sys.argv[2]);"
        "from papermind.store.migrate import current_revision, head_revision;"
        "assert current_revision(pm.engine) == head_revision(); print(c.migrations_dir())"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, str(site), str(tmp_path / "w.db")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "HOME": str(tmp_path)},
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip().startswith(str(site))
