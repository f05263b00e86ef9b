"""Pilot tests of highlights: h on a paragraph, alt+h on a selection, the notes list filter."""

from __future__ import annotations

from pilot_helpers import press_to, until
from textual import events
from textual.geometry import Offset
from textual.selection import Selection

from store.notes import block_text, list_notes
from tui.screens.note_dialog import NoteDialog
from tui.screens.notes import NotesScreen
from tui.widgets.typeset_text import TypesetText

S1 = "c3398b5e8e-1"


async def test_h_highlights_the_paragraph_and_again_takes_it_off(app, library):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        await pilot.press("j", "h")
        await until(pilot, lambda: len(list_notes(library, kind="highlight")) == 1)
        await until(pilot, lambda: bool(reader.view.highlights), what="the highlight shown")
        (entry,) = list_notes(library, kind="highlight")
        assert entry.note.block == 1 and entry.note.text == ""
        whole = len(block_text(library.section(S1).blocks[1]))
        assert (1, 0, whole) in reader.view.highlights
        assert not list_notes(library, kind="note")
        assert 1 not in reader.view.marks  # no note glyph for a highlight
        await pilot.press("h")
        await until(pilot, lambda: list_notes(library) == [] and reader.view.highlights == ())


async def test_alt_h_in_the_note_dialog_highlights_the_selected_words(app, library):
    text = block_text(library.section(S1).blocks[0])
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        dialog = await press_to(pilot, "a", NoteDialog)
        quote = dialog.query_one("#quote", TypesetText)
        start = text.index("寒风")
        dialog.selections = {quote: Selection(Offset(start, 0), Offset(start + 4, 0))}
        dialog.post_message(events.TextSelected())
        await pilot.pause()
        await pilot.press("alt+h")
        await until(pilot, lambda: app.screen is reader and len(list_notes(library)) == 1)
        await until(pilot, lambda: bool(reader.view.highlights), what="the highlight shown")
        (entry,) = list_notes(library)
        assert entry.note.kind == "highlight" and entry.note.quote == "寒风冬雨"
        assert (0, start, start + 4) in reader.view.highlights


async def test_notes_list_shows_highlights_and_filters_them(app, library, shown):
    from store.notes import add_note

    add_note(library, S1, 0, "", span=(0, 4), kind="highlight")
    add_note(library, S1, 2, "一条笔记")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await press_to(pilot, "A", NotesScreen)
        await until(pilot, lambda: len(screen.entries) == 2, what="both listed")
        await until(pilot, lambda: "highlight" in shown(app), what="the highlight on screen")
        screen.query_one("#filter").value = "is:highlight"
        await until(pilot, lambda: [e.note.kind for e in screen.entries.values()] == ["highlight"])
        screen.query_one("#filter").value = "is:note"
        await until(pilot, lambda: [e.note.text for e in screen.entries.values()] == ["一条笔记"])
