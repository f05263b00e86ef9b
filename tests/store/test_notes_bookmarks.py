"""Bookmarks on the seed briefing: add, toggle, rename, delete, order, filter, detach."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tinydb import Query

from store import Library, NotFound, open_library
from store.bookmarks import (
    add_bookmark,
    bookmarked_blocks,
    delete_bookmark,
    get_bookmark,
    list_bookmarks,
    rename_bookmark,
    toggle_bookmark,
)
from store.notes import block_text

T = [datetime(2024, 5, 1, h, 0, tzinfo=UTC) for h in range(8, 14)]


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    return open_library(tmp_path / "lib")


def where(lib: Library, needle: str) -> tuple[str, int]:
    for section in lib.iter_sections():
        for i, block in enumerate(section.blocks):
            if needle in block_text(block):
                return section.id, i
    raise AssertionError(f"{needle!r} is not in the seed briefing")


def test_block_bookmark_quotes_the_opening_of_the_block(lib: Library) -> None:
    sid, block = where(lib, "寒风冬雨")
    bm = add_bookmark(lib, sid, block, "天气", now=T[0])
    text = block_text(lib.section(sid).blocks[block])
    assert bm.quote == text[:80] and bm.label == "天气"
    assert bm.created == "2024-05-01T08:00:00Z" and bm.block == block
    assert bm.briefing_id == lib.section(sid).briefing_id
    assert get_bookmark(open_library(lib.home), bm.id) == bm


def test_section_bookmark_and_repeat_add_reuses_the_mark(lib: Library) -> None:
    sid = lib.section_heads()[1].id
    bm = add_bookmark(lib, sid, now=T[0])
    assert bm.block is None and bm.label is None
    again = add_bookmark(lib, sid, label="市长访谈", now=T[1])
    assert again.id == bm.id and again.label == "市长访谈"
    assert len(list_bookmarks(lib)) == 1


def test_toggle_adds_then_removes(lib: Library) -> None:
    sid, block = where(lib, "寒风冬雨")
    added = toggle_bookmark(lib, sid, block, now=T[0])
    assert added is not None and bookmarked_blocks(lib, sid) == {block}
    assert toggle_bookmark(lib, sid, block) is None
    assert bookmarked_blocks(lib, sid) == set() and list_bookmarks(lib) == []


def test_rename_and_delete(lib: Library) -> None:
    sid, block = where(lib, "寒风冬雨")
    bm = add_bookmark(lib, sid, block, now=T[0])
    assert rename_bookmark(lib, bm.id, "新标签").label == "新标签"
    assert get_bookmark(lib, bm.id).label == "新标签"
    assert rename_bookmark(lib, bm.id, "").label is None
    assert delete_bookmark(lib, bm.id).id == bm.id
    with pytest.raises(NotFound, match="no bookmark"):
        delete_bookmark(lib, bm.id)
    with pytest.raises(NotFound):
        rename_bookmark(lib, "b-missing", "x")


def test_validation(lib: Library) -> None:
    sid, _ = where(lib, "寒风冬雨")
    with pytest.raises(NotFound):
        add_bookmark(lib, "nope-3")
    with pytest.raises(ValueError, match="out of range"):
        add_bookmark(lib, sid, 99_999)
    with pytest.raises(ValueError, match="out of range"):
        toggle_bookmark(lib, sid, -1)
    with pytest.raises(ValueError, match="order"):
        list_bookmarks(lib, order="random")  # type: ignore[arg-type]


def test_orders_and_filter(lib: Library) -> None:
    heads = lib.section_heads()
    s1, b_late = where(lib, "松木经济开发区共引进项目58个")
    _, b_early = where(lib, "寒风冬雨")
    assert s1 == heads[0].id and b_early < b_late
    first = add_bookmark(lib, heads[1].id, label="第二篇", now=T[0])
    second = add_bookmark(lib, s1, b_late, now=T[1])
    third = add_bookmark(lib, s1, b_early, label="天气", now=T[2])
    newest = [e.bookmark.id for e in list_bookmarks(lib)]
    assert newest == [third.id, second.id, first.id]
    reading = [e.bookmark.id for e in list_bookmarks(lib, order="reading")]
    assert reading == [third.id, second.id, first.id]
    # A section mark on section 1 comes before its block marks in reading order.
    top = add_bookmark(lib, s1, now=T[3])
    reading = [e.bookmark.id for e in list_bookmarks(lib, order="reading")]
    assert reading == [top.id, third.id, second.id, first.id]
    assert [e.bookmark.id for e in list_bookmarks(lib, text="天气")] == [third.id]
    assert [e.bookmark.id for e in list_bookmarks(lib, text="58个")] == [second.id]
    by_headline = list_bookmarks(lib, text=heads[1].headline[:4])
    assert first.id in [e.bookmark.id for e in by_headline]


def test_bookmark_moves_with_its_quote_and_detaches_with_its_briefing(lib: Library) -> None:
    sid, block = where(lib, "寒风冬雨")
    bm = add_bookmark(lib, sid, block, now=T[0])
    lib.user.table("bookmarks").update({"block": block + 3}, Query().id == bm.id)
    (entry,) = list_bookmarks(lib)
    assert not entry.detached and entry.bookmark.block == block
    lib.delete_briefing(lib.section(sid).briefing_id)
    (entry,) = list_bookmarks(lib, order="reading")
    assert entry.detached and entry.section.id == sid and entry.briefing.title == "湖南日报"
