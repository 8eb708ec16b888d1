"""`papermind ingest` end to end through the CLI: good files, every kind of bad file, skips."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papermind.cli import app
from tests.helpers.pdfs import bomb_pdf, image_only_pdf, make_pdf, paper_pages

pytestmark = pytest.mark.slow  # every test ingests a good PDF beside the bad ones (embeds it)

runner = CliRunner()


def run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)


def table_counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("papers", "pages", "sections", "chunks", "embeddings", "chunks_fts")
        }
    finally:
        con.close()


def paper_keys(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT key FROM papers ORDER BY key")]
    finally:
        con.close()


@pytest.fixture
def good(tmp_path) -> Path:
    return make_pdf(tmp_path / "in" / "good-paper.pdf", paper_pages("paging", "Paging the KV Cache", 3))


def _bad_cases(d: Path) -> dict[str, tuple[Path, str]]:
    d.mkdir(parents=True, exist_ok=True)
    not_pdf = d / "notes.pdf"
    not_pdf.write_text("<html><body>404 not found</body></html>")
    empty = d / "empty.pdf"
    empty.write_bytes(b"")
    good_bytes = make_pdf(d / "tmp-src.pdf", paper_pages("tiling", "Tiles", 2)).read_bytes()
    (d / "tmp-src.pdf").unlink()
    truncated = d / "truncated.pdf"
    truncated.write_bytes(good_bytes[: len(good_bytes) // 2])
    corrupt = d / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 500 + b"\n%%EOF\n")
    encrypted = make_pdf(d / "encrypted.pdf", ["secret text here"], encrypt_password="hunter2")
    scanned = image_only_pdf(d / "scanned.pdf", 3)
    bomb = bomb_pdf(d / "bomb.pdf")
    return {
        "not a pdf": (not_pdf, "not a PDF"),
        "empty": (empty, "empty file"),
        "truncated": (truncated, "truncated PDF"),
        "corrupt": (corrupt, "corrupt PDF"),
        "encrypted": (encrypted, "encrypted"),
        "image only": (scanned, "no text layer on any page (pages 1-3)"),
        "bomb": (bomb, "decompression bomb"),
    }


def test_good_file_ingests_and_lists(tmp_path, good):
    db = tmp_path / "s.db"
    r = run(db, "ingest", str(good), "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["counts"] == {"ingested": 1, "replaced": 0, "skipped": 0, "failed": 0}
    (f,) = data["files"]
    assert f["key"] == "good-paper" and f["pages"] == 3 and f["chunks"] > 0
    c = table_counts(db)
    assert c["papers"] == 1 and c["pages"] == 3
    assert c["chunks"] == c["embeddings"] == c["chunks_fts"] == f["chunks"]
    listed = json.loads(run(db, "papers", "--json").stdout)
    assert [p["key"] for p in listed] == ["good-paper"] and listed[0]["num_pages"] == 3
    shown = json.loads(run(db, "papers", "show", "good-paper", "--json").stdout)
    kinds = [s["kind"] for s in shown["sections"]]
    assert "abstract" in kinds and "references" in kinds


def test_unchanged_file_is_skipped_and_changed_file_replaced_with_replace(tmp_path, good):
    db = tmp_path / "s.db"
    first = run(db, "ingest", str(good))  # not a terminal: one line per step as it happens
    assert first.exit_code == 0
    lines = first.stdout.splitlines()
    # the concept maps are rebuilt after the last file: said when it starts, not a silent wait
    assert lines.index("rebuilding the concept maps…") > lines.index(
        next(x for x in lines if x.startswith("✓"))
    )
    before = table_counts(db)
    again = json.loads(run(db, "ingest", str(good), "--json").stdout)
    assert again["counts"]["skipped"] == 1 and table_counts(db) == before
    make_pdf(good, paper_pages("tiling", "Paging the KV Cache", 2))  # same name, new content
    refused = json.loads(run(db, "ingest", str(good), "--json").stdout)
    assert refused["counts"]["failed"] == 1 and "--replace" in refused["files"][0]["hint"]
    assert table_counts(db) == before
    changed = json.loads(run(db, "ingest", str(good), "--replace", "--json").stdout)
    assert changed["counts"]["replaced"] == 1
    after = table_counts(db)
    assert after["papers"] == 1 and after["pages"] == 2
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM chunks WHERE text LIKE '%fragmentation%'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM chunks WHERE text LIKE '%online softmax%'").fetchone()[0] > 0


@pytest.mark.parametrize(
    "case", ["not a pdf", "empty", "truncated", "corrupt", "encrypted", "image only", "bomb"]
)
def test_bad_file_is_reported_and_others_still_ingest(tmp_path, good, case):
    db = tmp_path / "s.db"
    path, expected = _bad_cases(tmp_path / "bad")[case]
    r = run(db, "ingest", str(path), str(good))
    assert r.exit_code == 1
    lines = [ln for ln in r.stderr.splitlines() if str(path.name) in ln]
    assert lines and expected in " ".join(lines), r.stderr
    assert paper_keys(db) == ["good-paper"]  # the good one went in, nothing of the bad one did
    c = table_counts(db)
    assert c["chunks"] == c["embeddings"] == c["chunks_fts"]


def test_every_bad_file_gets_one_line_in_one_run(tmp_path, good):
    db = tmp_path / "s.db"
    cases = _bad_cases(tmp_path / "bad")
    r = run(db, "ingest", str(tmp_path / "bad"), str(good), str(tmp_path / "missing.pdf"), "--json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    failed = {Path(f["path"]).name: f["reason"] for f in data["files"] if f["status"] == "failed"}
    assert set(failed) == {p.name for p, _ in cases.values()} | {"missing.pdf"}
    for path, expected in cases.values():
        assert expected in failed[path.name] and str(path.name) in failed[path.name]
    assert "no such file" in failed["missing.pdf"]
    assert paper_keys(db) == ["good-paper"]


def test_duplicate_under_another_name_is_refused(tmp_path, good):
    db = tmp_path / "s.db"
    assert run(db, "ingest", str(good)).exit_code == 0
    before = table_counts(db)
    copy = tmp_path / "other" / "renamed-copy.pdf"
    copy.parent.mkdir()
    copy.write_bytes(good.read_bytes())
    r = run(db, "ingest", str(copy))
    assert r.exit_code == 1
    assert (
        "renamed-copy.pdf" in r.stderr and "duplicate of the already-ingested paper 'good-paper'" in r.stderr
    )
    assert table_counts(db) == before and paper_keys(db) == ["good-paper"]


def test_missing_path(tmp_path):
    db = tmp_path / "s.db"
    r = run(db, "ingest", str(tmp_path / "nope.pdf"))
    assert r.exit_code == 1 and "nope.pdf: no such file or directory" in r.stderr


def test_partially_image_only_pdf_ingests_with_a_warning(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "1 Introduction\nThis page has a real text layer about paging and caches.")
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    path = tmp_path / "mixed.pdf"
    pdf.output(str(path))
    r = run(tmp_path / "s.db", "ingest", str(path), "--json")
    assert r.exit_code == 0
    (f,) = json.loads(r.stdout)["files"]
    assert f["status"] == "ingested" and any("page(s) 2" in w for w in f["warnings"])


def test_nothing_to_ingest_says_what_to_do(tmp_path):
    (tmp_path / "empty").mkdir()
    r = run(tmp_path / "s.db", "ingest", str(tmp_path / "empty"))
    assert r.exit_code == 0 and "no PDFs found" in r.stderr and "papermind fetch" in r.stderr
