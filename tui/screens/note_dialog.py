"""The note dialog: the quoted paragraph, the note, its tags and an optional narrower quote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static, TextArea

from store.notes import find_span
from store.sanitize import clean_line, clean_text
from tui.screens.confirm import ConfirmScreen


@dataclass(frozen=True, slots=True)
class NoteDraft:
    """What the dialog returns: the note's text, tags and quote span (None: whole block)."""

    text: str
    tags: tuple[str, ...] = ()
    span: tuple[int, int] | None = None


def split_tags(value: str) -> tuple[str, ...]:
    """Tags typed as `a, b #c`: commas, spaces and # all separate."""
    words = value.replace(",", " ").replace("，", " ").replace("#", " ").split()
    return tuple(dict.fromkeys(words))


class TagSuggester(Suggester):
    """Completes the tag being typed from the tags already in use."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = list(tags)

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value[-1] in " ,#":
            return None
        cut = max(value.rfind(c) for c in " ,#") + 1
        stem = value[cut:]
        for tag in self.tags:
            if tag.startswith(stem) and tag != stem:
                return value[:cut] + tag
        return None


class NoteDialog(ModalScreen[NoteDraft | None]):
    """Write or edit a note on a paragraph; ctrl+s saves, escape closes (asking if unsaved)."""

    DEFAULT_CSS = """
    NoteDialog { align: center middle; }
    NoteDialog > Vertical {
        width: 84; max-width: 95%; height: auto; max-height: 95%;
        padding: 0 1; border: thick $primary; background: $surface;
    }
    NoteDialog #quote-box { height: auto; max-height: 8; border-left: thick $accent; padding: 0 1; }
    NoteDialog #note-text { height: 6; }
    NoteDialog .row { height: auto; }
    NoteDialog .row Input { width: 1fr; }
    NoteDialog .hint { color: $text-muted; }
    NoteDialog #span-error { color: $error; }
    NoteDialog .buttons { height: auto; align-horizontal: right; }
    NoteDialog Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="note.save"),
        Binding("escape", "close", "Close", id="note.close"),
    ]

    def __init__(
        self,
        block_text: str,
        *,
        heading: str = "",
        draft: NoteDraft | None = None,
        known_tags: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.block_text = block_text
        self.heading = heading
        self.initial = draft or NoteDraft("")
        self.known_tags = known_tags
        self.span: tuple[int, int] | None = self.initial.span
        self.span_error = ""

    def compose(self) -> ComposeResult:
        start = end = ""
        if self.initial.span is not None:
            a, b = self.initial.span
            passage = self.block_text[a:b]
            start, end = passage[:6], passage[-6:] if len(passage) > 6 else ""
        with Vertical():
            title = "Edit note" if self.initial.text else "New note"
            if self.heading:
                title += f" · {clean_line(self.heading)}"
            yield Label(Content(title), id="note-title")
            with VerticalScroll(id="quote-box"):
                yield Static(self._quote(), id="quote")
            yield TextArea(self.initial.text, id="note-text", soft_wrap=True)
            yield Input(
                " ".join(self.initial.tags),
                placeholder="tags, e.g. 衡阳 产业转移",
                suggester=TagSuggester(self.known_tags),
                id="note-tags",
            )
            with Horizontal(classes="row"):
                yield Input(start, placeholder="quote from (start of passage)", id="quote-start")
                yield Input(end, placeholder="to (end of passage)", id="quote-end")
            yield Label(Content(""), id="span-error")
            yield Label(Content("ctrl+s saves · escape closes"), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(Content("Cancel"), id="cancel")
                yield Button(Content("Save"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#note-text", TextArea).focus()

    def _quote(self) -> Text:
        text = Text(clean_text(self.block_text))
        if self.span is not None:
            # Offsets index the stored text; cleaning never changes it for imported text.
            text.stylize("reverse", *self.span)
        return text

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id not in ("quote-start", "quote-end"):
            return
        start = self.query_one("#quote-start", Input).value
        end = self.query_one("#quote-end", Input).value
        error = ""
        if not start and not end:
            self.span = None
        else:
            try:
                self.span = find_span(self.block_text, start or end, end if start else None)
            except ValueError as exc:
                self.span, error = None, str(exc)
        self.span_error = error
        self.query_one("#span-error", Label).update(Content(error))
        self.query_one("#quote", Static).update(self._quote())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
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
        """Return the note, unless the quote fields name a passage that is not there."""
        if self.span_error:
            self.notify("The quote is not in this paragraph.", severity="warning")
            return
        draft = self.draft()
        if not draft.text.strip() and not draft.tags:
            self.notify("The note is empty.", severity="warning")
            return
        self.dismiss(draft)

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
