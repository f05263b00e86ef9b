"""The status line under the reading pane: where the reader is and how far they have read."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.app import RenderResult
from textual.content import Content, Span
from textual.message import Message
from textual.style import Style
from textual.widgets import Static

from store.models import Block
from store.numbering import place, type_letters
from store.sanitize import clean_line


class ReadingState(
    namedtuple(
        "ReadingState",
        "briefing section sections block blocks kinds sizes",
        defaults=("", 0, 0, 0, 0, (), ()),
    )
):
    """Where the reader is: briefing, section i of n, block i of n.

    `kinds` and `sizes` (type and text length of every block) let the status line count
    paragraphs only, as `briefing list` does, and measure reading by text, not by blocks.
    Made by `collections.namedtuple`: typing.NamedTuple compiles each field's annotation.
    """

    __slots__ = ()
    briefing: str
    section: int
    sections: int
    block: int
    blocks: int
    kinds: tuple[str, ...]
    sizes: tuple[int, ...]

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


_BOLD = Style(bold=True)
_ITALIC = Style(italic=True)


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
        # Made as Content, which Textual draws: rich Text would be converted on every draw.
        state = self.state
        parts: list[tuple[str, Style | None]] = []
        if state.sections:
            parts.append((f"  section {state.section}/{state.sections}", None))
        if state.blocks:
            if state.paragraphs:
                parts.append((f"  ¶ {state.paragraph}/{state.paragraphs}", None))
            if state.kind != "paragraph":
                # The name the command line takes too (`--block "caption 1"`).
                parts.append((f" · {state.place}", _ITALIC))
            parts.append((f"  {state.percent}%", None))
        if self.suffix:
            parts.append((f"  {self.suffix}", _BOLD))
        if self.news:
            parts.append((f"  {self.news}", _ITALIC))
        where = "".join(text for text, _ in parts)
        # The briefing's title gives way first: where the reader is matters more.
        title = clean_line(state.briefing)
        width = self.size.width - self.styles.gutter.width
        room = width - cell_len(where)
        if width > 0 and cell_len(title) > room:
            title = Content(title).truncate(max(room, 2), ellipsis=True).plain
        # The whole line is bold beneath the styles of its parts.
        spans, at = [], len(title)
        for text, style in parts:
            if style is not None:
                spans.append(Span(at, at + len(text), style))
            at += len(text)
        line = title + where
        note = cell_len(f"  {self.news}") if self.news else 0
        self._news_from = cell_len(line) - note + 2 if note else None
        return Content(line, [Span(0, len(line), _BOLD), *spans])
