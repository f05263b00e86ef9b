"""The status line under the reading pane: where the reader is and how far they have read."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from store.sanitize import clean_line


@dataclass(frozen=True, slots=True)
class ReadingState:
    """Where the reader is: briefing, section i of n, block i of n."""

    briefing: str = ""
    section: int = 0
    sections: int = 0
    block: int = 0
    blocks: int = 0

    @property
    def percent(self) -> int:
        """How much of the section is read, counting the current block as read."""
        if self.blocks <= 0:
            return 0
        return round(100 * (self.block + 1) / self.blocks)


class StatusBar(Static):
    """One line: briefing title, section i/N, paragraph i/N and percent read."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.state = ReadingState()

    def show_state(self, state: ReadingState) -> None:
        """Redraw for a new reading state."""
        self.state = state
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(clean_line(state.briefing), style="bold")
        if state.sections:
            text.append(f"  section {state.section}/{state.sections}")
        if state.blocks:
            text.append(f"  ¶ {state.block + 1}/{state.blocks}")
            text.append(f"  {state.percent}%")
        self.update(text)
