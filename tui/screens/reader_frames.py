"""The reader's frames: a layout that changes the reading pane's scrollbars is done again before
it is drawn, so no frame shows the text without the scrollbars it needs, and a Resize to the
size the screen is laid out at already lays nothing out again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.widgets.section_view import SectionView

    _ScreenBase = Screen[None]
else:
    _ScreenBase = object


class WholeFrames(_ScreenBase):
    """Mixed into the reader screen (before `Screen`).

    The reading pane typesets its section as a layout gives it its size (so the first frame
    shows the text), and its scrollbars follow from the text's height, after the layout has
    placed them: such a layout is done once more, its arrangement cached, before its frame is
    drawn, rather than drawn without the scrollbars and again with them a moment later.

    Textual sends a screen just shown a Resize of the size its first layout was made for, up
    to three times (as it starts, once idle, and from that layout itself): each would arrange
    and draw every widget again, for nothing.
    """

    # The reading pane, once composed.
    pane: SectionView | None = None
    _holding_frame = False
    _held_frame = False

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        pane = self.pane
        if pane is None or not pane.is_attached:
            super()._refresh_layout(size, scroll)
            return
        bars = pane.scrollbars_enabled
        self._holding_frame, self._held_frame = True, False
        try:
            super()._refresh_layout(size, scroll)
        finally:
            self._holding_frame = False
        if pane.scrollbars_enabled != bars:
            # Placed without the scrollbars the text turned out to need: lay out again.
            super()._refresh_layout(size, scroll)
        elif self._held_frame:
            self._compositor_refresh()

    def _screen_resized(self, size: Size) -> None:
        compositor = self._compositor
        if compositor.root is self and compositor.size == size:
            # Laid out at this size already. A layout a changed widget asked for meanwhile
            # is the screen's next update's (Textual's Resize would do it without marking it
            # done, so it would be done twice).
            return
        super()._screen_resized(size)

    def _compositor_refresh(self) -> None:
        if self._holding_frame:
            self._held_frame = True
            return
        super()._compositor_refresh()
