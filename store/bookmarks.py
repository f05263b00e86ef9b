"""Bookmarks on sections and blocks: add, toggle, rename, delete, list and filter."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from tinydb import Query

from store.errors import NotFound
from store.models import Bookmark
from store.notes.anchors import search_quote
from store.notes.refs import (
    QUOTE_CHARS,
    BriefingRef,
    Context,
    SectionRef,
    block_text,
    check_block,
    new_id,
    now_iso,
    order_key,
    section_ref,
)
from store.numbering import paragraph_number, place

if TYPE_CHECKING:
    from store.library import Library

TABLE = "bookmarks"
Order = Literal["newest", "reading"]


@dataclass(frozen=True, slots=True)
class BookmarkEntry:
    """A bookmark with where it sits now; detached when its briefing or passage is gone."""

    bookmark: Bookmark
    briefing: BriefingRef
    section: SectionRef
    detached: bool = False

    @property
    def place(self) -> str:
        """Where the bookmark sits as a user numbers it: `¶ 3`, `caption 1`, `whole section`."""
        return place(self.section.kinds, self.bookmark.block)

    @property
    def paragraph(self) -> int | None:
        """The 1-based paragraph number of the bookmarked block (None when not a paragraph)."""
        block = self.bookmark.block
        return None if block is None else paragraph_number(self.section.kinds, block)


def bookmark_to_dict(bm: Bookmark) -> dict[str, Any]:
    """The JSON shape of a bookmark (user file and exports)."""
    return {
        "id": bm.id,
        "briefing_id": bm.briefing_id,
        "section_id": bm.section_id,
        "block": bm.block,
        "created": bm.created,
        "label": bm.label,
        "quote": bm.quote,
    }


def bookmark_from_dict(data: dict[str, Any]) -> Bookmark:
    """Build a bookmark from its JSON shape; ValueError when a field has the wrong type."""
    if not isinstance(data, dict):
        raise ValueError(f"a bookmark must be an object, not {type(data).__name__}")
    block = data.get("block")
    if block is not None and (isinstance(block, bool) or not isinstance(block, int) or block < 0):
        raise ValueError(f"bookmark {data.get('id')!r} has an invalid block")
    label, quote = data.get("label"), data.get("quote")
    return Bookmark(
        id=str(data["id"]),
        briefing_id=str(data["briefing_id"]),
        section_id=str(data["section_id"]),
        block=block,
        created=str(data.get("created") or ""),
        label=str(label) if label else None,
        quote=str(quote) if quote else None,
    )


def _find(lib: Library, section_id: str, block: int | None) -> dict[str, Any] | None:
    q = Query()
    row = lib.user.table(TABLE).get((q.section_id == section_id) & (q.block == block))
    return None if row is None else dict(row)  # type: ignore[arg-type]


def add_bookmark(
    lib: Library,
    section_id: str,
    block: int | None = None,
    label: str | None = None,
    *,
    now: datetime | None = None,
) -> Bookmark:
    """Bookmark a section (block None) or one of its blocks; an existing mark there is reused."""
    ctx = Context(lib)
    section = ctx.require_section(section_id)
    if block is None:
        # A section mark quotes its opening words so the list can show them.
        first = next((b for b in section.blocks if b.type == "paragraph"), None)
        text = block_text(first) if first else ""
    else:
        text = block_text(check_block(section, block))
    existing = _find(lib, section.id, block)
    if existing is not None:
        if label:
            return rename_bookmark(lib, existing["id"], label)
        return bookmark_from_dict(existing)
    table = lib.user.table(TABLE)
    bm = Bookmark(
        id=new_id("b", {str(r.get("id")) for r in table.all()}),
        briefing_id=section.briefing_id,
        section_id=section.id,
        block=block,
        created=now_iso(now),
        label=label or None,
        quote=text[:QUOTE_CHARS] or None,
    )
    briefing = ctx.briefing(section.briefing_id) or BriefingRef(section.briefing_id)
    row = {
        **bookmark_to_dict(bm),
        "briefing": briefing.to_dict(),
        "section": section_ref(section).to_dict(),
    }
    table.insert(row)
    return bm


def toggle_bookmark(
    lib: Library,
    section_id: str,
    block: int | None = None,
    label: str | None = None,
    *,
    now: datetime | None = None,
) -> Bookmark | None:
    """Remove the mark at this place if there is one, else add it; returns the new mark or None."""
    existing = _find(lib, section_id, block)
    if existing is not None:
        lib.user.table(TABLE).remove(Query().id == existing["id"])
        return None
    return add_bookmark(lib, section_id, block, label, now=now)


def bookmark_at(lib: Library, section_id: str, block: int | None) -> Bookmark | None:
    """The bookmark on this place (a block, or the section for None), if there is one."""
    row = _find(lib, section_id, block)
    return None if row is None else bookmark_from_dict(row)


def get_bookmark(lib: Library, bookmark_id: str) -> Bookmark:
    """The bookmark with this id, or NotFound."""
    row = lib.user.table(TABLE).get(Query().id == bookmark_id)
    if row is None:
        raise NotFound(f"no bookmark {bookmark_id!r} (see `briefing bookmarks`)")
    return bookmark_from_dict(dict(row))  # type: ignore[arg-type]


def rename_bookmark(lib: Library, bookmark_id: str, label: str | None) -> Bookmark:
    """Set or clear (empty/None) a bookmark's label."""
    bm = get_bookmark(lib, bookmark_id)
    lib.user.table(TABLE).update({"label": label or None}, Query().id == bookmark_id)
    return replace(bm, label=label or None)


def delete_bookmark(lib: Library, bookmark_id: str) -> Bookmark:
    """Delete a bookmark; returns what was deleted."""
    bm = get_bookmark(lib, bookmark_id)
    lib.user.table(TABLE).remove(Query().id == bookmark_id)
    return bm


def bookmarked_blocks(lib: Library, section_id: str) -> set[int | None]:
    """The blocks of a section that carry a bookmark (None stands for the section itself)."""
    rows = lib.user.table(TABLE).search(Query().section_id == section_id)
    return {r.get("block") for r in rows}


def resolve_bookmark(ctx: Context, row: dict[str, Any]) -> BookmarkEntry:
    """Where a stored bookmark sits now: in place, moved (found by its quote) or detached."""
    bm = bookmark_from_dict(row)
    saved_b = BriefingRef.from_dict(row.get("briefing"), bm.briefing_id)
    saved_s = SectionRef.from_dict(row.get("section"), bm.section_id)
    briefing = ctx.briefing(bm.briefing_id)
    if briefing is None:
        return BookmarkEntry(bm, saved_b, saved_s, detached=True)
    section = ctx.section(bm.section_id)
    if section is not None:
        if bm.block is None:
            return BookmarkEntry(bm, briefing, section_ref(section))
        if bm.block < len(section.blocks):
            text = block_text(section.blocks[bm.block])
            if not bm.quote or text.startswith(bm.quote):
                return BookmarkEntry(bm, briefing, section_ref(section))
    if bm.block is not None and bm.quote:
        others = [s for s in ctx.sections_of(bm.briefing_id) if s.id != bm.section_id]
        found = search_quote(([section] if section else []) + others, bm.quote, False)
        if found is not None:
            where, block, _, _ = found
            moved = replace(bm, section_id=where.id, block=block)
            return BookmarkEntry(moved, briefing, section_ref(where))
    return BookmarkEntry(bm, briefing, saved_s, detached=True)


def _matches(entry: BookmarkEntry, text: str | None) -> bool:
    if not text:
        return True
    bm = entry.bookmark
    hay = " ".join((bm.label or "", bm.quote or "", entry.section.headline, entry.briefing.title))
    return text.casefold() in hay.casefold()


def list_bookmarks(
    lib: Library,
    *,
    order: Order = "newest",
    text: str | None = None,
    briefing_id: str | None = None,
) -> list[BookmarkEntry]:
    """Bookmarks newest first or in reading order, narrowed by briefing or text."""
    if order not in ("newest", "reading"):
        raise ValueError(f"order must be 'newest' or 'reading', not {order!r}")
    ctx = Context(lib)
    entries = []
    seq: dict[str, int] = {}
    for n, row in enumerate(lib.user.table(TABLE).all()):
        try:
            entry = resolve_bookmark(ctx, dict(row))
        except (KeyError, ValueError):
            continue  # a hand-edited row that is not a bookmark; left untouched
        if briefing_id is not None and entry.bookmark.briefing_id != briefing_id:
            continue
        if _matches(entry, text):
            entries.append(entry)
            seq[entry.bookmark.id] = n
    if order == "newest":
        # Marks made within one second keep the order they were made in.
        entries.sort(key=lambda e: (e.bookmark.created, seq[e.bookmark.id]), reverse=True)
    else:
        # The library's order matters only between briefings.
        several = len({e.bookmark.briefing_id for e in entries}) > 1
        index = ctx.briefing_index() if several else {}
        entries.sort(
            key=lambda e: (
                e.detached,
                order_key(index, e.bookmark.briefing_id, e.section.order, e.bookmark.block),
                e.bookmark.created,
            )
        )
    return entries
