"""Import hygiene: `papermind --help` and light commands never pay for torch, faiss or alembic."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["torch", "sentence_transformers", "faiss", "alembic", "transformers", "numpy"]


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return set(json.loads(r.stdout.strip().splitlines()[-1]))


def test_help_imports_nothing_heavy():
    mods = _modules_after(
        "from typer.testing import CliRunner\nfrom papermind.cli import app\n"
        "r = CliRunner().invoke(app, ['--help'])\nassert r.exit_code == 0 and 'ingest' in r.output, r.output"
    )
    assert not [m for m in HEAVY if m in mods]


def test_listing_papers_of_a_current_db_imports_nothing_heavy(tmp_path):
    db = tmp_path / "s.db"
    subprocess.run(
        [sys.executable, "-m", "papermind", "--db", str(db), "db", "upgrade"], check=True, capture_output=True
    )
    mods = _modules_after(
        "from typer.testing import CliRunner\nfrom papermind.cli import app\n"
        f"r = CliRunner().invoke(app, ['--db', {str(db)!r}, 'papers', '--json'])\nassert r.exit_code == 0, r.output"
    )
    assert not [m for m in ("torch", "sentence_transformers", "faiss", "alembic") if m in mods]


def test_papermind_help_runs(tmp_path):
    r = subprocess.run([sys.executable, "-m", "papermind", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "papers" in r.stdout
