"""Restore notes and bookmarks from a JSON export, matching briefings by content hash."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.bookmarks import bookmark_from_dict, bookmark_to_dict, resolve_bookmark
from store.errors import ImportFailure
from store.export.json_doc import FORMAT, VERSION
from store.notes import (
    BriefingRef,
    Context,
    SectionRef,
    note_from_dict,
    note_to_dict,
    resolve,
    section_order,
)
from store.notes.refs import section_ref

if TYPE_CHECKING:
    from store.library import Library

MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What an import did: marks added, skipped as duplicates, and added but detached."""

    notes_added: int = 0
    notes_skipped: int = 0
    notes_detached: int = 0
    bookmarks_added: int = 0
    bookmarks_skipped: int = 0
    bookmarks_detached: int = 0
    watches_added: int = 0
    watches_skipped: int = 0
    read_added: int = 0
    # Sections the export says were read that were read here already, and briefings it
    # names whose text this library does not hold.
    read_kept: int = 0
    read_missing: int = 0

    @property
    def added(self) -> int:
        """Notes and bookmarks added."""
        return self.notes_added + self.bookmarks_added

    @property
    def skipped(self) -> int:
        """Notes and bookmarks already there."""
        return self.notes_skipped + self.bookmarks_skipped

    @property
    def detached(self) -> int:
        """Added marks whose briefing or passage is not in this library."""
        return self.notes_detached + self.bookmarks_detached


def load_document(source: str | Path | dict[str, Any]) -> dict[str, Any]:
    """Read and check a briefing-notes document; ImportFailure with the reason otherwise."""
    if isinstance(source, dict):
        data: Any = source
    else:
        path = Path(source)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ImportFailure(f"{path}: too large for a notes export")
            data = json.loads(path.read_bytes().decode("utf-8-sig"))
        except OSError as exc:
            raise ImportFailure(f"cannot read {path}: {exc.strerror}") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportFailure(f"{path}: not a JSON notes export ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailure(f"not a {FORMAT} document (export one with `briefing export -f json`)")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ImportFailure(f"notes export version {version!r} is newer than this briefing reads")
    for key in ("briefings", "notes", "bookmarks"):
        if not isinstance(data.get(key, []), list):
            raise ImportFailure(f"the export's {key!r} is not a list")
    return data


class _Mapper:
    """Maps the export's briefing and section ids onto this library's."""

    def __init__(self, ctx: Context, briefings: list[Any]) -> None:
        self.ctx = ctx
        self.refs: dict[str, BriefingRef] = {}
        self.sections: dict[str, SectionRef] = {}
        self.target: dict[str, BriefingRef | None] = {}
        for item in briefings:
            if not isinstance(item, dict) or not item.get("id"):
                continue
            ref = BriefingRef.from_dict(item)
            self.refs[ref.id] = ref
            self.target[ref.id] = ctx.briefing_by_hash(ref.content_hash)
            for s in item.get("sections") or ():
                if isinstance(s, dict) and s.get("id"):
                    self.sections[str(s["id"])] = SectionRef.from_dict(s)

    def place(self, briefing_id: str, section_id: str) -> tuple[str, str, dict, dict]:
        """New briefing id, section id and the refs to keep with the row."""
        saved_b = self.refs.get(briefing_id) or BriefingRef(briefing_id)
        saved_s = self.sections.get(section_id) or SectionRef.from_dict(None, section_id)
        live = self.target.get(briefing_id)
        if live is None:
            return briefing_id, section_id, saved_b.to_dict(), saved_s.to_dict()
        order = saved_s.order or section_order(section_id)
        new_section = f"{live.id}-{order}"
        section = self.ctx.section(new_section)
        s_ref = section_ref(section) if section is not None else saved_s
        return live.id, new_section, live.to_dict(), s_ref.to_dict()


def _note_key(d: dict[str, Any]) -> tuple:
    return (
        d.get("kind", "note"),
        d["section_id"],
        d["block"],
        d["text"],
        d["quote"],
        d["quote_start"],
        d["quote_end"],
    )


def import_notes(lib: Library, source: str | Path | dict[str, Any]) -> ImportCounts:
    """Add the export's notes and bookmarks to this library, skipping ones already here."""
    data = load_document(source)
    ctx = Context(lib)
    mapper = _Mapper(ctx, data.get("briefings") or [])
    counts = dict.fromkeys(ImportCounts.__dataclass_fields__, 0)
    notes_table = lib.user.table("notes")
    highlights_table = lib.user.table("highlights")
    marks_table = lib.user.table("bookmarks")
    with lib.user.db.transaction():
        have = [dict(r) for r in notes_table.all()]
        have += [dict(r) | {"kind": "highlight"} for r in highlights_table.all()]
        ids = {r.get("id") for r in have}
        # The same passage and text already noted here counts as a duplicate; two such notes
        # within one export are kept apart by their ids.
        keys = {_note_key(note_to_dict(note_from_dict(r))) for r in have if _valid_note(r)}
        rows = []
        for raw in data.get("notes") or []:
            try:
                d = note_to_dict(note_from_dict(raw))
            except (KeyError, TypeError, ValueError):
                continue  # not a note; nothing to restore
            d["briefing_id"], d["section_id"], b_ref, s_ref = mapper.place(
                d["briefing_id"], d["section_id"]
            )
            if d["id"] in ids or _note_key(d) in keys:
                counts["notes_skipped"] += 1
                continue
            row = {**d, "briefing": b_ref, "section": s_ref}
            ids.add(d["id"])
            rows.append(row)
            counts["notes_added"] += 1
            counts["notes_detached"] += resolve(ctx, row).detached
        # One insert per row: insert_multiple on the locked table gives every row the same id.
        for row in rows:
            (highlights_table if row.get("kind") == "highlight" else notes_table).insert(row)
        counts.update(_import_bookmarks(ctx, mapper, marks_table, data.get("bookmarks") or []))
    counts["read_added"], counts["read_kept"], counts["read_missing"] = _restore_read(
        lib, data.get("read_state")
    )
    watches = data.get("watches")
    if isinstance(watches, list) and watches:
        from store.analysis.watches import restore_watches

        counts["watches_added"], counts["watches_skipped"] = restore_watches(lib, watches)
    return ImportCounts(**counts)


def _valid_note(row: dict[str, Any]) -> bool:
    try:
        note_from_dict(row)
    except (KeyError, TypeError, ValueError):
        return False
    return True


def _import_bookmarks(ctx: Context, mapper: _Mapper, table: Any, items: list[Any]) -> dict:
    have = [dict(r) for r in table.all()]
    ids = {r.get("id") for r in have}
    places = {(r.get("section_id"), r.get("block")) for r in have}
    counts = {"bookmarks_added": 0, "bookmarks_skipped": 0, "bookmarks_detached": 0}
    rows = []
    for raw in items:
        try:
            d = bookmark_to_dict(bookmark_from_dict(raw))
        except (KeyError, TypeError, ValueError):
            continue
        d["briefing_id"], d["section_id"], b_ref, s_ref = mapper.place(
            d["briefing_id"], d["section_id"]
        )
        if d["id"] in ids or (d["section_id"], d["block"]) in places:
            counts["bookmarks_skipped"] += 1
            continue
        row = {**d, "briefing": b_ref, "section": s_ref}
        ids.add(d["id"])
        places.add((d["section_id"], d["block"]))
        rows.append(row)
        counts["bookmarks_added"] += 1
        counts["bookmarks_detached"] += resolve_bookmark(ctx, row).detached
    for row in rows:
        table.insert(row)
    return counts


def _restore_read(lib: Library, rows: Any) -> tuple[int, int, int]:
    """Mark read what the export says was read, in the briefing with the same text here:
    (sections marked, sections read already, briefings not in this library)."""
    if not isinstance(rows, list):
        return 0, 0, 0
    by_hash = {b.content_hash: b for b in lib.briefings()}
    wanted: list[str] = []
    missing = 0
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("orders"), list):
            continue
        live = by_hash.get(str(row.get("content_hash") or ""))
        if live is None:
            missing += 1  # that briefing is not in this library: nothing to mark
            continue
        n = live.section_count
        wanted += [f"{live.id}-{o}" for o in row["orders"] if isinstance(o, int) and 1 <= o <= n]
    added = lib.read_state.mark(wanted) if wanted else 0
    return added, len(set(wanted)) - added, missing
