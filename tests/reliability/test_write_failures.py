"""Guarantee 4: a full disk or a read-only place leaves the previous file intact and gives
one line on stderr with exit code 1."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from reliability_helpers import REPO, one_line, store_hashes

from store import files
from store.locks import FlockLock

ERRORS = {
    errno.ENOSPC: "no space left",
    errno.EACCES: "permission denied",
    errno.EROFS: "read-only",
    errno.EDQUOT: "quota",
}


def _fail_with(code: int):
    def boom(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return boom


def _sid(run_cli) -> str:
    return json.loads(run_cli("list", "--json").out)["briefings"][0]["sections"][0]["id"]


def _page(tmp_path: Path) -> Path:
    path = tmp_path / "copy.txt"
    text = (REPO / "content" / "hunan-daily.txt").read_text(encoding="utf-8")
    path.write_text(text + "\n\n补充一段。\n", encoding="utf-8")
    return path


WRITES = {
    "note": lambda run_cli, sid, tmp: run_cli("note", "add", sid, "笔记", "--block", "1"),
    "bookmark": lambda run_cli, sid, tmp: run_cli("bookmark", "add", sid, "--block", "1"),
    "import": lambda run_cli, sid, tmp: run_cli("import", str(_page(tmp))),
}
# Where the failure strikes: creating the temp file, flushing it, or the rename.
STAGES = {
    "create": (files, "create_temp"),
    "fsync": (os, "fsync"),
    "replace": (os, "replace"),
}


@pytest.mark.parametrize("stage", sorted(STAGES))
@pytest.mark.parametrize("code", sorted(ERRORS))
@pytest.mark.parametrize("write", sorted(WRITES))
def test_injected_os_error_keeps_files_and_says_one_line(
    run_cli,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write: str,
    code: int,
    stage: str,
) -> None:
    sid = _sid(run_cli)
    before = store_hashes(home)
    module, name = STAGES[stage]
    monkeypatch.setattr(module, name, _fail_with(code))
    result = WRITES[write](run_cli, sid, tmp_path)
    monkeypatch.undo()
    assert result.code == 1, result.out
    lines = result.err.splitlines()
    assert lines and lines[0].startswith("briefing: ") and len(lines) <= 2  # import adds a tally
    assert ERRORS[code] in lines[0] and "intact" in lines[0]
    assert store_hashes(home) == before
    leftovers = [p for p in home.rglob(".*.tmp")]
    assert leftovers == []
    # and the next write, with the disk back, works
    assert WRITES[write](run_cli, sid, tmp_path).code == 0


def test_lock_file_in_a_read_only_place(
    run_cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = _sid(run_cli)
    before = store_hashes(home)
    monkeypatch.setattr(FlockLock, "acquire", _fail_with(errno.EROFS))
    result = run_cli("note", "add", sid, "笔记", "--block", "1")
    assert result.code == 1 and one_line(result.err) and "read-only" in result.err
    # reading needs no lock
    assert run_cli("notes").code == 0 and run_cli("list").code == 0
    monkeypatch.undo()
    assert store_hashes(home) == before


def test_library_folder_that_cannot_be_created(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Path, "mkdir", _fail_with(errno.EACCES))
    result = run_cli("list", store=tmp_path / "new")
    assert result.code == 1 and one_line(result.err) and "cannot create" in result.err
