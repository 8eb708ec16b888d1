"""Writing the files papermind hands out (results, agenda, gradebook): never over an existing file
unless asked (``force``), never half-written (a temp file beside it, then an atomic rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from papermind.errors import PapermindError


def write_new(path: Path, text: str, *, force: bool = False) -> None:
    if path.is_dir():
        raise PapermindError(f"{path} is a folder", "give a file name, e.g. results.json")
    if path.exists() and not path.is_file():
        raise PapermindError(f"{path} is not a regular file", "give another file name")
    if path.exists() and not force:
        raise PapermindError(f"{path} exists", "pass --force to replace it, or give another name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise PapermindError(f"no folder {parent}", "create it first, or give another path")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
