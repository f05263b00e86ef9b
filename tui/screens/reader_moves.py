"""The reader's keys that move through the text: paragraphs, pages, tables, sections, unread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from store.errors import BriefingError
from tui.widgets.footer_bar import PARAGRAPH_KEYS, SECTION_KEYS

if TYPE_CHECKING:
    from textual.screen import Screen

    from store.models import Section
    from tui.host import ReaderHost
    from tui.widgets.section_view import SectionView

    _ScreenBase = Screen[None]
else:
    _ScreenBase = object

MOVE_BINDINGS: list[BindingType] = [
    Binding("j,down", "next_block", "Next ¶", id="reader.next_block", group=PARAGRAPH_KEYS),
    Binding("k,up", "prev_block", "Prev ¶", id="reader.prev_block", group=PARAGRAPH_KEYS),
    Binding("space,pagedown", "page_down", "Page down", show=False, id="reader.page_down"),
    Binding("pageup", "page_up", "Page up", show=False, id="reader.page_up"),
    Binding(
        "right_square_bracket",
        "next_section",
        "Next section",
        id="reader.next_section",
        group=SECTION_KEYS,
    ),
    Binding(
        "left_square_bracket",
        "prev_section",
        "Prev section",
        id="reader.prev_section",
        group=SECTION_KEYS,
    ),
    Binding("right", "table_right", "Table right", show=False, id="reader.table_right"),
    Binding("left", "table_left", "Table left", show=False, id="reader.table_left"),
    Binding("g", "top", "Top", show=False, id="reader.top"),
    Binding("G", "bottom", "Bottom", show=False, id="reader.bottom"),
]


class ReaderMoves(_ScreenBase):
    """Mixed into the reader screen: what its movement keys do."""

    briefing_app: ReaderHost
    section: Section | None

    if TYPE_CHECKING:

        @property
        def view(self) -> SectionView: ...

        def open_section(self, section_id: str, block: int | None = None) -> bool: ...

        def read_sections(self) -> dict[str, frozenset[int]]: ...

    def action_next_block(self) -> None:
        """Make the next block current."""
        self.view.move(1)

    def action_prev_block(self) -> None:
        """Make the previous block current."""
        self.view.move(-1)

    def action_page_down(self) -> None:
        """Scroll down a page."""
        self.view.page(1)

    def action_page_up(self) -> None:
        """Scroll up a page."""
        self.view.page(-1)

    def action_table_right(self) -> None:
        """Scroll the wide table under the cursor to the right."""
        self.view.shift_table(1)

    def action_table_left(self) -> None:
        """Scroll the wide table under the cursor back to the left."""
        self.view.shift_table(-1)

    def action_top(self) -> None:
        """Go to the first block of the section."""
        self.view.cursor = 0
        self.view.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        """Go to the last block of the section."""
        self.view.cursor = max(0, self.view.block_count - 1)

    def action_next_section(self) -> None:
        """Open the next section in reading order."""
        self._step_section(1)

    def action_prev_section(self) -> None:
        """Open the previous section in reading order."""
        self._step_section(-1)

    def _step_section(self, step: int) -> None:
        if self.section is None:
            return
        target = self.briefing_app.step_section(self.section.id, step)
        if target is not None:
            self.open_section(target)
        else:
            self.notify("No more sections." if step > 0 else "This is the first section.")

    def action_next_unread(self) -> None:
        """Open the next section not read yet, going on into the following briefings in
        the outline's order."""
        here = self.section
        library = self.briefing_app.library
        where = (here.briefing_id, here.order) if here is not None else (None, 0)
        try:
            # The briefings with a section unread are kept in the outline's order: no walk
            # past every read briefing.
            target = library.unread_index.next_unread(*where)
        except BriefingError:  # the user file cannot be read (said where it is written)
            from store.outline_order import next_unread

            target = next_unread(library.walk(), {}, *where)
        if target is not None:
            self.open_section(target)
        else:
            self.notify("Every section is read.")
