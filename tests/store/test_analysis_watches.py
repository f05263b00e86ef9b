"""Watches: saved queries, new matches after imports, export and restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from analysis_helpers import MemoryLibrary, make_section

from store import open_library
from store.analysis.watch_counts import WatchCounter
from store.analysis.watches import add_watch, get_watch, list_watches, mark_seen, remove_watch
from store.errors import NotFound
from store.export import ExportScope, collect, import_notes
from store.export.json_doc import to_document

PAGE = "湖南日报\n\n衡阳新闻\n\n衡阳今天又有新项目落户，环保检查同时进行。\n"


def test_add_list_seen_and_remove(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    add_watch(lib, "衡阳", "衡阳")
    add_watch(lib, "环保\x1b[31m", "环保")
    names = [w.name for w in list_watches(lib)]
    assert "衡阳" in names and len(names) == 2 and not any("\x1b" in n for n in names)
    (hy,) = [c for c in WatchCounter(lib).counts() if c.watch.name == "衡阳"]
    assert (hy.new, hy.total) == (0, 2)
    seen = mark_seen(lib, "衡阳", "2000-01-01T00:00:00Z")
    assert get_watch(lib, "衡阳").last_seen == seen.last_seen == "2000-01-01T00:00:00Z"
    (hy,) = [c for c in WatchCounter(lib).counts() if c.watch.name == "衡阳"]
    assert (hy.new, hy.total) == (2, 2)  # the seed was imported after 2000
    remove_watch(lib, "衡阳")
    with pytest.raises(NotFound):
        remove_watch(lib, "衡阳")
    with pytest.raises(ValueError):
        add_watch(lib, "  ", "衡阳")
    with pytest.raises(ValueError):
        add_watch(lib, "空", "   ")


def test_imports_count_as_new_until_seen(tmp_path: Path) -> None:
    lib = MemoryLibrary(tmp_path)
    lib.add("a000000001", [make_section("a000000001", 1, "衡阳", ["衡阳"])], "2019-01-01")
    add_watch(lib, "w", "衡阳")
    mark_seen(lib, "w", "2020-01-01T00:00:01Z")  # after the first import
    counter = WatchCounter(lib)
    (c,) = counter.counts()
    assert (c.new, c.total) == (0, 1)
    secs = [make_section("b000000002", n, "x", ["衡阳"]) for n in (1, 2)]
    lib.add("b000000002", secs, "2019-02-01")
    (c,) = counter.counts()
    assert (c.new, c.total) == (2, 3)
    assert [sid for _b, sid, _n in counter.new_sections(get_watch(lib, "w"))] == [
        "b000000002-1",
        "b000000002-2",
    ]
    lib.delete("a000000001")
    (c,) = counter.counts()
    assert (c.new, c.total) == (2, 2)
    mark_seen(lib, "w", "2030-01-01T00:00:00Z")
    (c,) = counter.counts()
    assert (c.new, c.total) == (0, 2)


def test_watches_travel_in_the_json_export(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "a")
    add_watch(lib, "衡阳", "衡阳 产业")
    doc = to_document(collect(lib, ExportScope()))
    assert [w["name"] for w in doc["watches"]] == ["衡阳"]
    assert "watches" not in to_document(collect(lib, ExportScope(tag="x")))
    other = open_library(tmp_path / "b")
    counts = import_notes(other, doc)
    assert (counts.watches_added, counts.watches_skipped) == (1, 0)
    assert get_watch(other, "衡阳").query == "衡阳 产业"
    assert import_notes(other, doc).watches_skipped == 1
    assert len(list_watches(other)) == 1


def test_an_import_a_moment_after_a_look_is_new_and_a_look_after_it_is_not(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    add_watch(lib, "衡阳", "衡阳")
    mark_seen(lib, "衡阳")
    # Within the same second as the look: the stamps keep fractions of a second.
    lib.import_text("光明日报 2021年3月2日\n\n衡阳新闻\n\n衡阳的消息。\n", origin="x.txt")
    (c,) = WatchCounter(lib).counts()
    assert c.new == 1
    assert WatchCounter(lib).new_briefings(get_watch(lib, "衡阳"))
    mark_seen(lib, "衡阳")
    (c,) = WatchCounter(lib).counts()
    assert c.new == 0


def test_stamps_with_and_without_fractions_order_by_time() -> None:
    from store.userdata import now_stamp, shown_stamp, stamp_key

    older, newer = "2019-10-07T08:30:00Z", "2019-10-07T08:30:00.000001Z"
    assert stamp_key(older) < stamp_key(newer) < stamp_key("2019-10-07T08:30:01Z")
    assert stamp_key("2019-10-07T08:30:00.5Z") == stamp_key("2019-10-07T08:30:00.500000Z")
    assert stamp_key(None) == "" < stamp_key(older)
    assert shown_stamp(newer) == shown_stamp(older) == "2019-10-07 08:30:00 UTC"
    assert stamp_key(now_stamp()) > stamp_key(newer)
