"""Notes on the seed briefing: add, quote narrowing, edit, delete, order, filters, re-anchoring."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tinydb import Query

from store import Library, NotFound, open_library
from store.embedded import CONTENT_DIR
from store.notes import (
    add_note,
    all_tags,
    block_text,
    delete_note,
    edit_note,
    find_span,
    get_note,
    group_notes,
    list_notes,
)

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
T1 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    return open_library(tmp_path / "lib")


def where(lib: Library, needle: str) -> tuple[str, int]:
    """The section id and block index of the first block containing `needle`."""
    for section in lib.iter_sections():
        for i, block in enumerate(section.blocks):
            if needle in block_text(block):
                return section.id, i
    raise AssertionError(f"{needle!r} is not in the seed briefing")


def test_add_note_quotes_the_whole_block_and_is_stored(lib: Library) -> None:
    sid, block = where(lib, "寒风冬雨")
    note = add_note(lib, sid, block, "现场感很强。", ["衡阳", "#产业转移", " 衡阳 "], now=T0)
    text = block_text(lib.section(sid).blocks[block])
    assert note.quote == text and note.quote_start is None and note.quote_end is None
    assert note.tags == ("衡阳", "产业转移")
    assert note.created == note.updated == "2024-05-01T08:00:00Z"
    assert note.id.startswith("n") and len(note.id) == 11
    assert get_note(lib, note.id) == note
    # The user file holds it, and a freshly opened library sees it.
    again = open_library(lib.home)
    assert get_note(again, note.id) == note


def test_quote_narrowing_by_passage_and_by_offsets(lib: Library) -> None:
    sid, block = where(lib, "寒风冬雨")
    text = block_text(lib.section(sid).blocks[block])
    by_text = add_note(lib, sid, block, "天气", quote="寒风冬雨", now=T0)
    start = text.index("寒风冬雨")
    assert (by_text.quote, by_text.quote_start, by_text.quote_end) == (
        "寒风冬雨",
        start,
        start + 4,
    )
    by_span = add_note(lib, sid, block, "日期", span=(0, 6), now=T0)
    assert by_span.quote == text[:6]
    assert find_span(text, "11月", "寒风冬雨") == (0, start + 4)


@pytest.mark.parametrize("bad", [-1, 10_000, True])
def test_block_out_of_range_is_a_value_error(lib: Library, bad: int) -> None:
    sid, _ = where(lib, "寒风冬雨")
    with pytest.raises(ValueError, match="block"):
        add_note(lib, sid, bad, "x")
    assert list_notes(lib) == []


def test_unknown_section_and_missing_quote_are_rejected(lib: Library) -> None:
    with pytest.raises(NotFound, match="no section 'nope-1'"):
        add_note(lib, "nope-1", 0, "x")
    sid, block = where(lib, "寒风冬雨")
    with pytest.raises(ValueError, match="does not contain"):
        add_note(lib, sid, block, "x", quote="不存在的句子")
    with pytest.raises(ValueError, match="outside the block"):
        add_note(lib, sid, block, "x", span=(5, 100_000))
    with pytest.raises(NotFound):
        get_note(lib, "n-missing")


def test_edit_changes_text_tags_and_span_and_updates_time(lib: Library) -> None:
    sid, block = where(lib, "寒风冬雨")
    note = add_note(lib, sid, block, "初稿", ["a"], now=T0)
    edited = edit_note(lib, note.id, text="定稿", tags=["b", "c"], span=(0, 6), now=T1)
    assert edited.text == "定稿" and edited.tags == ("b", "c")
    assert edited.quote_start == 0 and edited.quote_end == 6
    assert edited.created == "2024-05-01T08:00:00Z" and edited.updated == "2024-05-01T09:00:00Z"
    assert get_note(lib, note.id) == edited
    whole = edit_note(lib, note.id, span=None, now=T1)
    assert whole.quote == block_text(lib.section(sid).blocks[block]) and whole.quote_start is None


def test_delete_removes_only_that_note(lib: Library) -> None:
    sid, block = where(lib, "寒风冬雨")
    keep = add_note(lib, sid, block, "留", now=T0)
    gone = add_note(lib, sid, block, "删", now=T0)
    assert delete_note(lib, gone.id) == gone
    assert [e.note.id for e in list_notes(lib)] == [keep.id]
    with pytest.raises(NotFound):
        delete_note(lib, gone.id)


def test_list_is_in_reading_order_and_grouped_by_section(lib: Library) -> None:
    s1, b_late = where(lib, "松木经济开发区共引进项目58个")
    _, b_early = where(lib, "寒风冬雨")
    heads = lib.section_heads()
    s2 = heads[1].id
    late = add_note(lib, s1, b_late, "后", now=T0)
    other = add_note(lib, s2, 0, "第二篇", now=T0)
    early = add_note(lib, s1, b_early, "前", now=T1)
    entries = list_notes(lib)
    assert [e.note.id for e in entries] == [early.id, late.id, other.id]
    groups = group_notes(entries)
    assert [(g.section.id, len(g.entries)) for g in groups] == [(s1, 2), (s2, 1)]
    assert groups[0].section.headline == heads[0].headline
    assert groups[0].briefing.title == "湖南日报"
    blocks = lib.section(s1).blocks
    number = sum(1 for b in blocks[: b_early + 1] if b.type == "paragraph")
    assert entries[0].paragraph == number and entries[0].place == f"¶ {number}"


def test_filters_by_tag_text_briefing_and_ids(lib: Library) -> None:
    sid, block = where(lib, "寒风冬雨")
    a = add_note(lib, sid, block, "招商引资的例子", ["经济"], now=T0)
    b = add_note(lib, sid, block, "天气描写", ["文风", "经济"], now=T0)
    assert {e.note.id for e in list_notes(lib, tag="经济")} == {a.id, b.id}
    assert [e.note.id for e in list_notes(lib, tag="#文风")] == [b.id]
    assert [e.note.id for e in list_notes(lib, text="招商")] == [a.id]
    assert [e.note.id for e in list_notes(lib, text="寒风")] != []  # the quote is searched too
    assert [e.note.id for e in list_notes(lib, ids=[b.id])] == [b.id]
    assert list_notes(lib, briefing_id="0000000000") == []
    assert all_tags(lib) == ["经济", "文风"]


def test_note_survives_moved_blocks_by_its_quote(lib: Library) -> None:
    sid, block = where(lib, "寒风冬雨")
    note = add_note(lib, sid, block, "天气", quote="寒风冬雨", now=T0)
    # As if a re-import had parsed the section differently: the stored block is now wrong.
    lib.user.table("notes").update({"block": block + 2}, Query().id == note.id)
    (entry,) = list_notes(lib)
    assert not entry.detached
    assert entry.note.block == block and entry.note.quote_start == note.quote_start


def test_note_on_deleted_briefing_is_kept_detached_and_comes_back(lib: Library) -> None:
    sid, block = where(lib, "寒风冬雨")
    note = add_note(lib, sid, block, "保留", ["衡阳"], now=T0)
    headline = lib.section(sid).headline
    briefing_id = lib.section(sid).briefing_id
    lib.delete_briefing(briefing_id)
    (entry,) = list_notes(lib)
    assert entry.detached and entry.note == note
    assert entry.section.headline == headline and entry.briefing.title == "湖南日报"
    assert all_tags(lib) == ["衡阳"]
    with pytest.raises(ValueError, match="detached"):
        edit_note(lib, note.id, span=(0, 2))
    assert edit_note(lib, note.id, text="仍可编辑").text == "仍可编辑"
    lib.import_file(CONTENT_DIR / "hunan-daily.txt")
    (entry,) = list_notes(lib)
    assert not entry.detached and entry.note.id == note.id


def test_hostile_text_is_stored_as_given(lib: Library) -> None:
    sid, block = where(lib, "寒风冬雨")
    hostile = "\x1b]0;pwned\x07[bold red]x[/] \u202etag"
    note = add_note(lib, sid, block, hostile, [hostile], now=T0)
    assert get_note(lib, note.id).text == hostile
    assert get_note(lib, note.id).tags == (hostile,)
