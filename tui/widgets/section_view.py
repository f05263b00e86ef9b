"""The reading pane: one section typeset line by line, with a paragraph cursor."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from textual import events
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget

from store.models import Section
from tui.widgets.layout import (
    Layout,
    Line,
    column_width,
    fewest_lines,
    layout_section,
    table_width,
)
from tui.widgets.section_paint import SectionPainter
from tui.widgets.spans import HitMark, index_hits

# Margin left of the text column: a mark glyph, the cursor bar, a space.
GUTTER = 3

Highlight = tuple[int, int, int]


class PaneScrollBar(ScrollBar):
    """The reading pane's scrollbar: each different line is styled once, then repeated."""

    def render_lines(self, crop: Region) -> list[Strip]:
        # A bar's lines are of a few kinds (the track above and below the thumb, the thumb,
        # its ends). Without a top or bottom edge a line's look follows from its content
        # alone, so each kind goes through Textual's styling once rather than every line.
        styles = self.styles
        gutter = styles.gutter
        outline = styles.outline_top[0] or styles.outline_bottom[0]
        if crop.height < 3 or gutter.top or gutter.bottom or outline:
            return super().render_lines(crop)
        kinds: list[tuple[Strip, Strip]] = []
        lines: list[Strip] = []
        for y in crop.line_range:
            content = self.render_line(y)
            drawn = next((line for seen, line in kinds if seen == content), None)
            if drawn is None:
                drawn = super().render_lines(Region(crop.x, y, crop.width, 1))[0]
                kinds.append((content, drawn))
            lines.append(drawn)
        return lines


class SectionView(SectionPainter, ScrollView, can_focus=True, inherit_bindings=False):
    """A section set for Chinese reading; `cursor` is the current block.

    It has no keys of its own (the screen's j/k/up/down move the cursor, not the scroll).

    Other features decorate it reactively: `marks` maps a block to mark kinds (shown in
    the margin), `highlights` lists (block, start, end) spans of block text to light up
    (quoted notes), and `hits` lists search hits, head fields included, with `current_hit`
    drawn stronger. The two kinds of highlight are independent of each other.
    """

    # Its component classes are `section_paint.PARTS`, each styled when first drawn rather
    # than declared here: Textual styles every declared one whenever it styles the pane.
    COMPONENT_CLASSES: ClassVar[set[str]] = set()

    section: var[Section | None] = var(None, init=False)
    cursor: reactive[int] = reactive(0, init=False, always_update=True)
    indent: var[int] = var(2, init=False)
    marks: var[Mapping[int, Iterable[str]]] = var(dict, init=False)
    highlights: var[tuple[Highlight, ...]] = var(tuple, init=False)
    hits: var[tuple[HitMark, ...]] = var(tuple, init=False)
    current_hit: var[HitMark | None] = var(None, init=False)
    # Cells the table under the cursor is scrolled sideways (a wide table is never wrapped).
    table_shift: var[int] = var(0, init=False)

    class CursorMoved(Message):
        """The current block changed (by key, click or a new section)."""

        def __init__(self, section_id: str, block: int) -> None:
            self.section_id = section_id
            self.block = block
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._layout: Layout | None = None
        self._left = 0
        self._spans: dict[int, list[tuple[int, int]]] = {}
        self._hits: dict[tuple[str, int | None], list[tuple[int, int]]] = {}
        self._layout_key: tuple[int, int, int] = (0, 0, 0)
        # Whether a layout has sized the pane since it was given a section to show.
        self._placed = False

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The vertical scrollbar (made on first use, as Textual makes it), a `PaneScrollBar`."""
        if self._vertical_scrollbar is None:
            bar = PaneScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    # -- public API -----------------------------------------------------------------------
    @property
    def layout_lines(self) -> tuple[Line, ...]:
        """The typeset lines currently laid out (for tests and other features)."""
        return self._layout.lines if self._layout else ()

    @property
    def block_count(self) -> int:
        """How many blocks the shown section has."""
        return len(self.section.blocks) if self.section else 0

    def show(self, section: Section, block: int = 0) -> None:
        """Show a section with `block` current and in view."""
        self.set_reactive(SectionView.section, section)
        self._relayout()
        if not self.size.width:
            self._foresee_scrollbar(section)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = self._clamp(block)
        self._scroll_to_cursor(top=block > 0)

    def move(self, delta: int) -> None:
        """Move the cursor by `delta` blocks."""
        self.cursor = self._clamp(self.cursor + delta)

    def page(self, direction: int) -> None:
        """Scroll a page up or down and make the first block in view current."""
        if self._layout is None:
            return
        height = max(1, self.scrollable_content_region.height - 1)
        target = max(0, min(self.max_scroll_y, self.scroll_offset.y + direction * height))
        at_end = direction > 0 and self.scroll_offset.y >= self.max_scroll_y
        at_start = direction < 0 and self.scroll_offset.y <= 0
        self.scroll_to(y=target, animate=False, immediate=True)
        if at_end:
            self.cursor = self.block_count - 1
        elif at_start:
            self.cursor = 0
        else:
            block = self._layout.block_at(int(target))
            if block is not None:
                self.cursor = block

    def shift_table(self, direction: int) -> bool:
        """Scroll the table under the cursor half a view sideways; False if nothing moved."""
        if self._layout is None:
            return False
        room = max(1, self.scrollable_content_region.width - self._left - GUTTER)
        widest = table_width(self._layout, self.cursor)
        shift = self.table_shift + direction * max(4, room // 2)
        shift = max(0, min(shift, widest - room))
        moved = shift != self.table_shift
        self.table_shift = shift
        return moved

    def block_region(self, block: int) -> Region:
        """The virtual region (lines) a block occupies."""
        if self._layout is None or not self._layout.block_first:
            return Region(0, 0, 0, 0)
        first = self._layout.block_first[block]
        last = self._layout.block_last[block]
        return Region(0, first, self.virtual_size.width, last - first + 1)

    # -- reactive plumbing --------------------------------------------------------------------
    def _clamp(self, block: int) -> int:
        return max(0, min(block, self.block_count - 1)) if self.block_count else 0

    def validate_cursor(self, value: int) -> int:
        return self._clamp(value)

    def watch_cursor(self, old: int, new: int) -> None:
        if old != new:
            self.table_shift = 0
        self._scroll_to_cursor()
        self.refresh()
        if self.section is not None:
            self.post_message(self.CursorMoved(self.section.id, new))

    def watch_has_focus(self, has_focus: bool) -> None:
        # Focused as the reader screen is composed, before that screen is first shown: the
        # screen restyles every widget when it is shown, so styling this one (and its twenty
        # component classes) now as well would be done twice before the first frame.
        screen = self.screen
        if isinstance(screen, Screen) and not screen.stack_updates:
            return
        super().watch_has_focus(has_focus)

    def watch_indent(self) -> None:
        self._relayout()

    def watch_marks(self) -> None:
        self.refresh()

    def watch_table_shift(self) -> None:
        self.refresh()

    def watch_highlights(self, spans: tuple[Highlight, ...]) -> None:
        self._spans = {}
        for block, start, end in spans:
            if end > start:
                self._spans.setdefault(block, []).append((start, end))
        self.refresh()

    def watch_hits(self, hits: tuple[HitMark, ...]) -> None:
        self._hits = index_hits(hits)
        self.refresh()

    def watch_current_hit(self) -> None:
        self.refresh()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Called by the screen's layout as it gives the pane its size, before that layout's
        # frame is drawn (a Resize event comes only after it): the text is typeset here, so
        # the first frame already shows it, and before the scrollbars are worked out from the
        # text's height.
        placed = self._placed
        if size.width != self._size.width or self._layout is None:
            self._relayout(size.width - self.styles.gutter.width, layout=False)
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        # Placed for the first time or given another size, the cursor is brought into view;
        # a layout that leaves the pane as it was leaves its scroll too.
        if self._layout is not None and size.height and (resized or not placed):
            self._placed = True
            self._scroll_to_cursor(top=not placed and self.cursor > 0)
        return resized

    def _relayout(self, width: int | None = None, *, layout: bool = True) -> None:
        # The pane's width less its gutter, the scrollbar not counted (`column_width` is given
        # a cell less, which the scrollbar takes), so showing or hiding the scrollbar never
        # sets the text again.
        if width is None:
            width = self.size.width - self.styles.gutter.width
        if width <= 0:
            # Not laid out yet: the layout that sizes the pane typesets, so the text is set once.
            return
        column = column_width(width - GUTTER - 1)
        virtual = Size(0, 0)
        if self.section is None:
            self._layout = None
        else:
            # Re-typeset only when the section, the column or the indent changed.
            key = (id(self.section), column, self.indent)
            if self._layout is None or key != self._layout_key:
                self._layout = layout_section(
                    self.section, column, indent=self.indent, wide_tables=True
                )
                self._layout_key = key
            # The lines leave the last cell to the scrollbar, and the text never scrolls
            # sideways as a whole (a wide table is shifted by `table_shift`): no horizontal
            # scrollbar comes to hide the last line.
            virtual = Size(width - 1, len(self._layout.lines))
        if layout:
            self.virtual_size = virtual
        else:
            # Inside a layout, which works out the scrollbars from it next.
            self.set_reactive(ScrollView.virtual_size, virtual)
        self._left = max(0, (width - GUTTER - column) // 2)
        self.refresh()

    def _foresee_scrollbar(self, section: Section) -> None:
        # Not laid out yet: the text is typeset as the first layout gives the pane its width,
        # and a layout that then finds the scrollbar needed is done again (WholeFrames). A
        # section sure to overflow the whole terminal has its scrollbar shown before the
        # first layout, which places it at once (the typesetting then finds it needed, as
        # Textual would have decided).
        app_size = self.app.size
        if fewest_lines(section, app_size.width) > app_size.height:
            self.set_reactive(Widget.show_vertical_scrollbar, True)

    def _scroll_to_cursor(self, *, top: bool = False) -> None:
        if self._layout is None or not self.block_count:
            return
        region = self.block_region(self.cursor)
        if top:
            self.scroll_to(y=max(0, region.y - 1), animate=False, immediate=True)
        else:
            self.scroll_to_region(
                region, spacing=Spacing(1, 0, 1, 0), animate=False, immediate=True, top=False
            )

    # -- mouse ------------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        if self._layout is None:
            return
        y = self.scroll_offset.y + event.y
        if 0 <= y < len(self._layout.lines):
            block = self._layout.lines[y].block
            if block is not None:
                self.cursor = block
