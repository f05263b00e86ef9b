"""The help screen: every key of the screen it was opened from, built from the bindings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static


@dataclass(frozen=True, slots=True)
class KeyRow:
    """One action and every key bound to it."""

    keys: tuple[str, ...]
    description: str
    action: str


def key_rows(screen: Screen, key_display) -> list[KeyRow]:
    """The screen's and the app's bindings, one row per action, in binding order."""
    order: list[str] = []
    keys: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for active in screen.active_bindings.values():
        binding: Binding = active.binding
        # Keys of the focused widget (tree, scrolling) belong to that widget, not the reader.
        if isinstance(active.node, Widget) and not isinstance(active.node, Screen):
            continue
        if binding.system or not binding.description:
            continue
        action = binding.action
        if action not in keys:
            order.append(action)
            keys[action] = []
            descriptions[action] = binding.description
        shown = key_display(binding)
        if shown not in keys[action]:
            keys[action].append(shown)
    # The reader's own keys first; Textual's generic ones (focus, copy) after them.
    order.sort(key=lambda action: "." in action)
    return [KeyRow(tuple(keys[a]), descriptions[a], a) for a in order]


def rows_table(rows: Iterable[KeyRow], columns: int = 1) -> Table:
    """A table of keys and what they do (plain Text cells, no markup), in 1 or 2 column pairs."""
    listed = list(rows)
    table = Table.grid(padding=(0, 2))
    for _ in range(columns):
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
    per = -(-len(listed) // columns) if listed else 0
    for i in range(per):
        cells: list[Text] = []
        for c in range(columns):
            at = c * per + i
            if at < len(listed):
                cells += [Text(" / ".join(listed[at].keys)), Text(listed[at].description)]
            else:
                cells += [Text(""), Text("")]
        table.add_row(*cells)
    return table


# Past this many keys the list is laid out in two columns, so it fits a 24-row terminal.
TWO_COLUMNS_FROM = 16


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of escape, q, ? or f1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close"),
    ]

    def __init__(self, rows: list[KeyRow]) -> None:
        super().__init__()
        self.rows = rows

    @classmethod
    def for_screen(cls, screen: Screen) -> HelpScreen:
        """A help screen listing the keys active on `screen`."""
        return cls(key_rows(screen, screen.app.get_key_display))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            columns = 2 if len(self.rows) > TWO_COLUMNS_FROM else 1
            yield Static(rows_table(self.rows, columns), id="help-keys")
            yield Static(Text("escape closes this screen"), id="help-hint")

    def action_close(self) -> None:
        """Close the help screen."""
        self.dismiss(None)
