"""Changing a briefing's title, date or source: its catalog row and its own section file."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from store.catalog import Catalog
from store.errors import BriefingError

if TYPE_CHECKING:
    from store.storage import StoreDB

UNSET: Any = object()


def changes_of(title: Any = UNSET, date: Any = UNSET, source: Any = UNSET) -> dict[str, Any]:
    """The row fields to set: a title (never empty), a date (YYYY-MM-DD or empty for none)
    and a source (empty for none); arguments left out are left alone."""
    changes: dict[str, Any] = {}
    if title is not UNSET:
        title = " ".join((title or "").split())
        if not title:
            raise BriefingError("a title cannot be empty")
        changes["title"] = title
    if date is not UNSET:
        from store.shelf import normalise_date  # (its patterns load only for an edit)

        day = normalise_date(date) if date else None
        if date and (day is None or len(day) != 10):
            raise BriefingError(f"{date!r} is not a date like 2019-10-03")
        changes["date"], changes["date_inferred"] = day, False
    if source is not UNSET:
        changes["source"] = " ".join((source or "").split()) or None
    return changes


def apply_changes(
    catalog: Catalog, shard: Callable[[str], StoreDB], briefing_id: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Write the changes to the catalog row and the section file's own row; returns the row.

    Touches those two files only: the cost of an edit does not grow with the library.
    """
    with catalog.transaction():
        found = catalog.state().get(briefing_id)
        if found is None:
            raise BriefingError(f"briefing {briefing_id} was deleted meanwhile")
        row = {**found, **changes}
        own = shard(briefing_id)
        with own.transaction():
            doc = own.storage.read() or {}
            for mine in (doc.get("briefing") or {}).values():
                mine.update(changes)
            own.storage.write(doc)
        catalog.put([row])
        return dict(row)
