"""`papermind concepts`: week maps with missing papers, a week without papers, formats, -o."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papermind.cli import app
from tests.unit.test_concepts_graph import ALISA, MLPERF, PAGED, add_paper, fake_embed

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture
def run(tmp_path, monkeypatch):
    import papermind.embed
    from papermind.api import Papermind

    monkeypatch.setattr(papermind.embed, "embed_texts", fake_embed)
    db = tmp_path / "pm.db"
    pm = Papermind(db=db, corpus=CORPUS)
    add_paper(pm, "pagedattention", "Efficient Memory Management with PagedAttention", PAGED)
    add_paper(pm, "alisa", "ALISA: Sparse Window Attention", ALISA, year=2024)
    add_paper(pm, "mlperf-training", "MLPerf Training Benchmark", MLPERF)
    pm.close()
    runner = CliRunner()

    def _run(*args: str):
        return runner.invoke(
            app, ["--db", str(db), "--corpus", str(CORPUS), "concepts", *args], env={"COLUMNS": "80"}
        )

    return _run


def test_week_with_a_missing_paper_says_so(run):
    r = run("--week", "8")
    assert r.exit_code == 0, r.output
    assert "mlperf-inference" in r.stdout and "not ingested yet" in r.stdout
    assert "papers: mlperf-training" in r.stdout
    data = json.loads(run("--week", "8", "--json").stdout)
    assert data["missing_papers"] == ["mlperf-inference"] and data["nodes"]


def test_week_without_papers_exits_0_with_a_message(run):
    r = run("--week", "1")
    assert r.exit_code == 0 and "no paper" in r.stdout
    data = json.loads(run("--week", "1", "--format", "json").stdout)
    assert data["nodes"] == [] and "no paper" in data["message"]


def test_text_map_and_builds_on(run):
    r = run("--week", "14", "--top", "10")
    assert r.exit_code == 0, r.output
    assert "KV cache" in r.stdout and "builds on: wk 6 (pagedattention)" in r.stdout
    assert all(len(line) <= 80 for line in r.stdout.splitlines())


def test_formats_and_output_file(run, tmp_path):
    out = tmp_path / "map.mmd"
    r = run("--paper", "pagedattention", "--format", "mermaid", "-o", str(out))
    assert r.exit_code == 0 and "wrote mermaid map" in r.stdout
    assert out.read_text().startswith("graph LR")
    assert run("--week", "6", "--format", "dot").stdout.startswith("digraph concepts {")


def test_errors_and_rebuild(run):
    r = run("--week", "6", "--format", "svg")
    assert r.exit_code == 1 and "unknown format" in r.output
    assert run("--week", "17").exit_code == 1
    assert run("--paper", "cachegen").exit_code == 1
    assert run().exit_code == 1
    data = json.loads(run("--rebuild", "--json").stdout)
    assert data["rebuilt"]["papers"] == 3


def test_output_file_is_never_overwritten_without_force(run, tmp_path):
    out = tmp_path / "existing.txt"
    out.write_text("notes")
    r = run("--week", "6", "-o", str(out))
    assert r.exit_code == 1 and "already exists" in r.stderr
    assert out.read_text() == "notes"
    r = run("--paper", "pagedattention", "-o", str(tmp_path))
    assert r.exit_code == 1 and "is a directory" in r.stderr
    assert run("--paper", "pagedattention", "-o", str(out), "--force").exit_code == 0
    assert out.read_text() != "notes"


def test_a_query_that_must_rebuild_the_maps_says_so_once(run):
    first = run("--week", "8", "--json")  # the maps were never built for these chunks
    assert first.exit_code == 0 and json.loads(first.stdout)["nodes"]  # --json stays one document
    assert "rebuilding the concept maps" in first.stderr
    again = run("--week", "8")
    assert again.exit_code == 0 and "rebuilding" not in again.stderr
