"""A date that never was (2019年2月30日) dates nothing, yet its line keeps its part."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.ingest import parse, read_file
from store.ingest.feeds import _date as feed_date
from store.ingest.masthead import parse_masthead
from store.ingest.metadata import DATE, date_span, metadata_fields, parse_date
from store.model_parsed import ParsedBriefing

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FORMS = ("{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m:02d}.{d:02d}")


def _real(y: int, m: int, d: int) -> str | None:
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


# Half the days drawn are a month's last few, where the impossible ones are.
day_of_month = st.one_of(st.integers(1, 31), st.integers(28, 31))
days = st.tuples(st.integers(1900, 2099), st.integers(1, 12), day_of_month, st.sampled_from(FORMS))


@given(days)
def test_a_printed_date_is_read_only_when_the_day_exists(day: tuple[int, int, int, str]) -> None:
    y, m, d, form = day
    printed = form.format(y=y, m=m, d=d)
    text = f"本报 {printed} 星期五"
    found = date_span(text)
    assert found is not None  # still a date as printed: the span is there either way
    assert text[found[1] : found[2]].strip() == printed
    assert found[0] == _real(y, m, d) == parse_date(printed)


@given(days)
def test_a_masthead_stays_one_whatever_its_day(day: tuple[int, int, int, str]) -> None:
    y, m, d, form = day
    head = parse_masthead(f"湖南日报 {form.format(y=y, m=m, d=d)} 星期五 第07版")
    assert head is not None
    assert (head.paper, head.page, head.date) == ("湖南日报", "第07版", _real(y, m, d))
    dated_only = parse_masthead(f"人民日报 {y}年{m}月{d}日 星期五")
    assert dated_only is not None and dated_only.date == _real(y, m, d)


@given(st.integers(10, 120), st.integers(1, 12), day_of_month)
def test_a_taiwanese_date_is_checked_in_its_gregorian_year(roc: int, m: int, d: int) -> None:
    assert parse_date(f"中華民國{roc}年{m}月{d}日") == _real(roc + 1911, m, d)


def test_leap_days_and_lines_that_keep_their_part() -> None:
    assert parse_date("2020年2月29日") == "2020-02-29"
    assert parse_date("2000-02-29") == "2000-02-29"
    assert parse_date("1900-02-29") is None and parse_date("2019年4月31日") is None
    # A crawler's date line is metadata even when its day is wrong: it never becomes text.
    assert metadata_fields("时间：2019-02-30") is not None
    assert metadata_fields("2019-02-30 15:25") is not None
    assert feed_date("2019-02-30T10:00:00Z") is None
    assert feed_date("Sat, 30 Feb 2019 10:00:00 GMT") is None
    assert feed_date("2019-02-28T10:00:00Z") == "2019-02-28"


def _dates(parsed: ParsedBriefing) -> list[str | None]:
    return [parsed.date, *(s.date for s in parsed.sections)]


def _shape(parsed: ParsedBriefing) -> list[tuple[str, int]]:
    return [(s.headline, len(s.blocks)) for s in parsed.sections]


PAGES = [
    "pages/masthead-tab-table.utf8.txt",
    "fidelity/rmrb-epaper-01.txt",
    "fidelity/tw-udn-02.txt",
    "fidelity/cn-crawler-01.txt",
]


@pytest.mark.parametrize("name", PAGES)
def test_a_real_page_with_its_first_date_made_impossible_parses_the_same(name: str) -> None:
    text = read_file(FIXTURES / name)
    match = DATE.search(text)
    assert match is not None
    # The same printed form, with February's thirtieth day.
    month = "02" if len(match.group("m")) == 2 else "2"
    broken = (
        text[: match.start("m")]
        + month
        + text[match.end("m") : match.start("d")]
        + "30"
        + text[match.end("d") :]
    )
    before, after = parse(text), parse(broken)
    assert _shape(after) == _shape(before)
    assert (after.title, after.source) == (before.title, before.source)
    assert match.group(0).strip() and parse_date(match.group(0)) in _dates(before)
    assert all(d is None or _real(*map(int, d.split("-"))) == d for d in _dates(after))
    assert not any(d and d.endswith("-02-30") for d in _dates(after))
