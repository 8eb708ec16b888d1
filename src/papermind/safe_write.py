"""Writing a user-named output file without ever losing data.

Every ``-o FILE`` of the CLI and every export/import target of the app goes through here:

- an existing file is refused unless the caller passes ``force`` (``--force``);
- the command's own inputs are refused even with ``force`` (``quiz export x.toml -o x.toml``),
  compared after resolving symlinks, so a link to an input is caught too;
- a directory, a device, a pipe or a socket is refused with one clear line;
- the bytes go to a temp file in the target's folder, which is renamed over the target only when
  complete (``os.replace``): a crash or a failing exporter leaves the old file whole and no temp
  file behind. Without ``force`` the final step is ``os.link``, which fails if the file appeared
  in the meantime, so even a race cannot overwrite it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from papermind.errors import ConfigError


def check_target(output: str | os.PathLike[str], *, force: bool, inputs: Iterable[Path] = ()) -> Path:
    """The resolved path ``output`` may be written at, or ConfigError saying why not."""
    given = Path(output).expanduser()
    target = given.resolve()
    for src in inputs:
        if Path(src).expanduser().resolve() == target:
            raise ConfigError(
                f"{given} is also an input of this command; refusing to overwrite it",
                "write the output to another file",
            )
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ConfigError(f"cannot write {given}: {exc.strerror}", "choose another output path") from exc
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise ConfigError(
                f"{given} is a directory", f"give a file name, e.g. {given / ('out' + given.suffix)}"
            )
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError(
                f"{given} is not a regular file (a device, pipe or socket)", "give a regular file's path"
            )
        if not force:
            raise ConfigError(
                f"{given} already exists", "pass --force to overwrite it, or choose another name"
            )
    parent = target.parent
    if parent.exists() and not parent.is_dir():
        raise ConfigError(f"cannot write {given}: {parent} is not a directory", "choose another output path")
    return target


@contextmanager
def atomic_output(
    output: str | os.PathLike[str], *, force: bool, inputs: Iterable[Path] = ()
) -> Iterator[Path]:
    """A temp path to write, renamed to ``output`` when the block ends without an error."""
    target = check_target(output, force=force, inputs=inputs)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(
            f"cannot write {output}: {exc.strerror}", "check the folder exists and is writable"
        ) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        if force:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target, output)
    except OSError as exc:
        raise ConfigError(
            f"cannot write {output}: {exc.strerror or exc}", "choose another output path"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def _link_new(tmp: Path, target: Path, output: str | os.PathLike[str]) -> None:
    """Put ``tmp`` at ``target`` only if nothing is there (a hard link; a rename where the file
    system has no hard links)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise ConfigError(
            f"{output} appeared while it was being written; left it alone", "run the command again"
        ) from None
    except OSError:
        if target.exists():
            raise ConfigError(f"{output} already exists", "pass --force to overwrite it") from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def write_text(
    output: str | os.PathLike[str], text: str, *, force: bool, inputs: Iterable[Path] = ()
) -> Path:
    """Write ``text`` (UTF-8) to ``output`` under the rules above; returns the path written."""
    with atomic_output(output, force=force, inputs=inputs) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(output)
