"""The order a reader walks a library's briefings in: the order its outline shows them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from store.models import Briefing

# A library of more briefings than this shows them grouped by month, so in date order (one
# day's by title); a smaller one shows them in import order.
GROUP_ABOVE = 200


class Walk(NamedTuple):
    """Briefings in the outline's order, and each briefing id's place in it."""

    briefings: list[Briefing]
    at: dict[str, int]


_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=1 << 16)  # a paper's titles come back every day: 第2版, 新闻联播
def title_key(title: str) -> tuple[tuple[int, int | str], ...]:
    """A title's place in title order: case folded, runs of digits by their value, so
    第2版 comes before 第10版."""
    parts = _DIGITS.split(title.casefold())
    return tuple((1, int(p)) if n % 2 else (0, p) for n, p in enumerate(parts) if p)


def by_date(briefings: Sequence[Briefing]) -> list[Briefing]:
    """Briefings by date, one date's by title (a paper's pages in their order: 第2版 before
    第10版) and then in import order; those without a date last, in import order."""
    dated = sorted((b for b in briefings if b.date), key=lambda b: (b.date, title_key(b.title)))
    return dated + [b for b in briefings if not b.date]


def row_date_key(row: Mapping[str, Any], seq: int) -> tuple[bool, str, tuple[Any, ...], int]:
    """`by_date`'s order for a catalog row (imported `seq`-th), building no Briefing."""
    date, title = row.get("date"), row.get("title")
    if date is not None and not isinstance(date, str):
        raise TypeError(f"date {date!r} is not text")
    if not isinstance(title, str):
        raise TypeError(f"title {title!r} is not text")
    return (not date, date or "", title_key(title) if date else (), seq)


def rows_in_walk_order(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Catalog rows given in import order, in the order `walk_of` gives their briefings
    (building no Briefing): a catalog's compaction writes them so, and a reader that has
    read nothing yet opens the first."""
    return list(rows) if len(rows) <= GROUP_ABOVE else rows_by_date(rows)


def rows_by_date(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Catalog rows given in import order, in `by_date`'s order (building no Briefing)."""
    keyed = sorted(enumerate(rows), key=lambda pair: row_date_key(pair[1], pair[0]))
    return [row for _, row in keyed]


def walk_of(briefings: Sequence[Briefing]) -> Walk:
    """The outline's order of `briefings` (given in import order): import order for a
    library of at most GROUP_ABOVE briefings, by date for a larger one."""
    ordered = list(briefings) if len(briefings) <= GROUP_ABOVE else by_date(briefings)
    return Walk(ordered, {b.id: n for n, b in enumerate(ordered)})


def next_unread(
    walk: Walk, read: Mapping[str, frozenset[int]], briefing_id: str | None, order: int
) -> str | None:
    """The id of the first unread section after section `order` of `briefing_id`, going on
    into the following briefings and then from the top; None when every section is read."""
    briefings = walk.briefings
    if not briefings:
        return None
    start = walk.at.get(briefing_id or "")
    if start is None:
        start, order = 0, 0  # no section open, or its briefing is gone: from the top
    # This briefing after the section, the briefings after it, then from the top.
    for n in range(len(briefings) + 1):
        b = briefings[(start + n) % len(briefings)]
        done = read.get(b.id, frozenset())
        after = order if n == 0 else 0
        nxt = next((o for o in range(after + 1, b.section_count + 1) if o not in done), None)
        if nxt is not None:
            return f"{b.id}-{nxt}"
    return None
