"""Small modal dialogs: a yes/no question and a one-line text prompt."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from store.errors import BriefingError
from tui.widgets.ordered_input import OrderedInput
from tui.widgets.typeset_text import TypesetText


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; y or enter answers yes, n or escape no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False):
            yield TypesetText(self.question, id="question")
            hint = f"y: {self.yes.lower()} · n or escape: {self.no.lower()}"
            yield Label(Content(hint), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(Content(self.no), id="no")
                yield Button(Content(self.yes), id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; enter gives it (maybe empty), escape gives None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip", id="prompt.skip"),
    ]

    def __init__(
        self,
        title: str,
        value: str = "",
        placeholder: str = "",
        on_submit: Callable[[str], object] | None = None,
        escape: str = "skips",
    ) -> None:
        super().__init__()
        self.title_text = title
        # What escape does, as the hint says it: skip an optional answer, or cancel an edit.
        self.escape = escape
        self.value = value
        self.placeholder = placeholder
        # With on_submit the prompt applies the answer itself and stays open when that fails.
        self.on_submit = on_submit

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False):
            yield Static(Content(self.title_text))
            yield OrderedInput(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label(Content(f"enter confirms · escape {self.escape}"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    async def on_key(self, event: events.Key) -> None:
        # Keys typed straight after the key that opened the prompt can reach the screen
        # before its box has focus; they belong in the box, in order.
        box = self.query_one(OrderedInput)
        if not box.owns(event):
            return
        self.set_focus(box)
        if not box.type_key(event):
            await box.on_key(event)
        event.stop()
        event.prevent_default()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = event.value.strip()
        if self.on_submit is not None:
            try:
                self.on_submit(answer)
            except (BriefingError, OSError) as exc:
                # The error may quote a file name or a label: never parse it as markup.
                message = f"Not saved: {exc}"
                self.notify(message, title="Not saved", severity="error", markup=False)
                return
        self.dismiss(answer)

    def action_skip(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
