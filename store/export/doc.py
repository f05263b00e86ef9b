"""What an export holds: the notes and bookmarks in scope, gathered from a library."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from store.bookmarks import BookmarkEntry, list_bookmarks
from store.models import Byline
from store.notes import BriefingRef, NoteEntry, SectionRef, list_notes, now_iso
from store.numbering import place
from store.sanitize import clean_line

if TYPE_CHECKING:
    from store.library import Library

_TAG_DROP = re.compile(r"[^\w/-]+")


@dataclass(frozen=True, slots=True)
class ExportScope:
    """Which notes to export: all, one briefing, one tag, or an explicit list of note ids."""

    briefing_id: str | None = None
    tag: str | None = None
    note_ids: tuple[str, ...] | None = None

    @property
    def label(self) -> str:
        """A short description for front matter and headers."""
        if self.note_ids is not None:
            return f"{len(self.note_ids)} selected notes"
        parts = []
        if self.briefing_id:
            parts.append(f"briefing {self.briefing_id}")
        if self.tag:
            parts.append(f"tag #{self.tag.lstrip('#')}")
        return ", ".join(parts) or "all"

    @property
    def with_bookmarks(self) -> bool:
        """Whether bookmarks belong in the scope (they carry no tags and are never picked)."""
        return self.tag is None and self.note_ids is None


@dataclass(frozen=True, slots=True)
class ExportDoc:
    """Notes and bookmarks to write out, each with the briefing and section it cites."""

    exported_at: str
    notes: tuple[NoteEntry, ...] = ()
    bookmarks: tuple[BookmarkEntry, ...] = ()
    scope: str = "all"
    title: str = "Briefing notes"
    watches: tuple[dict[str, Any], ...] = ()
    # Read sections per briefing ({"briefing_id", "content_hash", "orders"}), whole exports only.
    read_state: tuple[dict[str, Any], ...] = ()

    def briefings(self) -> list[BriefingRef]:
        """Every briefing cited, in order of first appearance (notes, then bookmarks)."""
        seen: dict[str, BriefingRef] = {}
        for ref in [e.briefing for e in self.notes] + [e.briefing for e in self.bookmarks]:
            seen.setdefault(ref.id, ref)
        return list(seen.values())

    def sections_of(self, briefing_id: str) -> list[SectionRef]:
        """The sections of one briefing cited, in order of first appearance."""
        seen: dict[str, SectionRef] = {}
        for entry in [*self.notes, *self.bookmarks]:
            if entry.briefing.id == briefing_id:
                seen.setdefault(entry.section.id, entry.section)
        return sorted(seen.values(), key=lambda s: s.order)

    def source(self) -> str:
        """The papers cited, joined, for front matter."""
        return "; ".join(dict.fromkeys(b.title for b in self.briefings() if b.title))


def collect(
    lib: Library,
    scope: ExportScope | None = None,
    *,
    now: datetime | None = None,
    title: str = "Briefing notes",
) -> ExportDoc:
    """Gather the notes and bookmarks of `scope` from a library."""
    scope = scope or ExportScope()
    notes = list_notes(lib, briefing_id=scope.briefing_id, tag=scope.tag, ids=scope.note_ids)
    if scope.note_ids is not None:
        # An explicit list (what a filtered screen shows) keeps the caller's order.
        rank = {nid: i for i, nid in enumerate(scope.note_ids)}
        notes.sort(key=lambda e: rank.get(e.note.id, len(rank)))
    marks = (
        list_bookmarks(lib, order="reading", briefing_id=scope.briefing_id)
        if scope.with_bookmarks
        else []
    )
    watches: tuple[dict[str, Any], ...] = ()
    if scope.with_bookmarks and scope.briefing_id is None:
        from store.analysis.watches import list_watches

        # Saved queries belong to the whole library, so only a whole export carries them.
        watches = tuple(w.to_dict() for w in list_watches(lib))
    read: list[dict[str, Any]] = []
    if scope.with_bookmarks and scope.briefing_id is None:
        for bid, orders in sorted(lib.read_state.all().items()):
            b = lib.find_briefing(bid)
            if b is not None and orders:
                read.append(
                    {"briefing_id": bid, "content_hash": b.content_hash, "orders": sorted(orders)}
                )
    return ExportDoc(
        now_iso(now), tuple(notes), tuple(marks), scope.label, title, watches, tuple(read)
    )


def byline_text(byline: Byline) -> str:
    """A byline on one line, e.g. 湖南日报见习记者 黄婷婷."""
    parts = [byline.role or "", " ".join(byline.authors)]
    return clean_line(" ".join(p for p in parts if p).strip())


def citation_parts(briefing: BriefingRef, section: SectionRef, block: int | None) -> list[str]:
    """Paper, date, section headline, byline and place (¶ 3, caption 1), each cleaned."""
    parts = [clean_line(briefing.title or briefing.id)]
    if briefing.date:
        parts.append(clean_line(briefing.date))
    if section.headline:
        parts.append(clean_line(section.headline))
    by = byline_text(section.byline)
    if by:
        parts.append(by)
    if block is not None:
        parts.append(place(section.kinds, block))
    return parts


def tag_word(tag: str) -> str:
    """A tag as an Obsidian #tag: letters, digits, _, - and / only, never digits alone."""
    word = _TAG_DROP.sub("_", clean_line(tag).strip().lstrip("#")).strip("_")
    if not word or word.isdigit():
        # Obsidian does not take a tag of digits only (#2018 is not a tag).
        word = "_" + word
    return word
