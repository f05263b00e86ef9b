"""The notes screen: notes grouped by briefing and section, filtered by text or #tag."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from store.errors import BriefingError
from store.notes import (
    NoteEntry,
    all_tags,
    delete_note,
    edit_note,
    first_chars,
    list_notes,
    quoted,
)
from store.sanitize import clean_line, clean_text
from store.typeset import fit_line
from tui.screens.bookmarks import FilteredList, Jump
from tui.screens.confirm import ConfirmScreen
from tui.screens.note_dialog import NoteDialog, NoteDraft
from tui.screens.note_fields import TagSuggester
from tui.widgets.footer import HelpFirstFooter

if TYPE_CHECKING:
    from store import Library


class HashTagSuggester(TagSuggester):
    """Completes a `#tag` word of the filter from the tags in use."""

    async def get_suggestion(self, value: str) -> str | None:
        """The value with its last word completed, when that word starts with #."""
        last = value.rsplit(" ", 1)[-1]
        if not last.startswith("#"):
            return None
        return await super().get_suggestion(value)


def note_prompt(entry: NoteEntry) -> Text:
    """The quote, the note's first lines and its tags."""
    note = entry.note
    text = Text()
    text.append(f"{entry.place}  ", style="dim")
    if note.kind == "highlight":
        text.append("highlight  ", style="reverse")
    text.append(quoted(fit_line(clean_line(note.quote), 64)), style="italic")
    body = clean_text(note.text).strip().split("\n")
    for line in body[:3]:
        text.append("\n  " + fit_line(line, 80))
    if len(body) > 3:
        text.append(" …", style="dim")
    if note.tags:
        text.append("\n  " + " ".join("#" + clean_line(t) for t in note.tags), style="bold")
    return text


def group_prompt(entry: NoteEntry) -> Text:
    """The header row of a section: paper, date and headline."""
    b = entry.briefing
    date = f" · {b.date}" if b.date else ""
    head = f"{clean_line(b.title or b.id)}{clean_line(date)} · {clean_line(entry.section.headline)}"
    if entry.detached:
        head += " (detached)"
    return Text(head, style="bold reverse")


class NotesScreen(FilteredList):
    """Notes: enter jumps, e edits, d deletes, y copies, x exports what is shown; `#tag` filters."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *FilteredList.FILTER_BINDINGS,
        Binding("enter", "jump", "Jump", id="notes.jump"),
        Binding("e", "edit", "Edit", id="notes.edit"),
        Binding("d", "delete", "Delete", id="notes.delete"),
        Binding("x", "export", "Export", id="notes.export"),
        Binding("y", "copy", "Copy", id="notes.copy"),
        Binding("escape", "close", "Back", id="notes.close"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.entries: dict[str, NoteEntry] = {}

    def compose(self) -> ComposeResult:
        yield Label(Content(""), id="title")
        tags = HashTagSuggester(all_tags(self.library))
        yield from self.compose_filter("/ filters · #tag for a tag · is:highlight or is:note", tags)
        yield OptionList(id="list")
        yield HelpFirstFooter()

    def on_mount(self) -> None:
        self.refill()
        self.options.focus()

    def shown_ids(self) -> tuple[str, ...]:
        """The ids of the notes on screen, in order."""
        return tuple(self.entries)

    def refill(self) -> None:
        """List the notes the filter finds (words, #tags, is:note or is:highlight), keeping
        the highlight."""
        keep = self.highlighted_id() if self.options.option_count else None
        query = self.filter_text
        tags = [w[1:] for w in query.split() if w.startswith("#") and len(w) > 1]
        kinds = [w[3:] for w in query.split() if w in ("is:highlight", "is:note")]
        rest = [
            w
            for w in query.split()
            if not w.startswith("#") and w not in ("is:highlight", "is:note")
        ]
        words = " ".join(rest) or None
        entries = list_notes(self.library, text=words, kind=kinds[-1] if kinds else None)
        for tag in tags:
            entries = [e for e in entries if tag.casefold() in {t.casefold() for t in e.note.tags}]
        self.entries = {e.note.id: e for e in entries}
        self.query_one("#title", Label).update(Content(f"Notes · {len(entries)}"))
        options = self.options
        options.clear_options()
        if not entries:
            hint = "No notes match." if query else "No notes yet: a annotates a paragraph."
            options.add_option(Option(Text(hint, style="italic"), disabled=True))
            return
        rows: list[Option] = []
        group: tuple[str, bool] | None = None
        for e in entries:
            if (e.section.id, e.detached) != group:
                group = (e.section.id, e.detached)
                rows.append(Option(group_prompt(e), disabled=True))
            rows.append(Option(note_prompt(e), id=e.note.id))
        options.add_options(rows)
        ids = [o.id for o in rows]
        target = keep if keep in self.entries else next(iter(self.entries))
        options.highlighted = ids.index(target)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_jump()

    def _current(self) -> NoteEntry | None:
        return self.entries.get(self.highlighted_id() or "")

    def action_jump(self) -> None:
        """Open the highlighted note's paragraph in the reader."""
        entry = self._current()
        if entry is None:
            return
        if entry.detached:
            self.notify("That note's passage is no longer in the library.", severity="warning")
            return
        self.dismiss(Jump(entry.note.section_id, entry.note.block))

    def action_edit(self) -> None:
        """Edit the highlighted note."""
        entry = self._current()
        if entry is None:
            return
        note = entry.note
        if note.kind == "highlight":
            self.notify("A highlight has no text to edit: d deletes it.", markup=False)
            return
        span = None if note.quote_start is None else (note.quote_start, note.quote_end or 0)
        # A detached note's paragraph is gone: its quote is shown and stays as it is.
        live = not entry.detached

        def save(draft: NoteDraft) -> None:
            changes: dict = {"text": draft.text, "tags": draft.tags}
            if live and draft.span != span:
                changes["span"] = draft.span
            edit_note(self.library, note.id, **changes)

        dialog = NoteDialog(
            _block_text(self.library, entry) if live else note.quote,
            heading=entry.section.headline,
            draft=NoteDraft(note.text, note.tags, span if live else None),
            known_tags=all_tags(self.library),
            on_save=save,
            on_delete=lambda: delete_note(self.library, note.id),
            quote_editable=live,
        )
        self.app.push_screen(dialog, lambda _draft: self.refill())

    def action_delete(self) -> None:
        """Delete the highlighted note after confirming."""
        entry = self._current()
        if entry is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    delete_note(self.library, entry.note.id)
                except BriefingError as exc:
                    self.notify(str(exc), severity="error", markup=False)
                self.refill()

        preview = first_chars(clean_line(entry.note.text), 30)
        self.app.push_screen(
            ConfirmScreen(f"Delete the note “{preview}”?", "Delete", "Keep"), answered
        )

    def action_copy(self) -> None:
        """Copy the highlighted note as Markdown: quote, citation, text and #tags."""
        from store.export.markdown import note_lines

        entry = self._current()
        if entry is None:
            return
        self.app.copy_to_clipboard("\n".join(note_lines(entry)).rstrip("\n") + "\n")
        self.notify("Copied the note as Markdown.")

    def action_export(self) -> None:
        """Export the notes shown."""
        from tui.screens.export_dialog import ExportDialog

        self.app.push_screen(ExportDialog(self.library, note_ids=self.shown_ids()))


def _block_text(library: Library, entry: NoteEntry) -> str:
    from store.notes import block_text

    try:
        return block_text(library.section(entry.note.section_id).blocks[entry.note.block])
    except (BriefingError, IndexError):
        return entry.note.quote
