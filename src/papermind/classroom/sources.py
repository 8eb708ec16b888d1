"""Where hand-ins come from: result files, folders of them, and the submissions zip Canvas lets an
instructor download (one file per student, named ``lastfirst_12345_67890_results.json``, with
``_LATE`` after the name for late hand-ins).

Zips are read in memory, never extracted: a member whose name is absolute or climbs out with
``..`` is refused, as are nested zips; a zip with too many members, a member larger than the
results-file limit, or a total or a compression ratio that says "zip bomb" is refused, and every
member is read with a cap so a lying header cannot make it larger. Each problem becomes a
``Source`` with an ``error`` naming the file, never an exception that stops the others.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from papermind.classroom.results_file import MAX_BYTES

MAX_MEMBERS = 2000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, per member (JSON compresses ~10x)
CANVAS_NAME = re.compile(r"^(?P<slug>[^_/]+)(?:_LATE)?_(?P<user>\d+)_(?P<submission>\d+)_(?P<original>.+)$")


@dataclass
class Source:
    name: str  # the file, or "archive.zip!member"
    data: bytes | None = None
    canvas_id: str | None = None
    error: str | None = None  # why it cannot be read (data is None then)


def canvas_user_id(file_name: str) -> str | None:
    """The Canvas user id in a submissions-zip member's name, if it is one."""
    m = CANVAS_NAME.match(PurePosixPath(file_name).name)
    return m.group("user") if m else None


def _read_capped(path: Path) -> bytes:
    with path.open("rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def _unsafe(member: str) -> str | None:
    p = PurePosixPath(member.replace("\\", "/"))
    if p.is_absolute() or re.match(r"^[A-Za-z]:", member):
        return "an absolute path inside the zip"
    if ".." in p.parts:
        return "a path that climbs out of the zip ('..')"
    return None


def from_zip(path: Path) -> list[Source]:
    label = str(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return [Source(label, error=f"not a readable zip: {exc}")]
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            return [Source(label, error=f"{len(infos)} files inside (the limit is {MAX_MEMBERS})")]
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            return [Source(label, error=f"unpacks to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB")]
        out: list[Source] = []
        for info in infos:
            name = f"{label}!{info.filename}"
            base = PurePosixPath(info.filename.replace("\\", "/")).name
            if base.startswith(".") or info.filename.startswith("__MACOSX/"):
                continue  # Finder's and macOS's own files
            reason = _unsafe(info.filename)
            if reason is None and base.lower().endswith(".zip"):
                reason = "a zip inside the zip (not opened)"
            if reason is None and not base.lower().endswith(".json"):
                reason = "not a .json results file"
            if reason is None and info.file_size > MAX_BYTES:
                reason = f"larger than {MAX_BYTES // (1024 * 1024)} MB"
            if reason is None and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                reason = f"compressed {info.file_size // info.compress_size}:1 (a zip bomb?)"
            if reason is not None:
                out.append(Source(name, error=reason))
                continue
            try:
                with zf.open(info) as fh:
                    data = fh.read(MAX_BYTES + 1)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
                out.append(Source(name, error=f"cannot read it from the zip: {exc}"))
                continue
            if len(data) > MAX_BYTES:
                out.append(Source(name, error=f"larger than {MAX_BYTES // (1024 * 1024)} MB"))
                continue
            out.append(Source(name, data, canvas_user_id(info.filename)))
        return out


def collect(paths: list[Path]) -> list[Source]:
    """Every hand-in under ``paths`` (files, folders searched recursively for *.json and *.zip)."""
    out: list[Source] = []
    for p in paths:
        if p.is_dir():
            files = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in (".json", ".zip") and not f.name.startswith(".")
            )
            if not files:
                out.append(Source(str(p), error="no .json or .zip files in this folder"))
            out.extend(s for f in files for s in _from_file(f))
        elif not p.exists():
            out.append(Source(str(p), error="no such file"))
        else:
            out.extend(_from_file(p))
    return out


def _from_file(path: Path) -> list[Source]:
    if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
        return from_zip(path)
    try:
        return [Source(str(path), _read_capped(path), canvas_user_id(path.name))]
    except (OSError, ValueError) as exc:
        return [Source(str(path), error=str(exc))]
