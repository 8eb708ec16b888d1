"""`papermind search` and `papermind eval retrieval` on the toy store: --json, human output, errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from papermind.cli import app


def _db(toy_store) -> str:
    return toy_store.settings.db_url.removeprefix("sqlite:///")


def test_search_json_and_human(toy_store):
    r = CliRunner().invoke(app, ["--db", _db(toy_store), "search", "online softmax", "-k", "3", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["hits"] and data["hits"][0]["paper_key"] == "toy-tiling"
    assert {"snippet", "highlights", "page", "page_end", "section", "score"} <= set(data["hits"][0])
    r = CliRunner().invoke(
        app, ["--db", _db(toy_store), "search", 'NEAR("(C++ *', "--mode", "bm25"], env={"COLUMNS": "200"}
    )
    assert r.exit_code == 0, r.output


def test_search_errors_exit_1_with_hint(toy_store):
    r = CliRunner().invoke(app, ["--db", _db(toy_store), "search", "x", "--paper", "nope", "--json"])
    assert r.exit_code == 1
    assert "toy-paging" in json.loads(r.stdout)["hint"]


def test_empty_query_and_empty_weeks_are_errors_and_unsearched_papers_are_named(toy_store):
    def run(*args: str):
        return CliRunner().invoke(app, ["--db", _db(toy_store), "search", *args], env={"COLUMNS": "200"})

    r = run("  ")
    assert r.exit_code == 1 and "the query is empty" in r.output
    r = run("kv cache", "--week", "16")  # the term's buffer week
    assert r.exit_code == 1 and "week 16 has no papers" in r.output
    # week 7 reads cachegen and discusses pagedattention; this store has neither
    data = json.loads(run("kv cache", "--week", "7", "--json").stdout)
    assert data["not_ingested"] == ["cachegen", "pagedattention"] and data["hits"] == []
    r = run("kv cache", "--week", "7")
    assert r.exit_code == 0 and "week 7: not ingested, so not searched: cachegen, pagedattention" in r.stdout


def test_eval_retrieval(toy_store, tmp_path):
    f = tmp_path / "q.toml"
    f.write_text('[[query]]\ntext = "online softmax"\npaper = "toy-tiling"\npages = [1, 2, 3]\n')
    r = CliRunner().invoke(
        app, ["--db", _db(toy_store), "eval", "retrieval", str(f), "--mode", "all", "-k", "3", "--json"]
    )
    assert r.exit_code == 0, r.output
    modes = {m["mode"]: m for m in json.loads(r.stdout)["modes"]}
    assert set(modes) == {"hybrid", "dense", "bm25"}
    assert modes["hybrid"]["hit_page"] == 1.0 and modes["hybrid"]["p50_ms"] > 0
    bad = CliRunner().invoke(
        app, ["--db", _db(toy_store), "eval", "retrieval", str(tmp_path / "missing.toml")]
    )
    assert bad.exit_code == 1


def test_search_on_an_empty_store_says_to_ingest(tmp_path):
    r = CliRunner().invoke(
        app, ["--db", str(tmp_path / "empty.db"), "search", "kv cache"], env={"COLUMNS": "200"}
    )
    assert r.exit_code == 0 and "no papers are ingested yet" in r.stdout and "papermind ingest" in r.stdout


@pytest.mark.slow
def test_reindex_embeds_the_sentences_that_pick_snippets(toy_pdfs, tmp_path):
    db = str(tmp_path / "s.db")
    r = CliRunner().invoke(app, ["--db", db, "ingest", str(toy_pdfs), "--json"])
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "s.faiss.sentences.npz").exists()  # ingest leaves them to reindex
    r = CliRunner().invoke(app, ["--db", db, "reindex", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["sentences"] > 0
    r = CliRunner().invoke(app, ["--db", db, "reindex"], env={"COLUMNS": "200"})
    assert r.exit_code == 0 and "embedded for snippets" in r.stdout, r.output


@pytest.mark.parametrize("as_json", [False, True])
def test_first_search_in_a_new_home_says_it_prepares_the_model(toy_store, tmp_path, monkeypatch, as_json):
    """The one-time ONNX export takes seconds (a minute under load): the first search says so on
    stderr, in human and JSON mode alike, and the next search says nothing."""
    import shutil

    from papermind import embed
    from papermind.encoder import export

    exported = embed.encoder().path  # the session's exported model, copied instead of exported again
    monkeypatch.setenv("PAPERMIND_HOME", str(tmp_path / "new-home"))
    monkeypatch.setattr(embed, "_encoder", None)  # a fresh process, as far as the encoder goes
    embed._embed_query_cached.cache_clear()
    monkeypatch.setattr(export, "export_to", lambda path: shutil.copyfile(exported, path))
    args = ["--db", _db(toy_store), "search", "online softmax", "-k", "2"] + (["--json"] if as_json else [])

    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    lines = first.stderr.splitlines()
    assert lines[0].startswith("preparing the search model (one-time, ~5 s")
    assert lines[1].startswith("search model ready (") and len(lines) == 2
    if as_json:
        assert json.loads(first.stdout)["hits"]  # stdout is still exactly the JSON
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and again.stderr == ""
