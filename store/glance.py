"""What a reader's first frame needs of a library, read without building the whole catalog.

`glance` reads one section, its briefing's row and heads from that briefing's own files (the
section file keeps the briefing's row beside its sections), so opening where the reader left
off costs the same in a library of ten briefings or ten thousand. The catalog stays the truth:
a briefing deleted by a crash half-way, or changed by another process, can still have its
files, so a reader checks what it glanced at once it has read the catalog.
`first_briefing` names the first briefing the outline shows from the opening bytes of
`catalog.json` (a compaction writes the rows in the outline's order, by date in a large
library; a briefing added later is in the journal, so it is right unless that briefing goes
first), for a reader that has read nothing yet; `reading_order` gives every id in the
outline's order from the catalog's rows, building no `Briefing` for each.
"""

from __future__ import annotations

import os
import re
from collections import namedtuple
from typing import TYPE_CHECKING, Any

from store import heads, paths
from store.briefing_rows import briefing_from_row, section_count
from store.errors import BriefingError
from store.models import Briefing, Section, SectionHead
from store.regular import open_regular
from store.storage import find_row

if TYPE_CHECKING:
    from store.library import Library

# What a damaged row or file raises while it is read (BriefingError covers StoreCorrupt).
_UNREADABLE = (BriefingError, KeyError, TypeError, ValueError, AttributeError)
# catalog.json as the store writes it (two-space indent): the rows' table, then its first row,
# whose first key is the briefing's id. Strings escape newlines, so no text can look like it.
_ROWS = b'\n  "briefings": {'
_FIRST_ID = re.compile(rb'\s*"\d+": \{\s*"id": "([0-9a-f]{10})"')
# The rows' table begins within the file's first bytes (after the short meta table).
_HEAD_BYTES = 64 * 1024


class Glance(namedtuple("Glance", "briefing heads section")):
    """One section and its briefing as the briefing's own files tell them."""

    # Made by `collections.namedtuple`: typing.NamedTuple compiles each field's annotation.
    __slots__ = ()
    briefing: Briefing
    heads: tuple[SectionHead, ...]
    section: Section


def glance(library: Library, section_id: str) -> Glance | None:
    """A section with its briefing's row and heads, from that briefing's section and head
    files alone; None when they are missing, damaged, stale or disagree (ask the catalog)."""
    briefing_id = section_id.rpartition("-")[0]
    if not briefing_id or not (library.sections_dir / f"{briefing_id}.json").is_file():
        return None
    try:
        # Read as TinyDB's tables would give them, from the file's one parse (no TinyDB).
        storage = library.shard(briefing_id).storage
        rows = list(((storage.snapshot() or {}).get("briefing") or {}).values())
        if len(rows) != 1 or rows[0].get("id") != briefing_id:
            return None
        briefing = briefing_from_row(dict(rows[0]))
        # A head file is trusted only when its stamp matches the row (see store.heads).
        got = heads.read_heads(library.home, briefing_id, heads.heads_stamp(briefing))
        if not got or len(got) != briefing.section_count:
            return None
        if not any(h.id == section_id for h in got):
            return None
        row = find_row(storage, "sections", "id", section_id)
        if row is None:
            return None
        section = Section.from_dict(row)
    except _UNREADABLE:
        return None
    if section.id != section_id or section.briefing_id != briefing_id:
        return None
    return Glance(briefing, got, section)


def first_briefing(library: Library) -> str | None:
    """The id of the first row of `catalog.json`, which is the first briefing the outline
    shows unless the journal deleted it or added one before it (a reader glancing at it
    checks once the catalog is read);
    None when the file does not open as the store writes it."""
    try:
        fd, _ = open_regular(library.home / paths.CATALOG)
        try:
            head = os.pread(fd, _HEAD_BYTES, 0)
        finally:
            os.close(fd)
    except OSError:
        return None
    at = head.find(_ROWS)
    found = _FIRST_ID.match(head, at + len(_ROWS)) if at >= 0 else None
    return found.group(1).decode("ascii") if found else None


def reading_order(library: Library) -> list[tuple[str, int]]:
    """(id, section count) of every briefing in the outline's order (`lib.walk()`), from
    the catalog's rows.

    A malformed row is reported as `Library.briefings` reports it (StoreCorrupt).
    """
    rows = library.catalog.state().values()
    try:
        ordered = sorted(rows, key=_seq)
        if len(ordered) > 1:  # one briefing (a new library's) needs no order, nor its module
            from store.outline_order import rows_in_walk_order

            ordered = rows_in_walk_order(ordered)
        return [(row["id"], section_count(row)) for row in ordered]
    except (KeyError, TypeError):
        return [(b.id, b.section_count) for b in library.walk().briefings]


def _seq(row: dict[str, Any]) -> int:
    value = row.get("seq", 0)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"seq {value!r} is not a number")
    return value
