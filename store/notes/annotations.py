"""Notes on blocks: add, edit, delete, list in reading order, filter, and re-anchor."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tinydb import Query

from store.errors import NotFound
from store.models import Note
from store.notes.anchors import find_span, quote_holds, search_quote
from store.notes.note_json import normalize_tags, note_from_dict, note_to_dict
from store.notes.refs import (
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

TABLE = "notes"
HIGHLIGHTS = "highlights"  # highlights live apart from notes, in their own table
KINDS = {"note": TABLE, "highlight": HIGHLIGHTS}


@dataclass(frozen=True, slots=True)
class NoteEntry:
    """A note with where it sits now; detached when its passage is no longer in the library."""

    note: Note
    briefing: BriefingRef
    section: SectionRef
    detached: bool = False

    @property
    def place(self) -> str:
        """Where the note sits as a user numbers it: `¶ 3`, `caption 1`."""
        return place(self.section.kinds, self.note.block)

    @property
    def paragraph(self) -> int | None:
        """The 1-based paragraph number of the note's block (None for a caption or table)."""
        return paragraph_number(self.section.kinds, self.note.block)


@dataclass(frozen=True, slots=True)
class NoteGroup:
    """The notes of one section, in block order."""

    briefing: BriefingRef
    section: SectionRef
    entries: tuple[NoteEntry, ...]
    detached: bool = False


def _row(note: Note, briefing: BriefingRef, section: SectionRef) -> dict[str, Any]:
    # The briefing and section are copied into the row so a detached note can still be cited.
    return {**note_to_dict(note), "briefing": briefing.to_dict(), "section": section.to_dict()}


def _quote_for(text: str, quote: str | None, span: tuple[int, int] | None) -> tuple[str, Any, Any]:
    if span is not None:
        start, end = span
        if not 0 <= start < end <= len(text):
            raise ValueError(f"quote span [{start}, {end}) is outside the block (0..{len(text)})")
        return text[start:end], start, end
    if quote:
        start, end = find_span(text, quote)
        return text[start:end], start, end
    return text, None, None


def add_note(
    lib: Library,
    section_id: str,
    block: int,
    text: str,
    tags: Iterable[str] = (),
    *,
    quote: str | None = None,
    span: tuple[int, int] | None = None,
    now: datetime | None = None,
    kind: str = "note",
) -> Note:
    """Add a note on a block, quoting all of it, the passage `quote`, or the offsets `span`.

    With kind "highlight" the passage is only marked: no text, no tags, its own table.
    """
    ctx = Context(lib)
    section = ctx.require_section(section_id)
    passage, start, end = _quote_for(block_text(check_block(section, block)), quote, span)
    briefing = ctx.briefing(section.briefing_id) or BriefingRef(section.briefing_id)
    highlight = kind == "highlight"
    table = lib.user.table(HIGHLIGHTS if highlight else TABLE)
    stamp = now_iso(now)
    note = Note(
        id=new_id("h" if highlight else "n", {str(r.get("id")) for r in table.all()}),
        briefing_id=section.briefing_id,
        section_id=section.id,
        block=block,
        text=text,
        created=stamp,
        updated=stamp,
        tags=normalize_tags(tags),
        quote=passage,
        quote_start=start,
        quote_end=end,
        kind="highlight" if highlight else "note",
    )
    if highlight:
        note = replace(note, text="", tags=())
    table.insert(_row(note, briefing, section_ref(section)))
    return note


def _table_of(lib: Library, note_id: str) -> str:
    """The table holding a note or highlight id."""
    for name in (TABLE, HIGHLIGHTS):
        if lib.user.table(name).contains(Query().id == note_id):
            return name
    raise NotFound(f"no note {note_id!r} (see `briefing notes`)")


def _stored(lib: Library, note_id: str) -> dict[str, Any]:
    row = lib.user.table(_table_of(lib, note_id)).get(Query().id == note_id)
    if row is None:
        raise NotFound(f"no note {note_id!r} (see `briefing notes`)")
    return dict(row)  # type: ignore[arg-type]


def get_note(lib: Library, note_id: str) -> Note:
    """The stored note with this id, or NotFound."""
    return note_from_dict(_stored(lib, note_id))


_KEEP: Any = object()


def edit_note(
    lib: Library,
    note_id: str,
    *,
    text: str | None = None,
    tags: Iterable[str] | None = None,
    span: Any = _KEEP,
    now: datetime | None = None,
) -> Note:
    """Change a note's text, tags or quote span (None quotes the whole block again)."""
    row = _stored(lib, note_id)
    changes: dict[str, Any] = {}
    if text is not None:
        changes["text"] = text
    if tags is not None:
        changes["tags"] = list(normalize_tags(tags))
    if span is not _KEEP:
        entry = resolve(Context(lib), row)
        if entry.detached:
            raise ValueError("the note is detached: its passage is no longer in the library")
        section = Context(lib).require_section(entry.note.section_id)
        block = block_text(check_block(section, entry.note.block))
        passage, start, end = _quote_for(block, None, span)
        changes.update(
            quote=passage,
            quote_start=start,
            quote_end=end,
            section_id=entry.note.section_id,
            block=entry.note.block,
        )
    changes["updated"] = now_iso(now)
    lib.user.table(_table_of(lib, note_id)).update(changes, Query().id == note_id)
    return note_from_dict({**row, **changes})


def delete_note(lib: Library, note_id: str) -> Note:
    """Delete a note; returns what was deleted."""
    note = get_note(lib, note_id)
    lib.user.table(_table_of(lib, note_id)).remove(Query().id == note_id)
    return note


def resolve(ctx: Context, row: dict[str, Any]) -> NoteEntry:
    """Where a stored note sits now: at its block, re-anchored by its quote, or detached."""
    note = note_from_dict(row)
    saved_b = BriefingRef.from_dict(row.get("briefing"), note.briefing_id)
    saved_s = SectionRef.from_dict(row.get("section"), note.section_id)
    briefing = ctx.briefing(note.briefing_id)
    if briefing is None:
        return NoteEntry(note, saved_b, saved_s, detached=True)
    section = ctx.section(note.section_id)
    if section is not None and note.block < len(section.blocks):
        text = block_text(section.blocks[note.block])
        if quote_holds(text, note.quote, note.quote_start, note.quote_end):
            return NoteEntry(note, briefing, section_ref(section))
    # Blocks moved (a re-import parsed differently): look for the quote, own section first.
    others = [s for s in ctx.sections_of(note.briefing_id) if s.id != note.section_id]
    candidates = ([section] if section is not None else []) + others
    found = search_quote(candidates, note.quote, note.quote_start is not None)
    if found is None:
        return NoteEntry(note, briefing, saved_s, detached=True)
    where, block, start, end = found
    moved = replace(note, section_id=where.id, block=block, quote_start=start, quote_end=end)
    return NoteEntry(moved, briefing, section_ref(where))


def _matches(entry: NoteEntry, text: str | None, tag: str | None) -> bool:
    if tag is not None and tag.lstrip("#").casefold() not in {
        t.casefold() for t in entry.note.tags
    }:
        return False
    if text:
        needle = text.casefold()
        hay = " ".join(
            (entry.note.text, entry.note.quote, " ".join(entry.note.tags), entry.section.headline)
        )
        return needle in hay.casefold()
    return True


def list_notes(
    lib: Library,
    *,
    briefing_id: str | None = None,
    section_id: str | None = None,
    tag: str | None = None,
    text: str | None = None,
    ids: Sequence[str] | None = None,
    kind: str | None = None,
) -> list[NoteEntry]:
    """Notes and highlights in reading order (detached ones last), narrowed by briefing,
    section, tag, text or kind ("note" or "highlight"; a tag filter leaves notes only)."""
    ctx = Context(lib)
    wanted = set(ids) if ids is not None else None
    entries = []
    tables = [KINDS[kind]] if kind in KINDS else [TABLE, HIGHLIGHTS]
    rows = [dict(r) | {"kind": k} for k in tables for r in lib.user.table(k).all()]
    # A note stays in its briefing (it may move to another section of it): rows of other
    # briefings are passed over without reading their sections.
    within = briefing_id or (section_id.rpartition("-")[0] if section_id else None)
    for row in rows:
        row["kind"] = "highlight" if row["kind"] == HIGHLIGHTS else "note"
        if wanted is not None and row.get("id") not in wanted:
            continue
        if within is not None and row.get("briefing_id") != within:
            continue
        try:
            entry = resolve(ctx, row)
        except (KeyError, ValueError):
            continue  # a hand-edited row that is not a note; left in the file untouched
        if briefing_id is not None and entry.note.briefing_id != briefing_id:
            continue
        if section_id is not None and entry.note.section_id != section_id:
            continue
        if _matches(entry, text, tag):
            entries.append(entry)
    # The library's order matters only between briefings.
    several = len({e.note.briefing_id for e in entries}) > 1
    index = ctx.briefing_index() if several else {}
    entries.sort(
        key=lambda e: (
            e.detached,
            order_key(index, e.note.briefing_id, e.section.order, e.note.block),
            e.note.quote_start or 0,
            e.note.created,
            e.note.id,
        )
    )
    return entries


def group_notes(entries: Iterable[NoteEntry]) -> list[NoteGroup]:
    """Consecutive entries of the same section gathered (feed it `list_notes` output)."""
    groups: list[NoteGroup] = []
    for entry in entries:
        last = groups[-1] if groups else None
        if last and last.section.id == entry.note.section_id and last.detached == entry.detached:
            groups[-1] = replace(last, entries=(*last.entries, entry))
        else:
            groups.append(NoteGroup(entry.briefing, entry.section, (entry,), entry.detached))
    return groups


def all_tags(lib: Library) -> list[str]:
    """Every tag in use, most used first then by name (for completion)."""
    counts: dict[str, int] = {}
    for row in lib.user.table(TABLE).all():
        for tag in normalize_tags(row.get("tags") or ()):
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts, key=lambda t: (-counts[t], t))
