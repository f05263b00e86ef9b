"""The export dialog: format, scope, destination and a preview; writes in a thread."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from store.errors import BriefingError
from store.export import (
    EXTENSIONS,
    FORMATS,
    ExportScope,
    collect,
    default_filename,
    export_path,
    render,
    written_counts,
)
from store.export import write_export as write_file
from store.notes import all_tags
from store.sanitize import clean_line
from tui.screens.confirm import ConfirmScreen
from tui.screens.note_fields import TagSuggester
from tui.widgets.ordered_input import OrderedInput
from tui.wording import export_summary, plural

if TYPE_CHECKING:
    from store import Library

# The preview scrolls; past this many lines the file itself is the better place to read it.
PREVIEW_LINES = 400
FORMAT_NAMES = {
    "md": "Markdown",
    "json": "JSON (restorable)",
    "csv": "CSV (Readwise)",
    "html": "HTML",
}


def default_destination(fmt: str = "md", now: datetime | None = None) -> str:
    """~/briefing-notes-YYYYMMDD.<ext>."""
    return str(Path("~") / default_filename(fmt, now))


class ExportDialog(ModalScreen[Path | None]):
    """Choose what to export and where; ctrl+s or enter in the path writes the file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", priority=True, id="export.write"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(
        self,
        library: Library,
        *,
        briefing_id: str | None = None,
        note_ids: tuple[str, ...] | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.briefing_id = briefing_id
        self.note_ids = note_ids
        self.now = now
        self.fmt = "md"
        self.text = ""

    def _scopes(self) -> list[tuple[Text, str]]:
        # Text, not str: a Select reads str prompts as markup, and a title is the user's data.
        scopes = [(Text("All notes and bookmarks"), "all")]
        if self.note_ids is not None:
            shown = plural(len(self.note_ids), "note")
            scopes.insert(0, (Text(f"The {shown} shown"), "shown"))
        if self.briefing_id is not None:
            title = next(
                (b.title for b in self.library.briefings() if b.id == self.briefing_id),
                self.briefing_id,
            )
            scopes.append((Text(f"This briefing: {clean_line(title)}"), "briefing"))
        scopes.append((Text("One tag…"), "tag"))
        return scopes

    def compose(self) -> ComposeResult:
        scopes = self._scopes()
        with VerticalScroll(id="export-body", can_focus=False):
            yield Label(Content("Export notes"), id="export-title")
            with Horizontal(classes="row"):
                yield Select(
                    [(FORMAT_NAMES[f], f) for f in FORMATS],
                    value="md",
                    allow_blank=False,
                    id="format",
                )
                yield Select(scopes, value=scopes[0][1], allow_blank=False, id="scope")
            # Only there while the scope is one tag.
            tag = OrderedInput(
                placeholder="tag, e.g. 衡阳",
                id="tag",
                disabled=True,
                suggester=TagSuggester(all_tags(self.library)),
            )
            tag.display = False
            yield tag
            yield OrderedInput(default_destination("md", self.now), id="path")
            with VerticalScroll(id="preview-box"):
                yield Static(id="preview")
            with Vertical(id="export-foot"):
                yield Label(Content(""), id="summary", classes="hint")
                with Horizontal(classes="buttons"):
                    yield Button(Content("Cancel"), id="cancel")
                    yield Button(Content("Export"), id="export", variant="primary")

    def on_mount(self) -> None:
        self.refresh_preview()
        self.query_one("#path", Input).focus()

    def scope(self) -> ExportScope:
        """The scope chosen."""
        choice = self.query_one("#scope", Select).value
        if choice == "shown":
            return ExportScope(note_ids=self.note_ids or ())
        if choice == "briefing":
            return ExportScope(briefing_id=self.briefing_id)
        if choice == "tag":
            return ExportScope(tag=self.query_one("#tag", Input).value.strip().lstrip("#") or "")
        return ExportScope()

    def refresh_preview(self) -> None:
        """Render the export now and show its first lines."""
        doc = collect(self.library, self.scope(), now=self.now)
        self.text = render(self.fmt, doc)
        head = "\n".join(self.text.removeprefix("\ufeff").split("\n")[:PREVIEW_LINES])
        self.query_one("#preview", Static).update(Text(head))
        notes, bookmarks = written_counts(self.fmt, doc)
        left_out = len(doc.bookmarks) - bookmarks
        summary = export_summary(self.fmt, notes, bookmarks, left_out, len(doc.read_state))
        self.query_one("#summary", Label).update(Content(summary))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id == "format" and isinstance(event.value, str):
            old, self.fmt = self.fmt, event.value
            path = self.query_one("#path", Input)
            if path.value.endswith(EXTENSIONS[old]):
                path.value = path.value[: -len(EXTENSIONS[old])] + EXTENSIONS[self.fmt]
        if event.select.id == "scope":
            tag = self.query_one("#tag", Input)
            tag.disabled = event.value != "tag"
            tag.display = not tag.disabled
            if tag.display:
                tag.focus()
        self.refresh_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "tag":
            self.refresh_preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self.action_export()
        else:
            self.action_cancel()

    def destination(self) -> Path:
        """The file to write, with ~ expanded (a folder gets the default name in it)."""
        return export_path(self.query_one("#path", Input).value.strip(), self.fmt, self.now)

    def action_export(self) -> None:
        """Write the file, asking first when it exists."""
        if not self.query_one("#path", Input).value.strip():
            self.notify("Choose a file to write.", severity="warning")
            return
        path = self.destination()
        if path.exists():

            def answered(yes: bool | None) -> None:
                if yes:
                    self._write(path, force=True)

            self.app.push_screen(
                ConfirmScreen(
                    f"{clean_line(str(path))} exists. Overwrite it?", "Overwrite", "Keep"
                ),
                answered,
            )
            return
        self._write(path, force=False)

    def _write(self, path: Path, *, force: bool) -> None:
        text = self.text

        def work() -> None:
            try:
                written = write_file(path, text, force=force)
            except (BriefingError, OSError) as exc:
                self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
                return
            self.app.call_from_thread(self._done, written)

        self.run_worker(work, thread=True, group="export", exit_on_error=False)

    def _done(self, path: Path) -> None:
        self.notify(f"Exported to {clean_line(str(path))}", markup=False)  # safe: markup off
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without writing."""
        self.dismiss(None)
