"""Term trends: counts per period against a plain scan, periods, rates."""

from __future__ import annotations

import tempfile
from pathlib import Path

from analysis_helpers import MemoryLibrary, fill, libraries, scan_counts, sections_st, terms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import open_library
from store.analysis.scope import Scope
from store.analysis.trend import period_of, rate, trend
from store.search.corpus import Corpus


def test_periods_of_a_date() -> None:
    assert period_of("2019-10-07", "day") == "2019-10-07"
    assert period_of("2019-10-07", "week") == "2019-W41"
    assert period_of("2019-12-30", "week") == "2020-W01"  # ISO weeks cross years
    assert period_of("2019-10-07", "month") == "2019-10"
    assert period_of("2019-10-07", "year") == "2019"
    assert period_of("2019-10", "day") is None and period_of("2019-10", "month") == "2019-10"
    assert period_of(None, "year") is None
    assert rate(3, 20_000) == 1.5 and rate(1, 0) == 0.0


def test_seed_trend_equals_a_plain_scan(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    result = trend(lib, ["衡阳", "环保", "不存在"], by="month")
    assert result.periods == ("2018-11",)
    for series, term in zip(result.series, ["衡阳", "环保", "不存在"], strict=True):
        expected = scan_counts(lib, term)
        assert series.occurrences == sum(expected.values())
        assert series.sections == len(expected)
        (point,) = series.points
        assert point.occurrences == series.occurrences and point.sections == series.sections
        assert point.chars > 4000
    data = result.to_dict(per_10k=True)
    assert data["by"] == "month"
    assert data["series"][2]["points"] == [
        {"period": "2018-11", "occurrences": 0, "sections": 0, "chars": point.chars, "per_10k": 0.0}
    ]


def test_periods_with_text_but_no_hit_are_zeros_and_empty_ones_left_out(tmp_path: Path) -> None:
    lib = MemoryLibrary(tmp_path)
    fill(
        lib,
        [
            ("2019-01-03", [("衡阳", ["衡阳 衡阳"])]),
            ("2019-03-09", [("别的", ["没有"])]),
            ("2019-03-20", [("x", ["衡阳"]), ("y", ["衡阳"])]),
            (None, [("z", ["衡阳"])]),
        ],
    )
    result = trend(lib, ["衡阳"], by="month")
    assert result.periods == ("2019-01", "2019-03")  # no February, nothing undated
    (series,) = result.series
    assert [(p.occurrences, p.sections) for p in series.points] == [(3, 1), (2, 2)]
    assert series.occurrences == 6 and series.sections == 4  # the undated one counts in total
    by_year = trend(lib, ["衡阳"], by="year").series[0].points
    assert [(p.period, p.occurrences) for p in by_year] == [("2019", 5)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(library=libraries, term=terms)
def test_trend_counts_equal_a_plain_scan_on_generated_libraries(library, term) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lib = MemoryLibrary(Path(tmp))
        fill(lib, library)
        for by in ("day", "week", "month", "year"):
            (series,) = trend(lib, [term], by=by).series
            expected = scan_counts(lib, term)
            assert series.occurrences == sum(expected.values())
            assert series.sections == len(expected)
            for point in series.points:
                members = [
                    s
                    for b in lib.briefings()
                    if period_of(b.date, by) == point.period
                    for s in lib.iter_sections(b.id)
                ]
                here = scan_counts(lib, term, members)
                assert point.occurrences == sum(here.values())
                assert point.sections == len(here)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(library=libraries, term=terms, data=st.data())
def test_counts_per_briefing_stay_exact_after_deletes(library, term, data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lib = MemoryLibrary(Path(tmp))
        fill(lib, library)
        ids = [b.id for b in lib.briefings()]
        for bid in data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))):
            lib.delete(bid)  # leaves deleted ordinals between the live ones
        fill(lib, library[:1])  # and a briefing indexed again after them
        got = Corpus(lib).match(term).by_briefing()
        expected = {}
        for b in lib.briefings():
            here = scan_counts(lib, term, lib.iter_sections(b.id))
            if here:
                expected[b.id] = (len(here), sum(here.values()))
        assert got == expected


def test_periods_follow_a_new_date_and_a_new_briefing(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    assert trend(lib, ["衡阳"], by="month").periods == ("2018-11",)
    (b,) = lib.briefings()
    lib.edit_briefing(b.id, date="2020-05-04")
    again = trend(lib, ["衡阳"], by="month")
    assert again.periods == ("2020-05",) and again.briefings == {"2020-05": (b.id,)}
    lib.import_text("光明日报 2021年3月2日\n\n衡阳新闻\n\n衡阳的消息。\n", origin="x.txt")
    third = trend(lib, ["衡阳"], by="year")
    assert third.periods == ("2020", "2021")
    assert third.series[0].points[1].occurrences == 2


def test_a_section_too_long_for_places_is_counted_exactly(tmp_path: Path) -> None:
    lib = MemoryLibrary(tmp_path)
    long_para = "衡阳产业转移。" * 12_000 + "衡阳衡阳"  # past 65,535 units: scanned, not placed
    fill(
        lib,
        [
            ("2019-01-03", [("衡阳", [long_para]), ("短", ["衡阳产业 衡阳"])]),
            ("2019-02-03", [("x", ["哈哈哈 衡阳衡阳衡阳"])]),
        ],
    )
    for term in ("衡阳", "产业转移", "哈哈", "阳衡"):
        (series,) = trend(lib, [term], by="month").series
        expected = scan_counts(lib, term)
        assert series.occurrences == sum(expected.values()), term
        assert series.sections == len(expected), term


# Few dates, so neighbouring briefings often share a period and their sections are counted
# as one run of ordinals; deletes leave gaps between those runs.
near_dates = st.one_of(st.none(), st.sampled_from(["2019-01-30", "2019-01-31", "2019-02-01"]))
near_libraries = st.lists(st.tuples(near_dates, sections_st), min_size=1, max_size=6)


def test_a_period_never_takes_the_hits_of_a_briefing_between_its_own(tmp_path: Path) -> None:
    lib = MemoryLibrary(tmp_path)
    fill(
        lib,
        [
            ("2019-01-30", [("衡阳", ["衡阳"])]),
            (None, [("衡阳", ["衡阳 衡阳"])]),
            ("2019-01-31", [("衡阳", ["衡阳"])]),
            ("2019-02-01", [("衡阳", ["衡阳"])]),
            ("2019-01-31", [("衡阳", ["衡阳"])]),
        ],
    )
    lib.delete("b000000003")  # deleted ordinals between January's briefings too
    (series,) = trend(lib, ["衡阳"], by="month").series
    assert [(p.period, p.occurrences, p.sections) for p in series.points] == [("2019-01", 6, 3)]
    assert (series.occurrences, series.sections) == (9, 4)  # the undated one in the totals
    (series,) = trend(lib, ["衡阳"], by="month", scope=Scope(until="2019-01")).series
    assert [(p.period, p.occurrences) for p in series.points] == [("2019-01", 6)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(library=near_libraries, term=terms, data=st.data())
def test_trend_counts_stay_exact_over_runs_gaps_and_scopes(library, term, data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lib = MemoryLibrary(Path(tmp))
        fill(lib, library)
        ids = [b.id for b in lib.briefings()]
        for bid in data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids) - 1)):
            lib.delete(bid)
        fill(lib, library[:1])  # indexed again after the others, out of date order
        since = data.draw(st.sampled_from([None, "2019-01-31", "2019-02"]))
        scope = Scope(since=since)
        for by in ("day", "week", "month", "year"):
            (series,) = trend(lib, [term], by=by, scope=scope).series
            kept = [b for b in lib.briefings() if scope.allows_date(b.date)]
            for point in series.points:
                members = [
                    s
                    for b in kept
                    if period_of(b.date, by) == point.period
                    for s in lib.iter_sections(b.id)
                ]
                here = scan_counts(lib, term, members)
                assert (point.occurrences, point.sections) == (sum(here.values()), len(here))
            expected = scan_counts(lib, term, [s for b in kept for s in lib.iter_sections(b.id)])
            assert series.occurrences == sum(expected.values())
            assert series.sections == len(expected)
