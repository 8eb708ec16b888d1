"""Where the exported ONNX encoder lives and whether it still matches the packaged weights.

The file is ``$PAPERMIND_HOME/models/all-MiniLM-L6-v2-<key>.onnx``; ``key`` hashes the SHA-256 of
the source files (weights and architecture config) together with the export settings, so new
weights or a changed export produce a new file and an old one is never used by mistake. A sidecar
(``all-MiniLM-L6-v2.onnx.json``) records the source files' size and mtime beside their digest: a
cold start stats the sources (microseconds) instead of hashing 90 MB, and hashes again only when a
stat differs. Writes are atomic (temp file + rename) and exports are serialised by a file lock, so
two processes starting at once never see a half-written model.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from papermind.config import data_home

STEM = "all-MiniLM-L6-v2"
SOURCE_FILES = ("model.safetensors", "config.json")  # what the graph is made of
FORMAT = 1  # bump when the export code changes in a way the settings below do not capture
OPSET = 17
INPUTS = ("input_ids", "attention_mask")
OUTPUT = "last_hidden_state"
SETTINGS: dict[str, object] = {
    "format": FORMAT,
    "opset": OPSET,
    "inputs": list(INPUTS),
    "output": OUTPUT,
    "exporter": "torch.onnx.export(dynamo=False)",
}


@dataclass(frozen=True)
class SourceStamp:
    """The source files' (name, size, mtime_ns), cheap to compare on every start."""

    files: tuple[tuple[str, int, int], ...]

    @classmethod
    def of(cls, model_dir: Path) -> SourceStamp:
        out = []
        for name in SOURCE_FILES:
            st = (model_dir / name).stat()
            out.append((name, st.st_size, st.st_mtime_ns))
        return cls(tuple(out))


def cache_dir() -> Path:
    return data_home() / "models"


def sidecar_path() -> Path:
    return cache_dir() / f"{STEM}.onnx.json"


def model_file(key: str) -> Path:
    return cache_dir() / f"{STEM}-{key}.onnx"


def source_digest(model_dir: Path) -> str:
    """SHA-256 over the source files' names and bytes."""
    h = hashlib.sha256()
    for name in SOURCE_FILES:
        h.update(name.encode() + b"\0")
        with open(model_dir / name, "rb") as fh:
            while block := fh.read(1 << 20):
                h.update(block)
    return h.hexdigest()


def cache_key(digest: str) -> str:
    blob = json.dumps({"source": digest, "settings": SETTINGS}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def cached_key(model_dir: Path) -> str:
    """The key for the current weights: from the sidecar when the sources' stat is unchanged,
    else by hashing them (and recording the result)."""
    stamp = SourceStamp.of(model_dir)
    try:
        side = json.loads(sidecar_path().read_text())
        if side["settings"] == SETTINGS and tuple(map(tuple, side["stamp"])) == stamp.files:
            return str(side["key"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    digest = source_digest(model_dir)
    key = cache_key(digest)
    write_sidecar(stamp, digest, key)
    return key


def write_sidecar(stamp: SourceStamp, digest: str, key: str) -> None:
    data = {"key": key, "source_sha256": digest, "stamp": stamp.files, "settings": SETTINGS}
    atomic_write_bytes(sidecar_path(), json.dumps(data, indent=1).encode())


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@contextmanager
def export_lock() -> Iterator[None]:
    """One exporter at a time across processes (the loser finds the file ready)."""
    import fcntl

    cache_dir().mkdir(parents=True, exist_ok=True)
    with open(cache_dir() / f"{STEM}.export-lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
