"""A folder, a link or a FIFO where a library file belongs: one line naming the file (never a file
descriptor, never an unexpected error), and `briefing doctor --repair` brings reading back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from reliability_helpers import one_line

from store import open_library
from store.notes import add_note


def _file(home: Path, which: str) -> Path:
    if which == "sections":
        return next((home / "sections").glob("*.json"))
    return home / f"{which}.json"


def _make_folder(path: Path, elsewhere: Path) -> None:
    path.rename(elsewhere / path.name)
    path.mkdir()


def _make_link(path: Path, elsewhere: Path) -> None:
    target = elsewhere / path.name
    path.rename(target)
    path.symlink_to(target)


def _make_fifo(path: Path, elsewhere: Path) -> None:
    path.rename(elsewhere / path.name)
    os.mkfifo(path)  # opened for reading, it would wait for a writer that never comes


_MAKE = {"folder": _make_folder, "link": _make_link, "fifo": _make_fifo}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("how", ["folder", "link", "fifo"])
@pytest.mark.parametrize("which", ["catalog", "sections", "user"])
def test_a_folder_or_link_in_place_of_a_library_file(
    home: Path, run_cli, tmp_path: Path, which: str, how: str
) -> None:
    sid = open_library(home).section_heads()[0].id
    path = _file(home, which)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    _MAKE[how](path, elsewhere)
    outside = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    command = {"catalog": ("list",), "sections": ("read", sid), "user": ("notes",)}[which]
    for args in (command, ("search", "衡阳")):
        result = run_cli(*args)
        if which == "user" and args[0] == "search":
            assert result.code == 0, result.err  # reading goes on without the user file
            continue
        assert result.code == 1 and one_line(result.err), result.err
        assert str(path) in result.err and "unexpected" not in result.err
    assert run_cli("doctor").code == 1
    repaired = run_cli("doctor", "--repair")
    assert repaired.code == 0, repaired.out + repaired.err
    assert run_cli("search", "衡阳").out.startswith("2 sections match")
    lib = open_library(home, seed=False)
    add_note(lib, sid, 0, "修好以后")
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == outside  # never written


@pytest.mark.parametrize("which", ["sections", "user"])
def test_repair_reads_no_rows_through_a_link(home: Path, tmp_path: Path, which: str) -> None:
    from store.doctor import repair_library

    lib = open_library(home)
    sid = lib.section_heads()[0].id
    add_note(lib, sid, 0, "库外的笔记")  # the file the link leads to holds a note and sections
    path = _file(home, which)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    _make_link(path, elsewhere)
    outside = (elsewhere / path.name).read_bytes()
    (found,) = [f for f in repair_library(home) if f.path == path]
    assert found.fixed and "symbolic link: not followed" in (found.action or "")
    assert not path.is_symlink() or not path.exists()
    assert (elsewhere / path.name).read_bytes() == outside
    lib = open_library(home, seed=False)
    if which == "user":
        assert "0 notes" in (found.action or "") and lib.user.table("notes").all() == []
    else:  # nothing salvaged from outside: the shipped briefing is imported again
        assert "imported again" in (found.action or "")
    links = [p for p in (*home.iterdir(), *(home / "sections").iterdir()) if p.is_symlink()]
    assert [p.name.split(".broken-")[0] for p in links] == [path.name]  # moved aside, kept


def test_repair_still_recovers_notes_from_a_damaged_regular_file(home: Path) -> None:
    from store.doctor import repair_library

    lib = open_library(home)
    sid = lib.section_heads()[0].id
    add_note(lib, sid, 0, "留下的笔记")
    path = home / "user.json"
    path.write_bytes(path.read_bytes().replace(b'"meta"', b'"meta" ,,', 1))
    (found,) = [f for f in repair_library(home) if f.path == path]
    assert found.fixed and "1 notes" in (found.action or "") and "link" not in found.action
    notes = open_library(home, seed=False).user.table("notes").all()
    assert [n["text"] for n in notes] == ["留下的笔记"]
