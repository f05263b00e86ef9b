"""The reader's footer without Textual's footer module: the groups its keys are shown in,
and the bar standing in for it until the reader's first frame is drawn."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tui.widgets.stand_in import StandIn

# Forward/back pairs share one footer entry ("j k ¶"), leaving room for the other keys.
PARAGRAPH_KEYS = Binding.Group("¶", compact=False)
SECTION_KEYS = Binding.Group("Section", compact=False)

# Styled in tui/app.tcss as the footer's bar.
SLOT_ID = "footer-slot"


def footer_slot() -> Widget:
    """An empty bar where the footer goes: a footer lists its keys only once the screen's
    bindings are known, after the first frame, so that frame loses nothing without it."""
    return StandIn(id=SLOT_ID)


async def place_footer(screen: Screen) -> None:
    """Mount the reader's footer in place of its bar (after the first frame)."""
    # Textual's footer module loads here, not before the first frame.
    from tui.widgets.footer import ReaderFooter

    slot = next(iter(screen.query(f"#{SLOT_ID}")), None)
    if slot is None or not slot.is_attached:
        return  # placed already, or the app is closing
    await screen.mount(ReaderFooter(), before=slot)
    await slot.remove()
