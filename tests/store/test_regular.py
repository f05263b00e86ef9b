"""A library's own files are read only when they are regular files reached without a link."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from store.regular import NotRegular, not_a_file_reason, open_regular, read_open, read_regular


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


def test_a_regular_file_is_read_whole_with_its_stat(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"x" * 70_000 + "终".encode())
    assert read_regular(path) == path.read_bytes()
    fd, st = open_regular(path)
    try:
        assert stat.S_ISREG(st.st_mode) and st.st_size == 70_003
        assert st.st_ino == path.stat().st_ino
        os.lseek(fd, 70_000, os.SEEK_SET)
        assert read_open(fd) == "终".encode()
        assert os.lseek(fd, 0, os.SEEK_CUR) == 70_003  # read through the caller's descriptor
    finally:
        os.close(fd)


def test_an_empty_file_reads_as_no_bytes(tmp_path: Path) -> None:
    (tmp_path / "empty").write_bytes(b"")
    assert read_regular(tmp_path / "empty") == b""


def test_a_missing_file_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "nothing.json")


def test_a_symbolic_link_is_never_followed(tmp_path: Path) -> None:
    target = tmp_path / "outside.json"
    target.write_bytes(b"{}")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with pytest.raises(OSError) as raised:
        read_regular(link)
    assert raised.value.errno == errno.ELOOP and not isinstance(raised.value, NotRegular)
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "gone")
    with pytest.raises(OSError) as raised:
        open_regular(dangling)
    assert raised.value.errno == errno.ELOOP


def test_a_directory_is_refused_by_its_kind(tmp_path: Path) -> None:
    before = _open_descriptors()
    with pytest.raises(NotRegular) as raised:
        read_regular(tmp_path)
    assert stat.S_ISDIR(raised.value.mode)
    assert str(raised.value) == f"{tmp_path} is a directory, not a file"
    assert _open_descriptors() == before  # the descriptor was closed


@pytest.mark.timeout(20)
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "catalog.json"
    os.mkfifo(fifo)
    before = _open_descriptors()
    with pytest.raises(NotRegular) as raised:
        read_regular(fifo)
    assert stat.S_ISFIFO(raised.value.mode)
    assert not_a_file_reason(raised.value.mode) == "is not a regular file"
    assert _open_descriptors() == before


def test_a_device_is_refused() -> None:
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    with pytest.raises(NotRegular) as raised:
        open_regular("/dev/null")
    assert stat.S_ISCHR(raised.value.mode)


def test_not_regular_is_an_os_error_so_callers_that_give_up_on_any_catch_it(tmp_path: Path) -> None:
    assert issubclass(NotRegular, OSError)
    with pytest.raises(OSError):
        open_regular(tmp_path)


def test_a_file_replaced_while_open_is_read_as_it_was_opened(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_bytes(b"old" * 1000)
    fd, st = open_regular(path)
    try:
        fresh = tmp_path / ".manifest.json.new.tmp"
        fresh.write_bytes(b"new")
        os.replace(fresh, path)  # as an atomic writer does
        assert read_open(fd) == b"old" * 1000
        assert st.st_size == 3000  # the stat belongs to what was read
    finally:
        os.close(fd)
    assert read_regular(path) == b"new"


def test_a_file_grown_while_open_is_read_to_its_end(tmp_path: Path) -> None:
    path = tmp_path / "catalog.journal"
    path.write_bytes(b"line 1\n")
    fd, _ = open_regular(path)
    try:
        with path.open("ab") as appender:
            appender.write(b"line 2\n")
        assert read_open(fd) == b"line 1\nline 2\n"
    finally:
        os.close(fd)
