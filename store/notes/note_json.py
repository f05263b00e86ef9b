"""The JSON shape of a note, as the user file and exports hold it, and tag clean-up."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from store.models import Note


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags without surrounding space or a leading #, empties and repeats dropped."""
    seen: dict[str, None] = {}
    for tag in tags:
        clean = str(tag).strip().lstrip("#").strip()
        if clean and clean not in seen:
            seen[clean] = None
    return tuple(seen)


def note_to_dict(note: Note) -> dict[str, Any]:
    """The JSON shape of a note (user file and exports)."""
    return {
        "id": note.id,
        "briefing_id": note.briefing_id,
        "section_id": note.section_id,
        "block": note.block,
        "text": note.text,
        "created": note.created,
        "updated": note.updated,
        "tags": list(note.tags),
        "quote": note.quote,
        "quote_start": note.quote_start,
        "quote_end": note.quote_end,
    } | ({"kind": note.kind} if note.kind != "note" else {})


def note_from_dict(data: dict[str, Any]) -> Note:
    """Build a note from its JSON shape; ValueError when a field has the wrong type."""
    if not isinstance(data, dict):
        raise ValueError(f"a note must be an object, not {type(data).__name__}")
    block = data.get("block")
    if isinstance(block, bool) or not isinstance(block, int) or block < 0:
        raise ValueError(f"note {data.get('id')!r} has no valid block")
    start, end = data.get("quote_start"), data.get("quote_end")
    if (start is None) != (end is None):
        start = end = None
    return Note(
        id=str(data["id"]),
        briefing_id=str(data["briefing_id"]),
        section_id=str(data["section_id"]),
        block=block,
        text=str(data.get("text") or ""),
        created=str(data.get("created") or ""),
        updated=str(data.get("updated") or data.get("created") or ""),
        tags=normalize_tags(data.get("tags") or ()),
        quote=str(data.get("quote") or ""),
        quote_start=start if isinstance(start, int) else None,
        quote_end=end if isinstance(end, int) else None,
        kind="highlight" if data.get("kind") == "highlight" else "note",
    )
