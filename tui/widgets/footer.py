"""The reader's footer: Textual's, with help first so it survives a narrow terminal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

# Forward/back pairs share one footer entry ("j k ¶"), leaving room for the other keys.
PARAGRAPH_KEYS = Binding.Group("¶", compact=False)
SECTION_KEYS = Binding.Group("Section", compact=False)
# Actions shown before all others: a reader who sees nothing else can still find help.
FIRST_ACTIONS = ("help", "app.help")


class ReaderFooter(Footer):
    """A footer that puts the help key first; the rest keep the bindings' order."""

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        first = [w for w in widgets if getattr(w, "action", None) in FIRST_ACTIONS]
        yield from first
        yield from (w for w in widgets if w not in first)
