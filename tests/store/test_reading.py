"""A library opened to be read: in order, it is read without TinyDB; otherwise it is opened."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from store import paths
from store.errors import BriefingError, StoreCorrupt, StoreTooNew
from store.library import Library, open_library
from store.numbering import block_kinds
from store.reading import ReadingLibrary, in_order, open_reading, section_kinds
from store.search import search

PAGE = "衡阳日报\n\n头条新闻\n\n本报记者 王伟\n\n鹦鹉螺工坊建设加快。\n\n图为工地。\n"


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    lib = open_library(folder)
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    lib.import_file(page)
    search(lib, "王伟")  # the index is built
    return folder


def _rewrite(path: Path, change) -> None:
    data = json.loads(path.read_bytes())
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def test_a_library_in_order_is_read_without_opening_it(home: Path) -> None:
    lib = open_reading(home)
    assert isinstance(lib, ReadingLibrary) and lib.home == home
    assert not lib.rows_read
    results = search(lib, "鹦鹉螺")
    assert results.total == 1
    assert lib._library is None  # the search needed nothing but the folder
    # Anything else opens the library whole, once, and answers as it does.
    assert [b.id for b in lib.briefings()] == [b.id for b in open_library(home).briefings()]
    assert isinstance(lib.whole(), Library) and lib.whole() is lib.whole()


def test_changes_through_it_reach_its_listeners(home: Path, tmp_path: Path) -> None:
    lib = open_reading(home)
    heard: list[tuple[list[str], list[str]]] = []
    lib.on_change(lambda added, removed: heard.append((added, removed)))
    page = tmp_path / "two.txt"
    page.write_text(PAGE.replace("头条新闻", "第二条"), encoding="utf-8")
    result = lib.import_file(page)
    assert heard == [([result.briefing.id], [])]
    assert search(lib, "第二条").total == 1  # the index heard of it too


@pytest.mark.parametrize(
    "spoil",
    [
        lambda home: (home / "README.txt").unlink(),
        lambda home: (home / "heads").rename(home / "heads-gone"),
        lambda home: (home / paths.USER).unlink(),
        lambda home: _rewrite(home / paths.CATALOG, lambda d: d["meta"].clear()),
        lambda home: _rewrite(home / paths.CATALOG, lambda d: d["meta"]["1"].update(schema=2)),
        lambda home: _rewrite(home / paths.CATALOG, lambda d: d["meta"]["1"].update(schema=3.0)),
        lambda home: _rewrite(home / paths.CATALOG, lambda d: d["meta"]["2"].update(seeded=[])),
    ],
)
def test_anything_to_write_or_refuse_opens_the_library(home: Path, spoil) -> None:
    spoil(home)
    assert not in_order(home)


def test_a_missing_folder_is_made_and_seeded(tmp_path: Path) -> None:
    lib = open_reading(tmp_path / "new")
    assert isinstance(lib, Library)
    assert lib.briefing_count() == 1  # the shipped briefing
    assert isinstance(open_reading(tmp_path / "new"), ReadingLibrary)


@pytest.mark.parametrize("name", [paths.CATALOG, paths.USER])
def test_a_newer_file_gets_the_libraries_own_message(home: Path, name: str) -> None:
    _rewrite(home / name, lambda d: d["meta"]["1"].update(schema=99))
    with pytest.raises(StoreTooNew) as ours:
        open_reading(home)
    with pytest.raises(StoreTooNew) as theirs:
        open_library(home, tidy=False)
    assert str(ours.value) == str(theirs.value)


def test_a_damaged_catalog_gets_the_libraries_own_message(home: Path) -> None:
    (home / paths.CATALOG).write_text('{"meta": {"1": {"schema": 3}', encoding="utf-8")
    with pytest.raises(StoreCorrupt) as ours:
        open_reading(home)
    with pytest.raises(StoreCorrupt) as theirs:
        open_library(home, tidy=False)
    assert str(ours.value) == str(theirs.value)


def test_a_crashed_writers_temp_file_beside_the_catalog_goes(home: Path) -> None:
    stray = home / ".catalog.json.abc123.tmp"
    stray.write_bytes(b"{")
    assert isinstance(open_reading(home), ReadingLibrary)
    assert not stray.exists()


def test_section_kinds_read_as_the_library_reads_them(home: Path) -> None:
    lib = open_library(home)
    for briefing in lib.briefings():
        for head in lib.heads(briefing.id):
            want = block_kinds(lib.section(head.id).blocks)
            assert section_kinds(home, briefing.id, head.id) == want
    bid = lib.briefings()[-1].id
    assert section_kinds(home, bid, f"{bid}-99") is None


def test_section_kinds_trust_no_newer_damaged_or_linked_file(home: Path) -> None:
    bid = open_library(home).briefings()[-1].id
    path = home / "sections" / f"{bid}.json"
    sid = f"{bid}-1"
    assert section_kinds(home, bid, sid) is not None
    original = path.read_bytes()
    _rewrite(path, lambda d: d["meta"]["1"].update(schema=99))
    assert section_kinds(home, bid, sid) is None
    _rewrite(path, lambda d: d["meta"]["1"].update(schema="3"))
    assert section_kinds(home, bid, sid) is None
    path.write_bytes(original[:-10])
    assert section_kinds(home, bid, sid) is None
    outside = home.parent / "outside.json"
    outside.write_bytes(original)
    path.unlink()
    os.symlink(outside, path)
    assert section_kinds(home, bid, sid) is None
    with pytest.raises(BriefingError):  # the library says what is wrong
        open_library(home).section(sid)
