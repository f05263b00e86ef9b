"""An empty panel standing in for a widget until the reader's first frame is drawn."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.app import RenderResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

_FIRST_OFFSET = Style.from_meta({"offset": (0, 0)})


class StandIn(Widget):
    """Draws nothing but its styles (a plain `Widget` would write its own name in itself)."""

    def render(self) -> RenderResult:
        return ""

    def render_line(self, y: int) -> Strip:
        # The lines Textual makes of empty content (its first, an empty segment carrying the
        # mouse offset; the rest blank), without rendering that content first.
        style = self.visual_style.rich_style
        if y == 0:
            return Strip([Segment("", style + _FIRST_OFFSET)], 0)
        return Strip.blank(self.size.width, style)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Without a top or bottom edge (border, padding, outline, title), every line of an
        # empty panel below its first is the same: the first two are drawn, the second stands
        # for the rest (they would differ only in the mouse offsets their empty content
        # carries, which nothing asks of a stand-in).
        styles = self.styles
        spacing = styles.padding.top or styles.padding.bottom
        edges = styles.border_top[0] or styles.border_bottom[0]
        outline = styles.outline_top[0] or styles.outline_bottom[0]
        titled = self.border_title or self.border_subtitle
        if crop.height < 3 or spacing or edges or outline or titled:
            return super().render_lines(crop)
        head = 2 if crop.y == 0 else 1
        lines = super().render_lines(Region(crop.x, crop.y, crop.width, head))
        return lines + [lines[-1]] * (crop.height - head)
