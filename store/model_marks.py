"""The user's marks on sections: bookmarks and notes (names also given by `store.models`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A mark on a section (block is None) or on one of its blocks."""

    id: str
    briefing_id: str
    section_id: str
    block: int | None
    created: str
    label: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A user's note on a block, quoting all of it or the span [quote_start, quote_end).

    A highlight is a Note of kind "highlight": a passage marked without text or tags.
    """

    id: str
    briefing_id: str
    section_id: str
    block: int
    text: str
    created: str
    updated: str
    tags: tuple[str, ...] = ()
    quote: str = ""
    quote_start: int | None = None
    quote_end: int | None = None
    # "note", or "highlight": a marked passage with no text (kept in its own table).
    kind: str = "note"
