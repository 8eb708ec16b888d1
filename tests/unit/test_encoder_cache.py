"""The ONNX encoder's cache: keyed by the weights' hash and the export settings, trusted by stat
until a source file changes, written atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from papermind.encoder import cache


@pytest.fixture(autouse=True)
def _own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own cache folder (the session's holds the real encoder)."""
    monkeypatch.setenv("PAPERMIND_HOME", str(tmp_path / "home"))


@pytest.fixture
def weights(tmp_path: Path) -> Path:
    d = tmp_path / "model"
    d.mkdir()
    (d / "model.safetensors").write_bytes(b"weights v1" * 1000)
    (d / "config.json").write_text('{"hidden_size": 384}')
    return d


def test_key_follows_the_weights_and_is_recorded(weights: Path):
    key = cache.cached_key(weights)
    assert key == cache.cache_key(cache.source_digest(weights))
    side = json.loads(cache.sidecar_path().read_text())
    assert side["key"] == key and side["settings"] == cache.SETTINGS
    assert cache.model_file(key).name == f"all-MiniLM-L6-v2-{key}.onnx"
    assert cache.model_file(key).parent == Path(os.environ["PAPERMIND_HOME"]) / "models"


def test_changed_weights_give_a_new_key(weights: Path):
    before = cache.cached_key(weights)
    (weights / "model.safetensors").write_bytes(b"weights v2" * 1000)
    assert cache.cached_key(weights) != before


def test_unchanged_stat_is_trusted_without_hashing(weights: Path, monkeypatch: pytest.MonkeyPatch):
    key = cache.cached_key(weights)

    def no_hashing(_: Path) -> str:
        raise AssertionError("hashed although nothing changed")

    monkeypatch.setattr(cache, "source_digest", no_hashing)
    assert cache.cached_key(weights) == key


def test_changed_settings_give_a_new_key(weights: Path, monkeypatch: pytest.MonkeyPatch):
    key = cache.cached_key(weights)
    monkeypatch.setitem(cache.SETTINGS, "opset", 99)
    assert cache.cached_key(weights) != key


def test_a_corrupt_sidecar_is_rebuilt(weights: Path):
    key = cache.cached_key(weights)
    cache.sidecar_path().write_text("{not json")
    assert cache.cached_key(weights) == key
    assert json.loads(cache.sidecar_path().read_text())["key"] == key


def test_atomic_write_leaves_no_temp_file(tmp_path: Path):
    target = tmp_path / "sub" / "f.bin"
    cache.atomic_write_bytes(target, b"abc")
    cache.atomic_write_bytes(target, b"def")
    assert target.read_bytes() == b"def"
    assert [p.name for p in target.parent.iterdir()] == ["f.bin"]


def test_an_export_is_announced_before_and_after_and_only_once(
    weights: Path, monkeypatch: pytest.MonkeyPatch
):
    from papermind.encoder import export

    heard: list[float | None] = []
    monkeypatch.setattr(export, "export_to", lambda path: path.write_bytes(b"onnx"))
    path = export.ensure_exported(weights, heard.append)
    assert path.read_bytes() == b"onnx"
    assert len(heard) == 2 and heard[0] is None and isinstance(heard[1], float) and heard[1] >= 0
    export.ensure_exported(weights, heard.append)  # already there: nothing to say
    assert len(heard) == 2
