"""Footers with help first, so it survives a narrow terminal; the reader's comes after its
first frame."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

# Actions shown before all others: a reader who sees nothing else can still find help.
FIRST_ACTIONS = ("help", "app.help")


def help_binding(scope: str) -> Binding:
    """F1 for help on a dialog screen, where the app's keys do not reach (and `?` is typed)."""
    return Binding("f1", "app.help", "Help", id=f"{scope}.help")


class HelpFirstFooter(Footer):
    """A footer that puts the help key first; the rest keep the bindings' order."""

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        first = [w for w in widgets if getattr(w, "action", None) in FIRST_ACTIONS]
        yield from first
        yield from (w for w in widgets if w not in first)


class ReaderFooter(HelpFirstFooter):
    """The reader's footer, mounted after its first frame."""

    def on_mount(self) -> None:
        # Mounted after the reader's first frame, it may have missed the screen's word that
        # its bindings are known (Footer's own on_mount subscribes to the next one).
        self.bindings_changed(self.screen)
