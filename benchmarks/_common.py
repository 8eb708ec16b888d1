"""Shared helpers for the benchmark scripts (run them as `python benchmarks/<name>.py`)."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def shared_papers() -> Path:
    d = Path(os.environ.get("PAPERMIND_SHARED_PAPERS", REPO.parent / "shared" / "papers"))
    if not d.is_dir():
        sys.exit(f"no papers at {d}: set PAPERMIND_SHARED_PAPERS")
    return d


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median(values: list[float]) -> float:
    return statistics.median(values)


def child_env() -> dict[str, str]:
    """The environment for a benchmark's child processes: this checkout's src first, offline.

    A student's install caches bytecode; this machine sets PYTHONDONTWRITEBYTECODE, which would
    make every run compile papermind's modules from source (site-packages ship theirs compiled)."""
    e = dict(os.environ)
    e["PYTHONPATH"] = str(REPO / "src") + os.pathsep + e.get("PYTHONPATH", "")
    e.setdefault("HF_HUB_OFFLINE", "1")
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    return e
