"""The status line under the reading pane: where the reader is and how far they have read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.message import Message
from textual.widgets import Static

from store.models import Block
from store.numbering import place, type_letters
from store.sanitize import clean_line


class ReadingState(NamedTuple):
    """Where the reader is: briefing, section i of n, block i of n.

    `kinds` and `sizes` (type and text length of every block) let the status line count
    paragraphs only, as `briefing list` does, and measure reading by text, not by blocks.
    """

    briefing: str = ""
    section: int = 0
    sections: int = 0
    block: int = 0
    blocks: int = 0
    kinds: tuple[str, ...] = ()
    sizes: tuple[int, ...] = ()

    @classmethod
    def of(
        cls, briefing: str, section: int, sections: int, blocks: Sequence[Block], cursor: int
    ) -> ReadingState:
        """The state for a cursor on one of a section's blocks."""
        kinds = tuple(b.type for b in blocks)
        sizes = tuple(max(1, len(b.text) + sum(len(c) for c in b.columns)) for b in blocks)
        return cls(briefing, section, sections, cursor, len(blocks), kinds, sizes)

    @property
    def paragraph(self) -> int:
        """Paragraphs up to and including the current block (1 = on the first paragraph)."""
        if not self.kinds:
            return self.block + 1
        return sum(1 for k in self.kinds[: self.block + 1] if k == "paragraph")

    @property
    def paragraphs(self) -> int:
        """Paragraphs in the section (captions, cross-heads and tables not counted)."""
        if not self.kinds:
            return self.blocks
        return sum(1 for k in self.kinds if k == "paragraph")

    @property
    def place(self) -> str:
        """What a user calls the current block: `¶ 3`, `caption 1`, `table 1`."""
        return place(type_letters(self.kinds), self.block) if self.kinds else f"¶ {self.block + 1}"

    @property
    def kind(self) -> str:
        """The current block's type."""
        return self.kinds[self.block] if 0 <= self.block < len(self.kinds) else "paragraph"

    @property
    def percent(self) -> int:
        """How much of the section's text is read, counting the current block as read."""
        if self.blocks <= 0:
            return 0
        if len(self.sizes) != self.blocks:
            return round(100 * (self.block + 1) / self.blocks)
        done = sum(self.sizes[: self.block + 1])
        return round(100 * done / sum(self.sizes))


class StatusBar(Static):
    """One line: briefing title, section i/N, paragraph i/N and percent read, then a note."""

    class NewsClicked(Message):
        """The standing note at the end of the line (new watch matches) was clicked."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.state = ReadingState()
        self.suffix = ""
        self.news = ""
        self._news_from: int | None = None  # the cell where the note starts, when shown

    def show_state(self, state: ReadingState) -> None:
        """Redraw for a new reading state (a suffix such as "hit 2/9" is dropped)."""
        self.state = state
        self.suffix = ""
        self._draw()

    def show_suffix(self, suffix: str) -> None:
        """Add a note after the position, e.g. the current search hit."""
        self.suffix = suffix
        self._draw()

    def show_news(self, news: str) -> None:
        """A standing note at the end (e.g. new matches of watches); empty to clear."""
        self.news = news
        self._draw()

    def on_click(self, event: events.Click) -> None:
        at = event.get_content_offset(self)
        if self._news_from is not None and at is not None and at.x >= self._news_from:
            event.stop()
            self.post_message(self.NewsClicked())

    def _draw(self) -> None:
        # The line is made as it is drawn, for the width it is drawn in: the status of the
        # first section shows in the first frame, before the bar gets its Resize.
        self.refresh()

    def render(self) -> RenderResult:
        state = self.state
        where = Text(no_wrap=True)
        if state.sections:
            where.append(f"  section {state.section}/{state.sections}")
        if state.blocks:
            if state.paragraphs:
                where.append(f"  ¶ {state.paragraph}/{state.paragraphs}")
            if state.kind != "paragraph":
                # The name the command line takes too (`--block "caption 1"`).
                where.append(f" · {state.place}", style="italic")
            where.append(f"  {state.percent}%")
        if self.suffix:
            where.append(f"  {self.suffix}", style="bold")
        if self.news:
            where.append(f"  {self.news}", style="italic")
        # The briefing's title gives way first: where the reader is matters more.
        title = Text(clean_line(state.briefing), style="bold", no_wrap=True)
        width = self.size.width - self.styles.gutter.width
        room = width - where.cell_len
        if width > 0 and title.cell_len > room:
            title.truncate(max(room, 2), overflow="ellipsis")
        text = title + where
        text.no_wrap, text.overflow = True, "ellipsis"
        note = Text(f"  {self.news}").cell_len if self.news else 0
        self._news_from = text.cell_len - note + 2 if note else None
        return text
