"""The outline's groups of a large library: one per month, in date order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from store.models import Briefing
from store.outline_order import GROUP_ABOVE, walk_of
from tui.widgets.outline_groups import month_groups


def _b(n: int, date: str | None) -> Briefing:
    return Briefing(id=f"b{n:03d}", title=f"第{n}版", content_hash=f"h{n}", date=date)


def _shape(groups) -> list[tuple[str, list[str]]]:
    return [(g.name, [b.id for b in g.members]) for g in groups]


def test_a_month_imported_in_two_goes_is_one_group_and_months_go_by_date() -> None:
    # Imported as 2018-11, then 2018-12, then more of 2018-11, then 2018-10.
    dates = ["2018-11-03", "2018-11-01", "2018-12-02", "2018-11-02", "2018-10-30", "2018-11-02"]
    groups = month_groups([_b(n + 10 * k, d) for k in range(2) for n, d in enumerate(dates)])
    assert [g.name for g in groups] == ["2018-10", "2018-11", "2018-12"]
    november = [b.date for b in groups[1].members]
    assert november == sorted(november) and len(november) == 8
    # One day's briefings keep their reading order.
    same_day = [b.id for b in groups[1].members if b.date == "2018-11-02"]
    assert same_day == ["b003", "b005", "b013", "b015"]


def test_undated_briefings_come_last_and_a_long_month_is_split_in_parts() -> None:
    briefings = [
        _b(n, None if n % 5 == 0 else f"2019-0{1 + n % 2}-{1 + n % 28:02d}") for n in range(40)
    ]
    groups = month_groups(briefings, size=10)
    assert [g.name for g in groups] == [
        "2019-01 (1/2)",
        "2019-01 (2/2)",
        "2019-02 (1/2)",
        "2019-02 (2/2)",
        "(no date)",
    ]
    assert sum(len(g.members) for g in groups) == 40
    assert {b.id for g in groups for b in g.members} == {b.id for b in briefings}
    assert all(b.date is None for b in groups[-1].members)
    dated = [b.date for g in groups[:-1] for b in g.members]
    assert dated == sorted(dated)


def test_months_of_few_briefings_fall_back_to_runs_by_date() -> None:
    briefings = [_b(n, f"{2000 + (7 * n) % 20}-0{1 + n % 9}-01") for n in range(20)]
    groups = month_groups(briefings, size=8)
    assert [len(g.members) for g in groups] == [8, 8, 4]
    first = groups[0].members
    assert groups[0].name == f"{first[0].date} … {first[-1].date}"
    dated = [b.date for g in groups for b in g.members]
    assert dated == sorted(dated)


_DATES = st.one_of(
    st.none(),
    st.builds(
        "{}-{:02d}-{:02d}".format,
        st.integers(2015, 2016),
        st.integers(1, 12),
        st.integers(1, 28),
    ),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_DATES, min_size=GROUP_ABOVE + 1, max_size=GROUP_ABOVE + 400), st.integers(5, 300))
def test_the_groups_show_briefings_in_the_order_the_keys_walk_them(dates, size) -> None:
    briefings = [_b(n, d) for n, d in enumerate(dates)]
    shown = [b.id for g in month_groups(briefings, size=size) for b in g.members]
    assert shown == [b.id for b in walk_of(briefings).briefings]
