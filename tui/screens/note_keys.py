"""What the reader's note keys make: the note dialogs of `a` and `e`, and the Markdown that
`y` copies. Loaded when one is first pressed, with the dialog and the Markdown helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

# The store's note functions are looked up when a dialog saves, not when this loads.
import store.notes
from store.notes import BriefingRef, all_tags, block_text
from tui.screens.note_dialog import NoteDialog, NoteDraft

if TYPE_CHECKING:
    from store import Library
    from store.models import Section
    from store.notes import NoteEntry

Notify = Callable[..., Any]


def new_note_dialog(lib: Library, section: Section, block: int, notify: Notify) -> NoteDialog:
    """The dialog that writes a note (or a highlight) on a block of a section."""

    def save(draft: NoteDraft) -> None:
        store.notes.add_note(lib, section.id, block, draft.text, draft.tags, span=draft.span)
        notify("Note saved.", timeout=2)

    def highlight(span: tuple[int, int] | None) -> None:
        store.notes.add_note(lib, section.id, block, "", span=span, kind="highlight")
        notify("Highlighted.", timeout=2)

    return NoteDialog(
        block_text(section.blocks[block]),
        heading=section.headline,
        known_tags=all_tags(lib),
        on_save=save,
        on_highlight=highlight,
    )


def edit_note_dialog(
    lib: Library, section: Section, block: int, entries: list[NoteEntry], turn: int, notify: Notify
) -> NoteDialog:
    """The dialog that edits or deletes the `turn`th of the notes on a block."""
    note = entries[turn].note
    span = None if note.quote_start is None else (note.quote_start, note.quote_end or 0)

    def save(draft: NoteDraft) -> None:
        store.notes.edit_note(lib, note.id, text=draft.text, tags=draft.tags, span=draft.span)
        notify("Note saved.", timeout=2)

    def delete() -> None:
        store.notes.delete_note(lib, note.id)
        notify("Note deleted.", timeout=2)

    return NoteDialog(
        block_text(section.blocks[block]),
        heading=section.headline
        + (f" · note {turn + 1} of {len(entries)}" if len(entries) > 1 else ""),
        draft=NoteDraft(note.text, note.tags, span),
        known_tags=all_tags(lib),
        on_save=save,
        on_delete=delete,
    )


def paragraph_markdown(lib: Library, section: Section, block: int, entries: list[NoteEntry]) -> str:
    """A block as a Markdown quote with its citation, then the notes on it."""
    from store.export.doc import citation_parts
    from store.export.markdown import escape_block, escape_line, tag_word
    from store.notes.refs import section_ref

    b = next((x for x in lib.briefings() if x.id == section.briefing_id), None)
    ref = BriefingRef(b.id, b.content_hash, b.title, b.date, b.source) if b else None
    ref = ref or BriefingRef(section.briefing_id)
    lines = [
        "> " + line if line else ">" for line in escape_block(block_text(section.blocks[block]))
    ]
    cite = " · ".join(escape_line(p) for p in citation_parts(ref, section_ref(section), block))
    lines += [">", f"> — {cite}"]
    for entry in (e for e in entries if e.note.block == block):
        lines += ["", *escape_block(entry.note.text.strip())]
        if entry.note.tags:
            lines.append(" ".join("#" + tag_word(t) for t in entry.note.tags))
    return "\n".join(lines) + "\n"
