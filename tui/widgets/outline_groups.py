"""Groups of a large library's outline: months of reading order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from store.models import Briefing

# A library of more briefings than this shows them in groups (a month of reading order
# each), and a group's briefing nodes are made when it is first expanded.
GROUP_ABOVE = 200
# At most this many briefings in a group; a longer month is split.
GROUP_SIZE = 250


class BriefingGroup(NamedTuple):
    """Consecutive briefings (in reading order) of one month."""

    name: str
    members: list[Briefing]


def month_groups(briefings: Sequence[Briefing], size: int | None = None) -> list[BriefingGroup]:
    """Runs of briefings of the same month, keeping reading order; a long run is split and
    a library with no months in common falls back to runs of `size` briefings."""
    size = size or GROUP_SIZE
    groups: list[BriefingGroup] = []
    for b in briefings:
        month = (b.date or "")[:7] or "(no date)"
        if groups and groups[-1].name == month and len(groups[-1].members) < size:
            groups[-1].members.append(b)
        else:
            groups.append(BriefingGroup(month, [b]))
    if len(groups) * 4 > len(briefings):
        # Dates jump about (or are missing): months would be a group per briefing.
        groups = []
        for at in range(0, len(briefings), size):
            run = list(briefings[at : at + size])
            dates = sorted(b.date for b in run if b.date)
            span = f"{dates[0]} … {dates[-1]}" if dates else "(no date)"
            groups.append(BriefingGroup(span, run))
    return groups
