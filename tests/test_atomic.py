"""Atomic writes leave either the old file or the complete new one."""

import os
import stat

import pytest

from preserve import atomic
from preserve.atomic import atomic_file, write_atomic
from preserve.errors import OutputError


def test_writes_the_bytes_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out.xml"
    write_atomic(target, b"<a/>")
    assert target.read_bytes() == b"<a/>"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]


def test_a_failed_write_keeps_the_old_file_and_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "out.xml"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OutputError) as caught:
        write_atomic(target, b"new")
    assert str(caught.value) == f"{target}: cannot write: disk full"
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]


def test_the_file_gets_ordinary_permissions_not_a_temporary_files(tmp_path):
    target = tmp_path / "report.sarif"
    write_atomic(target, b"{}")
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_a_stream_written_as_text_appears_only_when_the_block_ends(tmp_path):
    target = tmp_path / "report.json"
    with atomic_file(target, text=True) as stream:
        stream.write('{"titre": "Mémorandum"}\n')
        assert not target.exists()  # nothing under the final name yet
    assert target.read_text(encoding="utf-8") == '{"titre": "Mémorandum"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_an_error_inside_the_block_leaves_nothing(tmp_path):
    target = tmp_path / "report.json"
    with pytest.raises(KeyboardInterrupt), atomic_file(target, text=True) as stream:
        stream.write("{")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_there_is_an_output_error_naming_the_file(tmp_path):
    target = tmp_path / "missing" / "out.xml"
    with pytest.raises(OutputError) as caught:
        write_atomic(target, b"<a/>")
    assert caught.value.path == str(target)
    assert "No such file or directory" in str(caught.value)
