"""An empty panel standing in for a widget until the reader's first frame is drawn."""

from __future__ import annotations

from textual.app import RenderResult
from textual.widget import Widget


class StandIn(Widget):
    """Draws nothing but its styles (a plain `Widget` would write its own name in itself)."""

    def render(self) -> RenderResult:
        return ""
