"""The note dialog: the quoted paragraph, the note, its tags and an optional narrower quote."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from store.errors import BriefingError
from store.notes import find_span
from store.sanitize import clean_line, clean_text
from tui.screens.confirm import ConfirmScreen
from tui.screens.note_fields import TagSuggester, span_fields, split_tags
from tui.widgets.ordered_input import OrderedInput
from tui.widgets.typeset_text import TypesetText


@dataclass(frozen=True, slots=True)
class NoteDraft:
    """What the dialog returns: the note's text, tags and quote span (None: whole block)."""

    text: str
    tags: tuple[str, ...] = ()
    span: tuple[int, int] | None = None


SaveDraft = Callable[[NoteDraft], object]


class NoteDialog(ModalScreen[NoteDraft | None]):
    """Write or edit a note on a paragraph; ctrl+s saves, escape closes (asking if unsaved).

    With `on_save` the dialog saves the note itself and stays open when that fails, so the
    text can be retried or copied; with `on_delete` it offers to delete the note.
    """

    # Focus goes to the note box in on_mount, without scrolling the title out of view.
    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="note.save"),
        Binding("escape", "close", "Close", id="note.close"),
        Binding("alt+h", "highlight", "Highlight", id="note.highlight"),
    ]

    def __init__(
        self,
        block_text: str,
        *,
        heading: str = "",
        draft: NoteDraft | None = None,
        known_tags: Sequence[str] = (),
        on_save: SaveDraft | None = None,
        on_delete: Callable[[], object] | None = None,
        quote_editable: bool = True,
        on_highlight: Callable[[tuple[int, int] | None], object] | None = None,
    ) -> None:
        super().__init__()
        self.block_text = block_text
        self.heading = heading
        self.initial = draft or NoteDraft("")
        self.known_tags = known_tags
        self.on_save = on_save
        self.on_delete = on_delete
        self.on_highlight = on_highlight
        self.quote_editable = quote_editable
        self.span: tuple[int, int] | None = self.initial.span
        # The quote fields' values that stand for an exact span: typed words are looked up,
        # but these keep their span (the same words may also occur earlier in the block).
        self._anchor = (span_fields(block_text, self.span), self.span)
        self.span_error = ""

    def compose(self) -> ComposeResult:
        start, end = self._anchor[0]
        editing = bool(self.initial.text or self.initial.tags)
        with VerticalScroll(id="note-body", can_focus=False):
            title = "Edit note" if editing else "New note"
            if self.heading:
                title += f" · {clean_line(self.heading)}"
            yield Label(Content(title), id="note-title")
            with VerticalScroll(id="quote-box"):
                yield TypesetText(self._quote(), id="quote")
            yield TextArea(self.initial.text, id="note-text", soft_wrap=True)
            yield OrderedInput(
                " ".join(self.initial.tags),
                placeholder="tags, e.g. 衡阳 产业转移",
                suggester=TagSuggester(self.known_tags),
                id="note-tags",
            )
            if self.quote_editable:
                with Horizontal(classes="row"):
                    yield OrderedInput(
                        start, placeholder="quote from (start of passage)", id="quote-start"
                    )
                    yield OrderedInput(end, placeholder="to (end of passage)", id="quote-end")
            with Vertical(id="note-foot"):
                yield Label(Content(""), id="span-error")
                hint = "ctrl+s saves · escape closes"
                if self.quote_editable:
                    hint += " · select words above to quote them"
                if self.on_highlight is not None:
                    hint += " · alt+h highlights them"
                yield Static(Content(hint), classes="hint")
                with Horizontal(classes="buttons"):
                    if self.on_delete is not None:
                        yield Button(Content("Delete"), id="delete", variant="error")
                    if self.on_highlight is not None:
                        yield Button(Content("Highlight"), id="highlight")
                    yield Button(Content("Cancel"), id="cancel")
                    yield Button(Content("Save"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#span-error", Label).display = False
        # The dialog opens at its top (title and quote in view); typing scrolls to the box.
        self.query_one("#note-text", TextArea).focus(scroll_visible=False)

    def _quote(self) -> Text:
        text = Text(clean_text(self.block_text))
        if self.span is not None:
            # Offsets index the stored text; cleaning never changes it for imported text.
            text.stylize("reverse", *self.span)
        return text

    def _show_span(self, error: str = "") -> None:
        self.span_error = error
        label = self.query_one("#span-error", Label)
        label.update(Content(error))
        label.display = bool(error)
        self.query_one("#quote", TypesetText).set_text(self._quote())

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id not in ("quote-start", "quote-end"):
            return
        start = self.query_one("#quote-start", Input).value
        end = self.query_one("#quote-end", Input).value
        error = ""
        if (start, end) == self._anchor[0]:
            self.span = self._anchor[1]
        elif not start and not end:
            self.span = None
        else:
            try:
                self.span = find_span(self.block_text, start or end, end if start else None)
            except ValueError as exc:
                self.span, error = None, str(exc)
        self._show_span(error)

    def on_text_selected(self, _event: events.TextSelected) -> None:
        """Words selected in the quoted paragraph become the note's quote."""
        if not self.quote_editable:
            return
        quote = self.query_one("#quote", TypesetText)
        selection = quote.text_selection
        if selection is None:
            return
        shown = clean_text(self.block_text)
        # A selection is (column, line) pairs over the lines as typeset on screen.
        a = 0 if selection.start is None else quote.offset_at(*selection.start)
        b = len(shown) if selection.end is None else quote.offset_at(*selection.end)
        a, b = sorted((max(0, min(a, len(shown))), max(0, min(b, len(shown)))))
        if b - a < 1 or b - a >= len(shown):
            return
        if self.block_text[a:b] != shown[a:b]:
            try:
                a, b = find_span(self.block_text, shown[a:b])
            except ValueError:
                return
        self.span = (a, b)
        fields = span_fields(self.block_text, self.span)
        self._anchor = (fields, self.span)
        self.query_one("#quote-start", Input).value = fields[0]
        self.query_one("#quote-end", Input).value = fields[1]
        self._show_span()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "delete":
            self.action_delete()
        elif event.button.id == "highlight":
            self.action_highlight()
        else:
            self.action_close()

    def draft(self) -> NoteDraft:
        """What the dialog holds now."""
        text = self.query_one("#note-text", TextArea).text
        tags = split_tags(self.query_one("#note-tags", Input).value)
        return NoteDraft(text, tags, self.span)

    @property
    def dirty(self) -> bool:
        """Whether anything changed since the dialog opened."""
        return self.draft() != self.initial

    def action_save(self) -> None:
        """Save the note; on failure say why and keep everything in the dialog."""
        if self.span_error:
            self.notify("The quote is not in this paragraph.", severity="warning")
            return
        draft = self.draft()
        if not draft.text.strip() and not draft.tags:
            self.notify("The note is empty.", severity="warning")
            return
        if self.on_save is not None:
            try:
                self.on_save(draft)
            except (BriefingError, ValueError, OSError) as exc:
                self.notify(
                    f"The note was not saved: {exc}. It is still here to retry or copy.",
                    title="Not saved",
                    severity="error",
                    markup=False,
                    timeout=12,
                )
                return
        self.dismiss(draft)

    def action_highlight(self) -> None:
        """Highlight the selected words (or the paragraph) without writing a note."""
        if self.on_highlight is None:
            return
        if self.span_error:
            self.notify("The quote is not in this paragraph.", severity="warning")
            return
        try:
            self.on_highlight(self.span)
        except (BriefingError, ValueError, OSError) as exc:
            message = f"Not highlighted: {exc}"  # a path or quote in it stays literal
            self.notify(message, severity="error", markup=False)
            return
        self.dismiss(None)

    def action_delete(self) -> None:
        """Delete the note after confirming."""
        if self.on_delete is None:
            return
        on_delete = self.on_delete

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                on_delete()
            except (BriefingError, OSError) as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Delete this note?", "Delete", "Keep"), answered)

    def action_close(self) -> None:
        """Close; unsaved text is only dropped after confirming."""
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard the unsaved note?", "Discard", "Keep"), answered
        )
