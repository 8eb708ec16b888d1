"""A damaged store: `papermind db check` says what is wrong, `db repair` rebuilds what is derived
(full-text index, embeddings, store_meta, concept maps, FAISS file, the schema stamp) and refuses,
naming it, when source data is lost. Other commands give one clear line instead of a traceback."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papermind.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, toy_pdfs) -> Path:
    d = tmp_path_factory.mktemp("pristine")
    r = runner.invoke(app, ["--db", str(d / "s.db"), "ingest", str(toy_pdfs), "--json"])
    assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["--db", str(d / "s.db"), "search", "block table", "--json"]).exit_code == 0
    return d


@pytest.fixture
def store(tmp_path, pristine) -> Path:
    for f in pristine.iterdir():
        if f.is_file() and not f.name.endswith("-lock"):
            shutil.copy(f, tmp_path / f.name)
    return tmp_path / "s.db"


def run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


def sql(db: Path, statement: str) -> None:
    con = sqlite3.connect(db)
    con.execute(statement)
    con.commit()
    con.close()


def counts(db: Path) -> tuple[int, int, int]:
    con = sqlite3.connect(db)
    try:
        return tuple(  # type: ignore[return-value]
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("chunks", "chunks_fts", "embeddings")
        )
    finally:
        con.close()


def test_a_healthy_store_checks_ok(store):
    r = run(store, "db", "check", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["ok"] and data["integrity"] == "ok" and data["index"] == "current"


@pytest.mark.parametrize(
    "damage",
    [
        "DROP TABLE chunks_fts",
        "DROP TABLE embeddings",
        "DROP TABLE store_meta",
        "DROP TABLE concept_edges",
        "DROP TABLE concepts",
        "DROP TABLE alembic_version",
        "DELETE FROM embeddings WHERE chunk_id % 2 = 0",
        "DELETE FROM chunks_fts",
    ],
)
def test_derived_damage_is_reported_then_repaired(store, damage):
    n_chunks = counts(store)[0]
    sql(store, damage)
    r = run(store, "db", "check", "--json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert data["problems"] and data["repairable"]
    human = run(store, "db", "check")
    assert "db repair" in human.stdout and "Traceback" not in human.output
    r = run(store, "db", "repair", "--json")
    assert r.exit_code == 0, r.output
    assert counts(store) == (n_chunks, n_chunks, n_chunks)
    assert json.loads(run(store, "db", "check", "--json").stdout)["ok"]
    hits = json.loads(run(store, "search", "block table", "--json").stdout)
    assert hits and run(store, "concepts", "--paper", "toy-paging").exit_code == 0


@pytest.mark.parametrize("table", ["chunks", "quiz_attempts", "papers"])
def test_lost_source_data_is_refused_clearly(store, table):
    sql(store, f"DROP TABLE {table}")
    r = run(store, "db", "check")
    assert r.exit_code == 1 and f"table {table} is missing: its data is lost" in r.stdout
    before = store.read_bytes()
    r = run(store, "db", "repair")
    assert r.exit_code == 1 and "cannot be repaired" in r.stderr and table in r.stderr
    assert "Traceback" not in r.output and store.read_bytes() == before


@pytest.mark.parametrize("table", ["chunks_fts", "embeddings", "store_meta", "quiz_attempts", "concepts"])
def test_commands_on_a_damaged_store_give_one_clear_line(store, table):
    sql(store, f"DROP TABLE {table}")
    for args in (
        ["search", "block table"],
        ["papers"],
        ["quiz", "progress"],
        ["concepts", "--paper", "toy-paging"],
    ):
        r = run(store, *args)
        assert "Traceback" not in r.output, (args, r.output)
        if r.exit_code:
            assert r.exit_code == 1 and "error:" in r.stderr and isinstance(r.exception, SystemExit), (
                args,
                r.output,
            )


@pytest.mark.parametrize("which", ["papermind.faiss", "papermind.faiss.json"])
def test_faiss_file_turned_into_a_directory_is_a_clear_error_without_stray_temp_files(store, which):
    name = which.replace("papermind", store.stem)
    target = store.with_name(name)
    target.unlink()
    target.mkdir()
    sql(store, "UPDATE store_meta SET value = value + 1 WHERE key = 'corpus_version'")  # force a rebuild
    r = run(store, "search", "block table")
    assert r.exit_code == 1 and "is a directory" in r.stderr and "Traceback" not in r.output
    assert not [p for p in store.parent.iterdir() if ".tmp" in p.name]
    r = run(store, "db", "check")
    assert r.exit_code == 1 and "not a file" in " ".join(r.stdout.split())
