"""Groups of a large library's outline: its months, in date order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from store.models import Briefing
from store.outline_order import GROUP_ABOVE, by_date

# A library of more briefings than GROUP_ABOVE shows them in groups (a month each), and a
# group's briefing nodes are made when it is first expanded.
__all__ = ["GROUP_ABOVE", "BriefingGroup", "OutlinePlan", "month_groups", "plan_outline"]
# At most this many briefings in a group; a longer month is split into parts.
GROUP_SIZE = 250
NO_DATE = "(no date)"


class BriefingGroup(NamedTuple):
    """Briefings of one month (or of one span of dates), by date."""

    name: str
    members: list[Briefing]


def month_groups(briefings: Sequence[Briefing], size: int | None = None) -> list[BriefingGroup]:
    """A group per month, months in date order and each month's briefings by date (those
    of one day in reading order), whatever order they were imported in; briefings without
    a date come last. A month of more than `size` briefings is split into parts, and a
    library whose months hold few briefings each falls back to runs of `size` by date."""
    size = size or GROUP_SIZE
    # The order store.outline_order walks the briefings in, so the keys follow the outline.
    ordered = by_date(briefings)
    undated = [b for b in ordered if not b.date]
    dated = ordered[: len(ordered) - len(undated)]
    months: dict[str, list[Briefing]] = {}
    for b in dated:
        months.setdefault((b.date or "")[:7], []).append(b)
    if (len(months) + bool(undated)) * 4 > len(briefings):
        # Dates far apart: months would be a group per briefing or two.
        groups = []
        for at in range(0, len(dated), size):
            run = dated[at : at + size]
            groups.append(BriefingGroup(f"{run[0].date} … {run[-1].date}", run))
    else:
        groups = [g for month, members in months.items() for g in _parts(month, members, size)]
    return groups + _parts(NO_DATE, undated, size)


def _parts(name: str, members: list[Briefing], size: int) -> list[BriefingGroup]:
    """A month's group, or its parts of at most `size` briefings, numbered."""
    if len(members) <= size:
        return [BriefingGroup(name, members)] if members else []
    count = -(-len(members) // size)
    return [
        BriefingGroup(f"{name} ({n + 1}/{count})", members[at : at + size])
        for n, at in enumerate(range(0, len(members), size))
    ]


class OutlinePlan(NamedTuple):
    """What the outline shows of a library, worked out before the tree is filled (in a
    worker for a large library): its briefings, their unread counts and groups."""

    briefings: list[Briefing]
    by_id: dict[str, Briefing]
    read: dict[str, frozenset[int]]  # the outline's own copy
    unread: dict[str, int]  # empty when the read state was not given
    groups: list[BriefingGroup]  # none for a library of GROUP_ABOVE briefings or fewer
    group_of: dict[str, int]
    read_version: int  # the read state's version the counts are of (-1: unknown)
    group_unread: list[int]  # each group's unread sections


def plan_outline(
    briefings: list[Briefing],
    read: Mapping[str, frozenset[int]] | None = None,
    read_version: int = -1,
) -> OutlinePlan:
    """The outline of `briefings` (import order) with unread counts from `read`."""
    unread: dict[str, int] = {}
    if read is not None:
        # Loaded here, after the first frame (the outline is filled after it).
        from store.shelf import unread_count

        unread = {b.id: unread_count(b, read) for b in briefings}
    groups: list[BriefingGroup] = []
    if len(briefings) > GROUP_ABOVE:
        groups = month_groups(briefings)
    group_of = {b.id: n for n, g in enumerate(groups) for b in g.members}
    by_id = {b.id: b for b in briefings}
    group_unread = [sum(unread.get(b.id, 0) for b in g.members) for g in groups]
    return OutlinePlan(
        briefings, by_id, dict(read or {}), unread, groups, group_of, read_version, group_unread
    )
