"""Filtering and shelving briefings; read state kept per briefing in the user file."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from store import open_library
from store.models import Briefing
from store.shelf import (
    Filter,
    date_in,
    group_key,
    normalise_date,
    ordered,
    shelve_sources,
    title_key,
    unread_count,
)


def _b(bid: str, title: str, date: str | None, source: str | None, count: int = 3) -> Briefing:
    return Briefing(bid, title, bid, date=date, source=source, section_count=count)


def test_filter_words_dates_and_ranges() -> None:
    a = _b("aaaa", "湖南日报 第一版", "2019-10-03", "湖南日报")
    b = _b("bbbb", "人民日报 要闻", "2019-12-30", "人民日报")
    c = _b("cccc", "无日期", None, None)
    keep = lambda text: [x.id for x in (a, b, c) if Filter.parse(text).keeps(x)]  # noqa: E731
    assert keep("") == ["aaaa", "bbbb", "cccc"]
    assert keep("2019-10") == ["aaaa"]
    assert keep("2019-10..2019-12") == ["aaaa", "bbbb"]
    assert keep("2019-11..") == ["bbbb"]
    assert keep("..2019-10-03") == ["aaaa"]
    assert keep("人民 2019") == ["bbbb"]
    assert keep("日期") == ["cccc"]
    assert normalise_date("2019-1-5") == "2019-01-05" and normalise_date("2019-13") is None
    assert normalise_date("2019-02-30") is None and normalise_date("2019-04-31") is None
    assert normalise_date("2020-02-29") == "2020-02-29" and normalise_date("2019-02-29") is None
    # Typed as search folds it: Traditional characters, full width and case.
    assert keep("人民日報") == ["bbbb"] and keep("第一版") == ["aaaa"]
    assert keep("２０１９－１０") == ["aaaa"] and keep("ＡＡＡＡ") == ["aaaa"]
    assert keep("湖南日报第一版") == ["aaaa"]  # spaces are not part of what is matched


def test_is_unread_in_the_filter_box_keeps_briefings_left_to_read() -> None:
    a, b = _b("a", "甲", "2019-10-03", "甲报"), _b("b", "乙", "2019-10-05", "甲报")
    read = {"a": frozenset({1, 2, 3})}  # every section of "a"
    chosen = Filter.parse("IS:UNREAD 2019-10")
    assert chosen.unread and chosen.words == () and chosen.since == "2019-10"
    assert [x.id for x in (a, b) if chosen.keeps(x, read)] == ["b"]
    assert Filter.parse("unread").words == ("unread",)  # a word like any other


def test_shelf_order_groups_source_then_newest_month() -> None:
    items = [
        _b("1", "乙", "2019-10-03", "甲报"),
        _b("2", "甲", "2019-10-05", "甲报"),
        _b("3", "丙", "2020-01-01", "甲报"),
        _b("4", "丁", "2018-01-01", None),
    ]
    # "(no source)" sorts before any name as text, but is shelved after every source.
    assert [b.id for b in ordered(items)] == ["3", "2", "1", "4"]
    assert [b.id for b in ordered(items, "title")] == ["3", "1", "2", "4"]
    assert group_key(items[0]) == ("甲报", "2019", "2019-10")


def test_one_source_however_written_is_shelved_under_the_name_most_briefings_carry() -> None:
    items = [
        _b("1", "甲", "2019-10-03", "人民日報"),  # a Big5 copy of the same paper
        _b("2", "乙", "2019-10-04", "湘江晚报"),
        _b("3", "丙", "2019-10-05", "人民日报"),
        _b("4", "丁", "2019-09-05", "人民日报"),
        _b("5", "戊", "2019-09-06", "ＡＢＣ News"),
        _b("6", "己", "2019-09-07", "abc news"),
    ]
    names = shelve_sources(items)
    assert names == {
        "人民日報": "人民日报",
        "湘江晚报": "湘江晚报",
        "人民日报": "人民日报",
        "ＡＢＣ News": "ＡＢＣ News",  # equals: the first met
        "abc news": "ＡＢＣ News",
    }
    shelf = ordered(items)
    sources = [group_key(b)[0] for b in shelf]
    assert sources == ["人民日报"] * 3 + ["湘江晚报"] + ["ＡＢＣ News"] * 2
    assert [b.id for b in shelf][:3] == ["3", "1", "4"]  # one group, newest month first
    assert shelf[0].source == "人民日报" and shelf[1].source == "人民日報"  # rows untouched
    shelve_sources([*items, _b("7", "庚", None, "人民日報"), _b("8", "辛", None, "人民日報")])
    assert group_key(items[2])[0] == "人民日報"  # now most briefings carry that name


def test_one_days_pages_are_shelved_in_page_order() -> None:
    items = [
        _b("a", "人民日报 第10版", "2019-10-31", "人民日报"),
        _b("b", "人民日报 第02版", "2019-10-31", "人民日报"),
        _b("c", "人民日报 第1版", "2019-10-31", "人民日报"),
        _b("d", "人民日报 第01版", "2019-10-30", "人民日报"),
    ]
    # Newest day first; one day's pages by number, as the paper runs them.
    assert [b.id for b in ordered(items)] == ["c", "b", "a", "d"]
    assert [b.id for b in ordered(items, "title")] == ["c", "d", "b", "a"]  # 1 = 01


@given(st.lists(st.text(max_size=12), max_size=30))
def test_any_titles_sort_by_title_key(titles: list[str]) -> None:
    keys = sorted(title_key(t) for t in titles)  # never compares a number with text
    assert len(keys) == len(titles)


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
            st.sampled_from([None, "甲报", "乙报"]),
        ),
        max_size=40,
    ),
    st.sampled_from(["date", "title"]),
)
def test_whatever_the_import_order_each_month_is_shelved_once_in_date_order(
    made: list[tuple[str | None, str | None]], by: str
) -> None:
    items = [_b(f"{n:04d}", f"版{n % 7}", date, source) for n, (date, source) in enumerate(made)]
    keys = [group_key(b) for b in ordered(items, by)]
    runs = [k for n, k in enumerate(keys) if n == 0 or k != keys[n - 1]]
    assert len(runs) == len(set(runs))  # a month (of a source) is one run, never two
    for source in {k[0] for k in runs}:
        months = [k[2] for k in runs if k[0] == source]
        assert months == sorted(months, reverse=True)  # newest first


@given(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.isoformat()[:7]),
    st.dates().map(lambda d: d.isoformat()[:4]),
)
def test_a_month_range_keeps_exactly_its_days(day: str, lo: str, hi: str) -> None:
    assert date_in(day, lo, hi) == (lo <= day[:7] and day[:4] <= hi)


def test_read_state_marks_and_counts(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    b = lib.briefings()[0]
    rs = lib.read_state
    assert rs.all() == {} and unread_count(b, rs.all()) == b.section_count
    assert rs.mark([f"{b.id}-1", f"{b.id}-2", "nonsense"]) == 2
    assert rs.mark([f"{b.id}-1"]) == 0
    assert rs.is_read(f"{b.id}-2") and not rs.is_read(f"{b.id}-3")
    assert unread_count(b, rs.all()) == b.section_count - 2
    assert rs.mark_briefing(b.id, b.section_count, read=False) == 2
    assert rs.all() == {}


def test_read_state_goes_out_with_the_json_export_and_comes_back(tmp_path: Path) -> None:
    import json

    from store.export import notes_import
    from store.export.doc import collect
    from store.export.json_doc import render

    lib = open_library(tmp_path / "a")
    b = lib.briefings()[0]
    lib.read_state.mark([f"{b.id}-1", f"{b.id}-3"])
    data = json.loads(render(collect(lib)))
    assert data["read_state"] == [
        {"briefing_id": b.id, "content_hash": b.content_hash, "orders": [1, 3]}
    ]
    other = open_library(tmp_path / "b")
    counts = notes_import.import_notes(other, data)
    assert counts.read_added == 2
    assert other.read_state.of(b.id) == frozenset({1, 3})
    again = notes_import.import_notes(other, data)
    assert (again.read_added, again.read_kept, again.read_missing) == (0, 2, 0)
    stranger = {**data, "read_state": [{**data["read_state"][0], "content_hash": "0" * 64}]}
    missing = notes_import.import_notes(other, stranger)
    assert (missing.read_added, missing.read_kept, missing.read_missing) == (0, 0, 1)
