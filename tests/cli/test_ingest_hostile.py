"""Hostile inputs to `papermind ingest`: silent replacement, key clashes, AES-encrypted PDFs,
unexpected exceptions, a swallowed Ctrl-C, two ingests at once and a read-only store."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papermind.cli import app
from tests.conftest import REPO
from tests.helpers.pdfs import make_pdf, paper_pages

runner = CliRunner()


def run(db: Path, *args: str, corpus: Path | None = None):
    pre = ["--db", str(db)] + (["--corpus", str(corpus)] if corpus else [])
    return runner.invoke(app, [*pre, *args], catch_exceptions=False)


def counts(db: Path, key: str) -> tuple[int, int]:
    con = sqlite3.connect(db)
    try:
        pid, pages = con.execute("SELECT id, num_pages FROM papers WHERE key=?", (key,)).fetchone()
        return pages, con.execute("SELECT count(*) FROM chunks WHERE paper_id=?", (pid,)).fetchone()[0]
    finally:
        con.close()


@pytest.mark.slow
def test_changed_content_needs_replace_and_says_what_changes(tmp_path):
    db = tmp_path / "s.db"
    real = make_pdf(tmp_path / "a" / "bert.pdf", paper_pages("paging", "Paging the KV Cache", 3))
    assert run(db, "ingest", str(real)).exit_code == 0
    before = counts(db, "bert")
    impostor = make_pdf(tmp_path / "elsewhere" / "bert.pdf", ["1 Intro\nOne short page about tiles."])
    r = run(db, "ingest", str(impostor), "--json")
    assert r.exit_code == 1
    f = json.loads(r.stdout)["files"][0]
    assert f["status"] == "failed" and "--replace" in f["hint"]
    assert f"pages {before[0]} -> 1" in f["reason"] and f"chunks {before[1]} -> " in f["reason"]
    assert counts(db, "bert") == before  # untouched
    r = run(db, "ingest", str(impostor), "--replace", "--json")
    assert r.exit_code == 0, r.output
    f = json.loads(r.stdout)["files"][0]
    assert f["status"] == "replaced" and (f["previous_pages"], f["previous_chunks"]) == before
    assert counts(db, "bert") == (1, f["chunks"])
    human = run(db, "ingest", str(real), "--replace")
    assert f"was 1 pages, {f['chunks']} chunks" in human.stdout


def test_two_files_for_one_key_in_one_run_is_an_error_naming_both(tmp_path):
    db = tmp_path / "s.db"
    a = make_pdf(tmp_path / "in" / "My Paper.pdf", paper_pages("paging", "Paging", 2))
    b = make_pdf(tmp_path / "in" / "my_paper.pdf", paper_pages("tiling", "Tiles", 2))
    r = run(db, "ingest", str(tmp_path / "in"), "--json")
    assert r.exit_code == 1
    files = json.loads(r.stdout)["files"]
    assert [f["status"] for f in files] == ["failed", "failed"]
    for f in files:
        assert "'my-paper'" in f["reason"] and str(a) in f["reason"] and str(b) in f["reason"]
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM papers").fetchone()[0] == 0


@pytest.mark.slow
def test_a_file_whose_hash_differs_from_the_reading_list_is_flagged(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "syllabus.toml").write_text((REPO / "corpus" / "syllabus.toml").read_text())
    shipped = (REPO / "corpus" / "papers.toml").read_text()
    bert_sha = "02c4f1e9c5c652cbd48b3923e399e863ec75936d05871fb5674a93eeea28fe2d"
    assert bert_sha in shipped
    (corpus / "papers.toml").write_text(shipped.replace(bert_sha, "ab" * 32))
    pdf = make_pdf(tmp_path / "in" / "bert.pdf", paper_pages("paging", "Paging", 2))
    r = run(tmp_path / "s.db", "ingest", str(pdf), corpus=corpus)
    assert r.exit_code == 0
    assert "warning:" in r.stdout and "not the PDF papers.toml records for 'bert'" in r.stdout
    r = run(tmp_path / "s2.db", "ingest", str(pdf), "--json", corpus=corpus)
    assert any("papers.toml records" in w for w in json.loads(r.stdout)["files"][0]["warnings"])


def _aes_pdf(path: Path, user_password: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(path.with_name("plain-" + path.name), paper_pages("tiling", "Tiled Attention", 2))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    with open(path, "wb") as fh:
        writer.write(fh)
    plain.unlink()
    return path


@pytest.mark.slow
def test_aes_encrypted_pdfs_open_without_password_and_never_stop_the_others(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    _aes_pdf(d / "a-publisher.pdf", "")  # opens without a password, like many publishers' PDFs
    _aes_pdf(d / "b-locked.pdf", "hunter2")
    make_pdf(d / "c-plain.pdf", paper_pages("paging", "Paging the KV Cache", 2))
    r = run(tmp_path / "s.db", "ingest", str(d), "--json")
    files = {Path(f["path"]).name: f for f in json.loads(r.stdout)["files"]}
    assert files["a-publisher.pdf"]["status"] == "ingested"
    assert files["b-locked.pdf"]["status"] == "failed"
    assert "password" in files["b-locked.pdf"]["reason"]
    assert files["c-plain.pdf"]["status"] == "ingested"


@pytest.mark.slow
def test_an_unexpected_exception_fails_one_file_only(tmp_path, monkeypatch):
    from papermind.ingest import pipeline

    real_prepare = pipeline.prepare

    def flaky(pdf, reading_list):  # type: ignore[no-untyped-def]
        if pdf.path.name.startswith("a-"):
            raise RecursionError("maximum recursion depth exceeded")
        return real_prepare(pdf, reading_list)

    monkeypatch.setattr(pipeline, "prepare", flaky)
    d = tmp_path / "in"
    make_pdf(d / "a-bad.pdf", paper_pages("tiling", "Tiles", 2))
    make_pdf(d / "b-good.pdf", paper_pages("paging", "Paging", 2))
    r = run(tmp_path / "s.db", "ingest", str(d), "--json")
    assert r.exit_code == 1
    files = {Path(f["path"]).name: f for f in json.loads(r.stdout)["files"]}
    assert "RecursionError" in files["a-bad.pdf"]["reason"]
    assert files["b-good.pdf"]["status"] == "ingested"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_interrupt_swallowed_by_a_finalizer_is_still_reported(tmp_path):
    """Python ignores an exception raised in ``__del__``: a Ctrl-C landing there used to vanish and
    the ingest reported success (the flaky SIGINT crash test). The run must still say interrupted."""
    from papermind.api import Papermind

    make_pdf(tmp_path / "in" / "one.pdf", paper_pages("paging", "Paging", 2))

    class SendsCtrlCOnCollect:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGINT)  # the handler's KeyboardInterrupt is swallowed here

    def on_event(e) -> None:  # type: ignore[no-untyped-def]
        if e.stage == "start":
            SendsCtrlCOnCollect()  # collected at once: the SIGINT lands inside __del__

    with Papermind(db=tmp_path / "s.db") as pm:
        report = pm.ingest([tmp_path / "in"], progress=on_event)
    assert report.interrupted and not report.ok
    assert report.files == []  # stopped before the first file


def test_a_second_ingest_on_the_same_store_is_refused_clearly(tmp_path):
    from papermind.store.lock import writer_lock

    db = tmp_path / "s.db"
    make_pdf(tmp_path / "in" / "one.pdf", paper_pages("paging", "Paging", 2))
    with writer_lock(f"sqlite:///{db}", "ingest"):
        r = run(db, "ingest", str(tmp_path / "in"))
    assert r.exit_code == 1
    assert "another papermind job is writing to this store (ingest, pid" in r.stderr


def _assert_read_only_refused(db: str, toy_pdfs: Path) -> None:
    grade = ["quiz", "grade", str(REPO / "quizzes" / "attention.toml"), "attention-02", "true", "--record"]
    for args in (["ingest", str(toy_pdfs)], ["reindex"], grade):
        r = runner.invoke(app, ["--db", db, *args])
        assert r.exit_code == 1, (args, r.output)
        assert (
            "the store is read-only" in r.stderr
            and r.exception is None
            or isinstance(r.exception, SystemExit)
        )


@pytest.mark.slow
def test_read_only_store_opened_read_only_gives_one_clear_line(tmp_path, toy_pdfs):
    db = tmp_path / "s.db"
    assert run(db, "papers").exit_code == 0  # create the store
    before = db.read_bytes()
    _assert_read_only_refused(f"sqlite:///file:{db}?mode=ro&uri=true", toy_pdfs)
    assert db.read_bytes() == before


@pytest.mark.slow
def test_read_only_folder_gives_one_clear_line(tmp_path, toy_pdfs):
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions (the read-only-open test covers the message)")
    db = tmp_path / "ro" / "s.db"
    assert run(db, "papers").exit_code == 0
    db.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        _assert_read_only_refused(str(db), toy_pdfs)
    finally:
        db.parent.chmod(stat.S_IRWXU)


@pytest.mark.parametrize("url", ["postgresql://user@localhost/papermind", "mysql+pymysql://x@h/db"])
def test_a_non_sqlite_store_is_refused_with_one_line(url, tmp_path):
    for args in (["papers"], ["db", "check"], ["db", "upgrade"], ["ingest", str(tmp_path)]):
        r = runner.invoke(app, ["--db", url, *args])
        assert r.exit_code == 1, (args, r.output)
        assert "papermind stores work only in SQLite" in r.stderr and isinstance(r.exception, SystemExit)
