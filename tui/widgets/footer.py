"""The reader's footer: Textual's, with help first so it survives a narrow terminal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

# Actions shown before all others: a reader who sees nothing else can still find help.
FIRST_ACTIONS = ("help", "app.help")


class ReaderFooter(Footer):
    """A footer that puts the help key first; the rest keep the bindings' order."""

    def on_mount(self) -> None:
        # Mounted after the reader's first frame, it may have missed the screen's word that
        # its bindings are known (Footer's own on_mount subscribes to the next one).
        self.bindings_changed(self.screen)

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        first = [w for w in widgets if getattr(w, "action", None) in FIRST_ACTIONS]
        yield from first
        yield from (w for w in widgets if w not in first)
