"""Saving the reader's position a moment after the cursor settles, off the event loop."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from store.errors import BriefingError

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from store.userdata import UserData

# Wait this long after the cursor settles before saving the reading position.
SAVE_DELAY = 0.3


class PositionSaver:
    """Keeps the newest (section, block) and writes it once the cursor has rested."""

    def __init__(self, screen: Screen[Any], user: UserData) -> None:
        self.screen = screen
        self.user = user
        self._pending: tuple[str, int] | None = None
        self._timer: Timer | None = None

    def schedule(self, section_id: str, block: int) -> None:
        """Save this position after SAVE_DELAY, unless the cursor moves again first."""
        self._pending = (section_id, block)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.screen.set_timer(SAVE_DELAY, self._save_in_thread)

    def flush(self) -> None:
        """Save a pending position now (on leaving a section or quitting)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        pending, self._pending = self._pending, None
        if pending is not None:
            self._write(*pending)

    def _save_in_thread(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            self.screen.run_worker(
                lambda: self._write(*pending),
                thread=True,
                group="save-position",
                exit_on_error=False,
            )

    def _write(self, section_id: str, block: int) -> None:
        try:
            self.user.set_position(section_id, block)
        except BriefingError as exc:
            self.screen.app.call_from_thread(
                self.screen.notify, str(exc), severity="warning", markup=False
            )
