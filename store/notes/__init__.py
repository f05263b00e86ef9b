"""Notes on passages of briefings, and what notes and bookmarks share."""

from store.notes.anchors import find_span
from store.notes.annotations import (
    NoteEntry,
    NoteGroup,
    add_note,
    all_tags,
    delete_note,
    edit_note,
    get_note,
    group_notes,
    list_notes,
    resolve,
)
from store.notes.note_json import normalize_tags, note_from_dict, note_to_dict
from store.notes.refs import (
    BriefingRef,
    Context,
    SectionRef,
    block_text,
    first_chars,
    now_iso,
    quoted,
    section_order,
)

__all__ = [
    "BriefingRef",
    "Context",
    "NoteEntry",
    "NoteGroup",
    "SectionRef",
    "add_note",
    "all_tags",
    "block_text",
    "delete_note",
    "edit_note",
    "find_span",
    "first_chars",
    "get_note",
    "group_notes",
    "list_notes",
    "normalize_tags",
    "note_from_dict",
    "note_to_dict",
    "now_iso",
    "quoted",
    "resolve",
    "section_order",
]
