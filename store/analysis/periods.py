"""Which period each briefing falls in, and the characters of text of each period."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

from store.search.corpus import Corpus

PERIODS = ("day", "week", "month", "year")


def period_of(date: str | None, by: str) -> str | None:
    """The period a briefing date falls in (None when the date is missing or too coarse)."""
    if not date:
        return None
    if by == "year":
        return date[:4] if len(date) >= 4 else None
    if by == "month":
        return date[:7] if len(date) >= 7 else None
    if len(date) < 10:
        return None
    if by == "day":
        return date[:10]
    try:
        year, week, _ = Date.fromisoformat(date[:10]).isocalendar()
    except ValueError:
        return None
    return f"{year}-W{week:02d}"


@dataclass(frozen=True, slots=True)
class Periods:
    """The periods with text, in order: each briefing's period, characters and members."""

    by: str
    of: dict[str, str]
    chars: dict[str, int]
    members: dict[str, tuple[str, ...]]
    # Runs of consecutive ordinals whose briefings share a period: a count over every run
    # is a count per period, in one pass over the runs rather than over the briefings.
    firsts: tuple[int, ...] = ()
    lasts: tuple[int, ...] = ()
    runs: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The periods in order."""
        return tuple(self.chars)


# The periods of the whole library, per view and period kind (a view never changes).
_KEPT: dict[tuple[int, str], tuple[weakref.ref[Any], Periods]] = {}
KEPT = 8


def periods(corpus: Corpus, by: str, briefing_ids: set[str] | None = None) -> Periods:
    """The periods of the briefings in scope (None: all of them, worked out once per view)."""
    if briefing_ids is not None:
        return _periods(corpus, by, briefing_ids)
    key = (id(corpus.view), by)
    kept = _KEPT.get(key)
    if kept is not None and kept[0]() is corpus.view:
        return kept[1]
    got = _periods(corpus, by, None)
    _KEPT.pop(key, None)
    _KEPT[key] = (weakref.ref(corpus.view), got)
    while len(_KEPT) > KEPT:
        _KEPT.pop(next(iter(_KEPT)))
    return got


def _periods(corpus: Corpus, by: str, ids: set[str] | None) -> Periods:
    chars: dict[str, int] = {}
    members: dict[str, list[str]] = {}
    of: dict[str, str] = {}
    firsts: list[int] = []
    lasts: list[int] = []
    runs: list[str] = []
    named: dict[str | None, str | None] = {}  # many briefings share a date
    order, _firsts = corpus.in_order
    for size in order:
        bid = size.briefing_id
        if ids is not None and bid not in ids:
            continue
        date = size.date
        p = named[date] if date in named else named.setdefault(date, period_of(date, by))
        if p is None:
            continue
        of[bid] = p
        chars[p] = chars.get(p, 0) + size.chars
        members.setdefault(p, []).append(bid)
        if not size.sections:
            continue
        last = size.first + size.sections - 1
        if runs and runs[-1] == p and lasts[-1] + 1 == size.first:
            lasts[-1] = last
        else:
            firsts.append(size.first)
            lasts.append(last)
            runs.append(p)
    order_ = sorted(chars)
    return Periods(
        by,
        of,
        {p: chars[p] for p in order_},
        {p: tuple(members[p]) for p in order_},
        tuple(firsts),
        tuple(lasts),
        tuple(runs),
    )
