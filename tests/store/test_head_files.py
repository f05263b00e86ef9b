"""A head file is trusted only when it is a regular file of the library's own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from store.heads import head_path, read_head_file, write_heads

ROWS = [{"id": "s1", "headline": "第一节"}]


def test_a_written_head_file_reads_back(tmp_path: Path) -> None:
    write_heads(tmp_path, "b1", "stamp-1", ROWS)
    got = read_head_file(tmp_path, "b1")
    assert got == ("stamp-1", ROWS)


def test_a_link_in_place_of_a_head_file_reads_as_damaged(tmp_path: Path) -> None:
    write_heads(tmp_path, "b1", "stamp-1", ROWS)
    path = head_path(tmp_path, "b1")
    outside = tmp_path / "outside.json"
    path.rename(outside)
    path.symlink_to(outside)
    assert read_head_file(tmp_path, "b1") is None


@pytest.mark.timeout(20)
def test_a_fifo_in_place_of_a_head_file_reads_as_damaged_without_waiting(tmp_path: Path) -> None:
    write_heads(tmp_path, "b1", "stamp-1", ROWS)
    path = head_path(tmp_path, "b1")
    path.unlink()
    os.mkfifo(path)
    assert read_head_file(tmp_path, "b1") is None
