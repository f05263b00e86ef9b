"""The documents a repair writes back: a complete section file, a briefing's catalog row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from store.doctor.checks import Survey
from store.doctor.shapes import briefing_row_problem, shard_shape
from store.models import Section
from store.schema import META_TABLE, SCHEMA_VERSION


def catalog_rows(s: Survey) -> dict[str, dict[str, Any]]:
    """The catalog's briefing rows by id; none when the catalog cannot be read."""
    if not s.catalog.usable or s.catalog.data is None:
        return {}
    return {r["id"]: r for r in (s.catalog.data.get("briefings") or {}).values()}


def complete_shard(
    briefing_id: str, rows: dict[str, dict[str, Any]], catalog_row: dict[str, Any] | None
) -> dict[str, Any] | None:
    """A fresh section file from salvaged rows, or None unless every section is there."""
    # Only a complete set of sections is worth keeping: half a briefing would mislead.
    if catalog_row is None:
        return None
    count = catalog_row.get("section_count")
    if isinstance(count, int) and not isinstance(count, bool):
        want = {f"{briefing_id}-{n}" for n in range(1, count + 1)}
    else:
        want = {h["id"] for h in catalog_row.get("sections") or []}
    sections = rows.get("sections") or {}
    try:
        got = {Section.from_dict(r).id for r in sections.values()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if not want or got != want or len(sections) != len(want):
        return None
    if shard_shape(Path(f"{briefing_id}.json"), {"sections": sections}) is not None:
        return None
    own = {k: v for k, v in catalog_row.items() if k != "sections"}
    return {
        META_TABLE: {"1": {"schema": SCHEMA_VERSION}},
        "briefing": {"1": own},
        "sections": sections,
    }


def briefing_row(
    briefing_id: str, shard: dict[str, Any], old: dict[str, Any] | None
) -> dict[str, Any]:
    """A briefing's catalog row for its section file: the old row, its own, or a bare one."""
    sections = sorted(
        (Section.from_dict(r) for r in (shard.get("sections") or {}).values()),
        key=lambda s: s.order,
    )
    own = next(iter((shard.get("briefing") or {}).values()), None)
    if old is not None:
        row = dict(old)
    elif own is not None and briefing_row_problem(own) is None:
        row = dict(own)
    else:
        row = {"id": briefing_id, "title": briefing_id, "content_hash": briefing_id}
    row.pop("sections", None)
    row["section_count"] = len(sections)
    return row
