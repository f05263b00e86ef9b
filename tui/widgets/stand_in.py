"""An empty panel standing in for a widget until the reader's first frame is drawn."""

from __future__ import annotations

from textual.app import RenderResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class StandIn(Widget):
    """Draws nothing but its styles (a plain `Widget` would write its own name in itself)."""

    def render(self) -> RenderResult:
        return ""

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
