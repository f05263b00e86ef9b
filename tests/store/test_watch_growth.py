"""A feed that grows brings only its added items to the watches, not every section again."""

from __future__ import annotations

from pathlib import Path

from test_formats_feeds import _item, _rss

from store import open_library
from store.analysis.grown import brought, new_from, order_of
from store.analysis.watch_counts import WatchCounter
from store.analysis.watch_news import new_matches
from store.analysis.watches import add_watch, get_watch, mark_seen


def test_a_grown_feed_counts_only_its_added_items_as_new(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib", seed=False)
    first = tmp_path / "feed-0800.xml"
    first.write_bytes(_rss(_item(1) + _item(2)))
    (a,) = lib.import_path(first)
    bid = a.briefing.id
    add_watch(lib, "新闻", "新闻")
    assert new_from(lib, bid) == 0
    mark_seen(lib, "新闻")
    second = tmp_path / "feed-1200.xml"
    second.write_bytes(_rss(_item(1) + _item(2) + _item(3) + _item(4)))
    (b,) = lib.import_path(second)
    assert b.status == "updated" and new_from(lib, bid) == 2
    (count,) = WatchCounter(lib).counts()
    assert (count.new, count.total) == (2, 4)
    (news,) = WatchCounter(lib).new_counts()
    assert news[1] == 2
    shown = WatchCounter(lib).new_sections(get_watch(lib, "新闻"))
    assert [sid for _b, sid, _n in shown] == [f"{bid}-3", f"{bid}-4"]
    (fresh,) = new_matches(lib, [bid])
    assert fresh.sections == (f"{bid}-3", f"{bid}-4")
    # A briefing imported whole is new in every section.
    c = lib.import_text("光明日报 2021年3月2日\n\n新闻一\n\n新闻的正文。\n", origin="x.txt")
    assert new_from(lib, c.briefing.id) == 0
    (count,) = WatchCounter(lib).counts()
    assert (count.new, count.total) == (3, 5)


def test_sections_brought_after_an_order() -> None:
    ids = ["b-1", "b-2", "b-10", "b-x"]
    assert brought(ids, 0) == ids
    assert brought(ids, 2) == ["b-10"]
    assert order_of("ab-cd-12") == 12 and order_of("b-x") == 0
