"""papermind.safe_write: never overwrite without --force, never an input, atomic, clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papermind.errors import ConfigError
from papermind.safe_write import atomic_output, check_target, write_text


def test_new_file_is_written_and_no_temp_file_is_left(tmp_path):
    out = tmp_path / "sub" / "map.txt"
    assert write_text(out, "hello", force=False) == out
    assert out.read_text() == "hello"
    assert sorted(p.name for p in out.parent.iterdir()) == ["map.txt"]


def test_existing_file_is_refused_without_force_and_replaced_with_it(tmp_path):
    out = tmp_path / "x.txt"
    out.write_text("precious")
    with pytest.raises(ConfigError, match="already exists") as exc:
        write_text(out, "new", force=False)
    assert "--force" in (exc.value.hint or "")
    assert out.read_text() == "precious"
    write_text(out, "new", force=True)
    assert out.read_text() == "new"


def test_symlink_to_an_existing_file_counts_as_existing(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("precious")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with pytest.raises(ConfigError, match="already exists"):
        write_text(link, "new", force=False)
    assert real.read_text() == "precious"


def test_an_input_is_never_overwritten_even_with_force_or_through_a_link(tmp_path):
    src = tmp_path / "bank.toml"
    src.write_text("bank")
    link = tmp_path / "alias.toml"
    link.symlink_to(src)
    for target in (src, link, tmp_path / "." / "bank.toml"):
        with pytest.raises(ConfigError, match="also an input"):
            write_text(target, "gift", force=True, inputs=[src])
    assert src.read_text() == "bank"


def test_directory_and_special_files_get_one_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="is a directory"):
        check_target(tmp_path, force=True)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        check_target(fifo, force=True)
    with pytest.raises(ConfigError, match="not a regular file"):
        check_target("/dev/null", force=True)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="(?i)not a directory"):
        check_target(blocker / "out.txt", force=False)


def test_a_failing_writer_leaves_the_old_file_whole_and_no_temp_file(tmp_path):
    out = tmp_path / "x.gift"
    out.write_text("old")
    with pytest.raises(RuntimeError), atomic_output(out, force=True) as tmp:
        tmp.write_text("half")
        raise RuntimeError("exporter crashed")
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.gift"]


def test_a_file_that_appears_meanwhile_is_not_overwritten(tmp_path):
    out = tmp_path / "x.txt"
    with pytest.raises(ConfigError, match="appeared"), atomic_output(out, force=False) as tmp:
        tmp.write_text("mine")
        out.write_text("someone else's")
    assert out.read_text() == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_written_file_gets_normal_permissions(tmp_path):
    out = write_text(tmp_path / "x.txt", "x", force=False)
    umask = os.umask(0)
    os.umask(umask)
    assert Path(out).stat().st_mode & 0o777 == 0o666 & ~umask
