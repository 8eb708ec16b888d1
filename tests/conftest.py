"""Shared fixtures: temp stores, PDF factories, and one ingested store of the real papers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED_PAPERS = REPO.parent / "shared" / "papers"
REAL_KEYS = [
    "alisa",
    "attention",
    "bert",
    "flashattention",
    "mlperf-training",
    "pagedattention",
    "zero-infinity",
]


def shared_papers_dir() -> Path | None:
    env = os.environ.get("PAPERMIND_SHARED_PAPERS")
    d = Path(env) if env else SHARED_PAPERS
    return d if d.is_dir() and any(d.glob("*.pdf")) else None


# Fixtures that ingest (so load the embedding model) or need the real papers: the tests that use
# them are marked here, so `pytest -m "not slow"` never loads the model.
MODEL_FIXTURES = frozenset({"toy_store", "real_store"})
REAL_PAPER_FIXTURES = frozenset({"real_store"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & MODEL_FIXTURES:
            item.add_marker(pytest.mark.slow)
        if names & REAL_PAPER_FIXTURES:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(autouse=True)
def _model_only_in_slow_tests(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that loads the embedding model must be marked slow: unmarked, the model refuses."""
    if request.node.get_closest_marker("slow") is not None:
        return
    import papermind.embed

    def refuse() -> None:
        raise AssertionError("this test loads the embedding model: mark it @pytest.mark.slow")

    monkeypatch.setattr(papermind.embed, "get_model", refuse)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test ever touches the user's real database."""
    home = tmp_path_factory.getbasetemp() / "papermind-home"
    monkeypatch.setenv("PAPERMIND_HOME", str(home))
    monkeypatch.delenv("PAPERMIND_DB", raising=False)


@pytest.fixture
def api(tmp_path):
    from papermind.api import Papermind

    pm = Papermind(db=tmp_path / "store.db")
    yield pm
    pm.close()


@pytest.fixture(scope="session")
def toy_pdfs(tmp_path_factory) -> Path:
    """Three small synthetic papers (paging, tiling, benchmark) in one folder."""
    from tests.helpers.pdfs import make_pdf, paper_pages

    d = tmp_path_factory.mktemp("toy-pdfs")
    make_pdf(
        d / "toy-paging.pdf", paper_pages("paging", "Paging the KV Cache", 3), title="Paging the KV Cache"
    )
    make_pdf(
        d / "toy-tiling.pdf", paper_pages("tiling", "Tiled Exact Attention", 3), title="Tiled Exact Attention"
    )
    make_pdf(
        d / "toy-bench.pdf", paper_pages("benchmark", "A Training Benchmark", 2), title="A Training Benchmark"
    )
    return d


@pytest.fixture(scope="session")
def toy_store(tmp_path_factory, toy_pdfs):
    """A store with the three toy papers ingested (session-wide; treat as read-only)."""
    from papermind.api import Papermind

    d = tmp_path_factory.mktemp("toy-store")
    pm = Papermind(db=d / "toy.db")
    report = pm.ingest([toy_pdfs])
    assert report.ok, report.failed
    yield pm
    pm.close()


@pytest.fixture(scope="session")
def real_store(tmp_path_factory):
    """The seven real papers ingested once per test session (skips when ../shared/papers is absent)."""
    src = shared_papers_dir()
    if src is None:
        pytest.skip("../shared/papers is not available")
    from papermind.api import Papermind

    d = tmp_path_factory.mktemp("real-store")
    pm = Papermind(db=d / "real.db")
    report = pm.ingest([src])
    assert report.ok, [f.reason for f in report.failed]
    yield pm
    pm.close()
