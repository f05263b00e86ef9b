"""The reader's keys for bookmarks, notes, export and copying, mixed into ReaderScreen."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.binding import Binding, BindingType

from store.errors import BriefingError
from store.numbering import block_kinds, place
from store.sanitize import clean_line
from tui.host import ReaderHost

if TYPE_CHECKING:
    from textual.screen import Screen

    from store import Library
    from store.models import Section
    from store.notes import NoteEntry
    from tui.screens.bookmarks import Jump
    from tui.widgets.section_view import SectionView

    _ScreenBase = Screen[None]
else:
    _ScreenBase = object

# The dialogs, lists and Markdown helpers are imported by the keys that open them, keeping
# them (and TextArea) off the reader's start-up; the note and bookmark code too, which a
# user file without marks never needs.
MARK_TABLES = ("bookmarks", "notes", "highlights")

# Kept out of the footer (the reader's own keys fill it); help and the palette list them.
MARK_BINDINGS: list[BindingType] = [
    Binding("m", "toggle_bookmark", "Bookmark ¶", show=False, id="reader.bookmark"),
    Binding("M", "bookmark_section", "Bookmark section", show=False, id="reader.bookmark_section"),
    Binding("B", "bookmarks", "Bookmarks", show=False, id="reader.bookmarks"),
    Binding("a", "annotate", "Annotate", show=False, id="reader.annotate"),
    Binding("h", "highlight", "Highlight ¶", show=False, id="reader.highlight"),
    Binding("e", "edit_note", "Edit note", show=False, id="reader.edit_note"),
    Binding("A", "notes", "Notes", show=False, id="reader.notes"),
    Binding("x", "export_notes", "Export", show=False, id="reader.export"),
    Binding("y", "copy_markdown", "Copy ¶", show=False, id="reader.copy"),
]


class ReaderMarks(_ScreenBase):
    """Bookmarks and notes on the reader's current paragraph (needs `section` and `view`)."""

    section: Section | None

    if TYPE_CHECKING:

        @property
        def view(self) -> SectionView: ...

        def open_section(self, section_id: str, block: int | None = None) -> bool: ...

    @property
    def _library(self) -> Library:
        return cast(ReaderHost, self.app).library

    def _here(self) -> tuple[Section, int] | None:
        if self.section is None or not self.section.blocks:
            return None
        return self.section, self.view.cursor

    def _notes_here(self, kind: str | None = "note") -> list[NoteEntry]:
        from store.notes import list_notes

        if self.section is None:
            return []
        found = list_notes(self._library, section_id=self.section.id, kind=kind)
        return [e for e in found if not e.detached]

    def refresh_marks(self) -> None:
        """Show bookmark and note glyphs in the margin and narrowed quotes highlighted."""
        if self.section is None or self._library.user.problem is not None:
            # A damaged user file was reported once when the app started.
            self.view.marks, self.view.highlights = {}, ()
            return
        marks: dict[int, list[str]] = {}
        try:
            if not self._library.user.holds_rows(*MARK_TABLES):
                self.view.marks, self.view.highlights = {}, ()
                return
            from store.bookmarks import bookmarked_blocks
            from store.notes import block_text

            for block in bookmarked_blocks(self._library, self.section.id):
                if block is not None:
                    marks.setdefault(block, []).append("bookmark")
            spans = []
            for entry in self._notes_here(kind=None):
                note = entry.note
                if note.kind == "note":
                    marks.setdefault(note.block, []).append("note")
                if note.quote_start is not None and note.quote_end is not None:
                    spans.append((note.block, note.quote_start, note.quote_end))
                elif note.kind == "highlight" and note.block < len(self.section.blocks):
                    whole = len(block_text(self.section.blocks[note.block]))
                    spans.append((note.block, 0, whole))
        except BriefingError as exc:
            self.app.notify(str(exc), severity="warning", markup=False)
            return
        self.view.marks = marks
        self.view.highlights = tuple(spans)

    def _after(self, _result: object = None) -> None:
        self.refresh_marks()

    def _jump(self, target: Jump | None) -> None:
        if target is not None:
            self.open_section(target.section_id, target.block)
        self.refresh_marks()

    # -- bookmarks --------------------------------------------------------------------------
    def _toggle(self, block: int | None) -> None:
        from store.bookmarks import bookmark_at, toggle_bookmark

        if self.section is None:
            return
        try:
            existing = bookmark_at(self._library, self.section.id, block)
        except (BriefingError, ValueError) as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        if existing is not None and existing.label:
            # A label is the user's own words: removing it takes a yes.
            from tui.screens.confirm import ConfirmScreen

            section_id = self.section.id

            def answered(yes: bool | None) -> None:
                if yes:
                    self._remove(section_id, block, existing.id)

            question = f"Remove the bookmark “{clean_line(existing.label)}” and its label?"
            self.app.push_screen(ConfirmScreen(question, "Remove", "Keep"), answered)
            return
        try:
            added = toggle_bookmark(self._library, self.section.id, block)
        except (BriefingError, ValueError) as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        self.refresh_marks()
        where = self._place_name(block)
        if added is None:
            self.app.notify(f"{where} bookmark removed.", markup=False)  # safe: markup off
            return

        from tui.screens.confirm import PromptScreen

        def label(text: str) -> None:
            from store.bookmarks import rename_bookmark

            if text:
                rename_bookmark(self._library, added.id, text)

        prompt = PromptScreen(f"{where} bookmarked. Label (optional):", on_submit=label)
        self.app.push_screen(prompt)

    def _place_name(self, block: int | None) -> str:
        """`Section`, `¶ 3`, `Caption 1`: what a bookmark is on, as the numbering names it."""
        if block is None or self.section is None:
            return "Section"
        name = place(block_kinds(self.section.blocks), block)
        return name[:1].upper() + name[1:]

    def _remove(self, section_id: str, block: int | None, bookmark_id: str) -> None:
        from store.bookmarks import delete_bookmark

        try:
            delete_bookmark(self._library, bookmark_id)
        except (BriefingError, ValueError) as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        self.refresh_marks()
        where = self._place_name(block)
        self.app.notify(f"{where} bookmark removed.", markup=False)  # safe: markup off

    def action_toggle_bookmark(self) -> None:
        """Bookmark the current paragraph, or remove its bookmark."""
        here = self._here()
        if here is not None:
            self._toggle(here[1])

    def action_bookmark_section(self) -> None:
        """Bookmark the whole section, or remove its bookmark."""
        self._toggle(None)

    def action_bookmarks(self) -> None:
        """Show every bookmark."""
        from tui.screens.bookmarks import BookmarksScreen

        self.app.push_screen(BookmarksScreen(self._library), self._jump)

    # -- notes ------------------------------------------------------------------------------
    def action_annotate(self) -> None:
        """Write a note on the current paragraph."""
        here = self._here()
        if here is None:
            return
        from tui.screens.note_keys import new_note_dialog

        dialog = new_note_dialog(self._library, *here, self.app.notify)
        self.app.push_screen(dialog, self._after)

    def action_highlight(self) -> None:
        """Highlight the current paragraph without a note; again to take the highlight off."""
        from store.notes import add_note, delete_note

        here = self._here()
        if here is None:
            return
        section, block = here
        mine = [e for e in self._notes_here(kind="highlight") if e.note.block == block]
        try:
            if mine:
                for entry in mine:
                    delete_note(self._library, entry.note.id)
                said = "Highlight removed."
            else:
                add_note(self._library, section.id, block, "", kind="highlight")
                said = "Paragraph highlighted (A lists highlights with the notes)."
        except (BriefingError, ValueError) as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        self.refresh_marks()
        self.app.notify(said, timeout=2, markup=False)

    def action_edit_note(self) -> None:
        """Edit (or delete) the note on the current paragraph; again for its next note."""
        here = self._here()
        if here is None:
            return
        section, block = here
        entries = [e for e in self._notes_here() if e.note.block == block]
        if not entries:
            self.app.notify("No note on this paragraph (a adds one).")
            return
        # Several notes on one paragraph: each press of e opens the next one.
        turns: dict[tuple[str, int], int] = self.__dict__.setdefault("_edit_turns", {})
        turn = turns.get((section.id, block), 0) % len(entries)
        turns[(section.id, block)] = turn + 1
        from tui.screens.note_keys import edit_note_dialog

        dialog = edit_note_dialog(self._library, section, block, entries, turn, self.app.notify)
        self.app.push_screen(dialog, self._after)

    def action_notes(self) -> None:
        """Show every note."""
        from tui.screens.notes import NotesScreen

        self.app.push_screen(NotesScreen(self._library), self._jump)

    def action_export_notes(self) -> None:
        """Export notes and bookmarks to a file."""
        from tui.screens.export_dialog import ExportDialog

        briefing = self.section.briefing_id if self.section is not None else None
        self.app.push_screen(ExportDialog(self._library, briefing_id=briefing), self._after)

    # -- copying ----------------------------------------------------------------------------
    def paragraph_markdown(self) -> str | None:
        """The current paragraph as a Markdown quote with its citation (and its notes)."""
        here = self._here()
        if here is None:
            return None
        from tui.screens.note_keys import paragraph_markdown

        return paragraph_markdown(self._library, *here, self._notes_here())

    def action_copy_markdown(self) -> None:
        """Copy the current paragraph (and its notes) as Markdown."""
        text = self.paragraph_markdown()
        if text is not None:
            self.app.copy_to_clipboard(text)
            self.app.notify("Copied the paragraph as Markdown.")
