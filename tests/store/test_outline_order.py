"""The order the reader's keys walk the briefings in: the outline's order."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import open_library
from store import outline_order as oo
from store.models import Briefing
from store.outline_order import GROUP_ABOVE, by_date, next_unread, walk_of


def _b(n: int, date: str | None, sections: int = 2) -> Briefing:
    return Briefing(
        id=f"b{n:03d}", title=f"第{n}版", content_hash=f"h{n}", date=date, section_count=sections
    )


def _ids(briefings: list[Briefing]) -> list[str]:
    return [b.id for b in briefings]


def test_a_small_library_walks_in_import_order_and_a_large_one_by_date() -> None:
    few = [_b(0, "2019-02-01"), _b(1, None), _b(2, "2019-01-01")]
    assert _ids(walk_of(few).briefings) == ["b000", "b001", "b002"]
    many = [_b(n, None if n % 7 == 0 else f"2019-0{1 + n % 3}-01") for n in range(GROUP_ABOVE + 1)]
    walk = walk_of(many)
    dates = [b.date for b in walk.briefings]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[len(dated) :] == [None] * (len(dates) - len(dated))
    # One date's briefings, and the undated ones, keep their import order.
    assert _ids([b for b in walk.briefings if b.date == "2019-02-01"])[:3] == [
        "b001",
        "b004",
        "b010",
    ]
    assert _ids([b for b in walk.briefings if not b.date])[:2] == ["b000", "b007"]
    assert all(walk.briefings[at].id == bid for bid, at in walk.at.items())
    assert len(walk.at) == len(many)


def test_by_date_keeps_every_briefing_once() -> None:
    briefings = [_b(n, ["2020-03-02", None, "2020-01-09", "2020-03-02"][n % 4]) for n in range(9)]
    assert sorted(_ids(by_date(briefings))) == _ids(briefings)


def test_next_unread_goes_on_in_the_walks_order_and_wraps() -> None:
    walk = walk_of([_b(n, None) for n in range(3)])
    read = {"b000": frozenset({1, 2}), "b001": frozenset({1})}
    assert next_unread(walk, read, "b000", 1) == "b001-2"
    assert next_unread(walk, read, "b001", 2) == "b002-1"
    assert next_unread(walk, read, "b002", 2) == "b001-2"  # round to the top
    assert next_unread(walk, read, "b002", 1) == "b002-2"
    # No section open, or its briefing gone: the first unread from the top.
    assert next_unread(walk, read, None, 0) == "b001-2"
    assert next_unread(walk, read, "gone", 2) == "b001-2"
    every = {f"b00{n}": frozenset({1, 2}) for n in range(3)}
    assert next_unread(walk, every, "b001", 1) is None
    assert next_unread(walk_of([]), {}, None, 0) is None


def test_the_library_sorts_its_walk_once_per_change_of_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(oo, "GROUP_ABOVE", 1)  # walk by date from two briefings on
    lib = open_library(tmp_path / "lib")  # the shipped page, dated 2018-11-22
    late = lib.import_text("本报讯 一段新闻。\n", meta={"title": "晚", "date": "2019-05-01"})
    early = lib.import_text("本报讯 另一段新闻。\n", meta={"title": "早", "date": "2017-05-01"})
    walk = lib.walk()
    assert lib.walk() is walk
    assert _ids(walk.briefings)[0] == early.briefing.id
    assert _ids(walk.briefings)[-1] == late.briefing.id
    assert _ids(lib.briefings()) != _ids(walk.briefings)
    lib.delete_briefing(early.briefing.id)
    after = lib.walk()
    assert after is not walk and early.briefing.id not in after.at
    assert _ids(after.briefings)[-1] == late.briefing.id


def test_the_walk_made_is_offered_only_for_the_catalog_it_was_made_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(oo, "GROUP_ABOVE", 1)
    lib = open_library(tmp_path / "lib")
    lib.import_text("本报讯 一段新闻。\n", meta={"title": "晚", "date": "2019-05-01"})
    assert lib.walk_made() is None  # never sorted: nothing is sorted to answer
    walk = lib.walk()
    assert lib.walk_made() is walk
    lib.import_text("本报讯 另一段新闻。\n", meta={"title": "早", "date": "2017-05-01"})
    assert lib.walk_made() is None  # of the catalog before the import
    assert lib.walk_made() is None
    assert lib.walk() is not walk and lib.walk_made() is lib.walk()


def test_a_deleted_briefing_is_found_in_the_order_from_before_its_delete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(oo, "GROUP_ABOVE", 1)
    lib = open_library(tmp_path / "lib")
    late = lib.import_text("本报讯 一段新闻。\n", meta={"title": "晚", "date": "2019-05-01"})
    early = lib.import_text("本报讯 另一段新闻。\n", meta={"title": "早", "date": "2017-05-01"})
    gone = early.briefing.id
    walk = lib.walk()
    assert lib.walk_holding(gone) is walk
    lib.delete_briefing(gone)
    assert lib.walk_holding(gone) is walk  # the walk made before the delete, not sorted again
    after = lib.walk()
    assert lib.walk_holding(gone) is walk and lib.walk_holding(late.briefing.id) is after
    assert lib.walk_holding("nosuch") is None


def test_a_briefing_deleted_before_any_walk_is_found_in_the_briefings_from_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(oo, "GROUP_ABOVE", 1)
    lib = open_library(tmp_path / "lib")
    late = lib.import_text("本报讯 一段新闻。\n", meta={"title": "晚", "date": "2019-05-01"})
    early = lib.import_text("本报讯 另一段新闻。\n", meta={"title": "早", "date": "2017-05-01"})
    lib.briefings()  # read, never walked
    lib.delete_briefing(early.briefing.id)
    lib.briefings()
    old = lib.walk_holding(early.briefing.id)
    assert old is not None and _ids(old.briefings)[:1] == [early.briefing.id]
    assert late.briefing.id in old.at
    assert lib.walk_holding(early.briefing.id) is old  # walked once
    lib.import_text("本报讯 第三段新闻。\n", meta={"title": "又", "date": "2018-01-01"})
    lib.briefings()
    assert lib.walk_holding(early.briefing.id) is None  # two changes ago: forgotten


def test_briefings_streamed_by_date_are_by_dates_order(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    lib = open_library(home)
    for n, date in enumerate(["2019-10-02", None, "2019-10-01", "2019-10-02"]):
        text = f"第{n}版\n\n园区新项目{n}\n\n本报讯 园区今年新引进项目{n}个。\n"
        lib.import_text(text, origin=f"{n}.txt", meta={"date": date} if date else {})
    fresh = open_library(home, seed=False)
    streamed = list(fresh.iter_briefings(by_date=True))  # from the rows, before any build
    assert streamed == by_date(fresh.briefings()) == list(fresh.iter_briefings(by_date=True))
    # The shipped briefing's date, then the pages'; one day's in import order, undated last.
    assert [b.origin for b in streamed][1:] == ["2.txt", "0.txt", "3.txt", "1.txt"]
    assert [b.date for b in streamed][1:] == ["2019-10-01", "2019-10-02", "2019-10-02", None]


def test_one_days_briefings_go_by_page_title_then_import_order() -> None:
    day = "2019-10-31"
    got = by_date(
        [
            Briefing(id="p10", title="人民日报 第10版", content_hash="1", date=day),
            Briefing(id="x1", title="新闻联播", content_hash="2", date=day),
            Briefing(id="p2", title="人民日报 第2版", content_hash="3", date=day),
            Briefing(id="x2", title="新闻联播", content_hash="4", date=day),
            Briefing(id="p1", title="人民日报 第01版", content_hash="5", date="2019-10-30"),
        ]
    )
    assert _ids(got) == ["p1", "p2", "p10", "x1", "x2"]
    rows = [{"date": b.date, "title": b.title} for b in got]
    keys = [oo.row_date_key(row, n) for n, row in enumerate(rows)]
    assert keys == sorted(keys)  # the rows' order is the briefings'
