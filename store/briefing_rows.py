"""A briefing as its catalog row stores it (the catalog's and the section file's row).

Kept apart from the writers' modules, so a reader that only reads rows (the first frame's
glance at one briefing) loads none of them.
"""

from __future__ import annotations

from typing import Any

from store.models import Briefing


def briefing_from_row(row: dict[str, Any]) -> Briefing:
    """A Briefing from its catalog row."""
    return Briefing(
        id=row["id"],
        title=row["title"],
        content_hash=row["content_hash"],
        date=row.get("date"),
        date_inferred=bool(row.get("date_inferred")),
        source=row.get("source"),
        language=row.get("language", "zh-Hans"),
        imported_at=row.get("imported_at"),
        origin=row.get("origin"),
        section_count=section_count(row),
        new_from=_new_from(row),
    )


def section_count(row: dict[str, Any]) -> int:
    """A row's section count; TypeError when it is not a whole number."""
    value = row.get("section_count", 0)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"section_count {value!r} is not a number")
    return value


def _new_from(row: dict[str, Any]) -> int:
    value = row.get("new_from", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
