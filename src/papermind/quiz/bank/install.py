"""``papermind quiz install FILE.toml|ZIP``: add an instructor's bank to the user's banks folder,
so a bank written mid-term reaches students without a new release.

The bank is checked first, together with the banks already there (so a duplicate id is caught);
any error in the new bank refuses the install and names ``file:line`` (``archive.zip!member:line``
for a zip). A bank of the same file name in the user's folder is replaced, and one in the shipped
quizzes folder is shadowed (the service loads the user's copy instead), so an instructor can
update a shipped bank. Zip members are read in
memory with the same limits as results zips: no absolute or ``..`` paths, at most
``MAX_MEMBERS`` banks, each at most ``MAX_BANK_BYTES``.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from papermind.errors import QuizError
from papermind.quiz.bank.check import CheckReport
from papermind.quiz.bank.model import Problem

MAX_MEMBERS = 200
MAX_BANK_BYTES = 2 * 1024 * 1024


@dataclass
class InstallReport:
    source: str
    folder: str
    installed: list[str] = field(default_factory=list)  # file names written
    replaced: list[str] = field(default_factory=list)  # of those, the ones that were there before
    questions: int = 0
    problems: list[Problem] = field(default_factory=list)  # the new banks' problems (all severities)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def _banks_in_zip(path: Path, into: Path) -> dict[Path, str]:
    """Unpack the zip's *.toml banks into ``into``; {unpacked path: "zip!member"}."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise QuizError(f"{path} is not a readable zip: {exc}") from None
    out: dict[Path, str] = {}
    with zf:
        members = [i for i in zf.infolist() if not i.is_dir() and i.filename.lower().endswith(".toml")]
        if len(members) > MAX_MEMBERS:
            raise QuizError(f"{path} holds {len(members)} banks (the limit is {MAX_MEMBERS})")
        for info in members:
            p = PurePosixPath(info.filename.replace("\\", "/"))
            if p.is_absolute() or ".." in p.parts or p.name.startswith("."):
                raise QuizError(f"{path}!{info.filename}: an unsafe path inside the zip")
            if info.file_size > MAX_BANK_BYTES:
                raise QuizError(f"{path}!{info.filename}: larger than {MAX_BANK_BYTES // 1024} KB")
            with zf.open(info) as fh:
                data = fh.read(MAX_BANK_BYTES + 1)
            if len(data) > MAX_BANK_BYTES:
                raise QuizError(f"{path}!{info.filename}: larger than {MAX_BANK_BYTES // 1024} KB")
            target = into / p.name
            if target in out:
                raise QuizError(f"{path}: two banks named {p.name}")
            target.write_bytes(data)
            out[target] = f"{path}!{info.filename}"
    if not out:
        raise QuizError(f"{path} holds no .toml bank")
    return out


def install(
    source: Path,
    folder: Path,
    check: Callable[[list[Path]], CheckReport],
) -> InstallReport:
    """Check ``source`` (a bank or a zip of banks) and copy it into ``folder`` when it has no
    error. ``check`` is ``quiz check`` over a list of files, which reads them beside the banks in
    use (less those they replace by file name)."""
    if not source.is_file():
        raise QuizError(f"no such file: {source}", "give a .toml bank or a .zip of banks")
    with tempfile.TemporaryDirectory(prefix="pm-install-") as tmp:
        if zipfile.is_zipfile(source):
            new = _banks_in_zip(source, Path(tmp))
        elif source.suffix.lower() == ".toml":
            new = {source: str(source)}
        else:
            raise QuizError(f"{source} is neither a .toml bank nor a .zip", "give a .toml bank or a .zip")
        report = check(list(new))
        mine = {str(p): label for p, label in new.items()}
        result = InstallReport(str(source), str(folder))
        for prob in report.problems:
            if prob.file in mine:
                prob.file = mine[prob.file]
                for unpacked, label in mine.items():  # "first defined at" another bank of the zip
                    prob.message = prob.message.replace(unpacked, label)
                result.problems.append(prob)
        if not result.ok:
            return result
        from papermind.quiz.bank.load import load_bank

        result.questions = sum(len(load_bank(p).questions) for p in new)
        folder.mkdir(parents=True, exist_ok=True)
        for p in new:
            target = folder / p.name
            if target.exists():
                result.replaced.append(p.name)
            tmp_target = folder / f".{p.name}.part"
            shutil.copyfile(p, tmp_target)
            tmp_target.replace(target)
            result.installed.append(p.name)
        return result
