"""The sections an import brought to a briefing: all of a new one, the added ones of a feed
that grew (its earlier sections were there before and are not new to the watches)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def new_from(lib: Any, briefing_id: str) -> int:
    """The last section order a briefing had before its last import (0: every section is new)."""
    find = getattr(lib, "find_briefing", None)
    found = find(briefing_id) if find is not None else None
    return getattr(found, "new_from", 0) if found is not None else 0


def order_of(section_id: str) -> int:
    """A section's order in its briefing, from its id (`<briefing id>-<order>`)."""
    tail = section_id.rpartition("-")[2]
    return int(tail) if tail.isdigit() else 0


def is_brought(section_id: str, start: int) -> bool:
    """Whether a section came after order `start` (every section does when start is 0)."""
    return not start or order_of(section_id) > start


def brought(section_ids: Iterable[str], start: int) -> list[str]:
    """The sections among these that came after order `start`."""
    return [s for s in section_ids if is_brought(s, start)]
