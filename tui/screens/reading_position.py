"""Saving the reader's position a moment after the cursor settles, off the event loop."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from store.errors import BriefingError
from store.readstate import ReadState
from tui.watch import own_user_write

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from store.userdata import UserData

# Wait this long after the cursor settles before saving the reading position.
SAVE_DELAY = 0.3
# A section whose whole text was on screen counts as read when the reader leaves it after
# this long: one flipped past with `u` or `]` on the way to another was not read.
WHOLE_SHOWN = 1.5


class PositionSaver:
    """Keeps the newest (section, block) and writes it once the cursor has rested."""

    def __init__(
        self, screen: Screen[Any], user: UserData, on_read: Callable[[str], None] | None = None
    ) -> None:
        self.screen = screen
        self.user = user
        self.read_state = ReadState(user)
        self._on_read = on_read
        self._pending: tuple[str, int, bool] | None = None
        self._timer: Timer | None = None
        # The section on screen and since when (time.monotonic()).
        self._shown: tuple[str, float] | None = None
        # Where the cursor opened, until the reader moves it.
        self._opened_at: tuple[str, int] | None = None
        # One thread writes, in the order asked: the user file holds the read state too,
        # so a write costs more as it grows (tens of milliseconds, and an fsync). Made on
        # the first write, after the first frame.
        self._writer: Any = None
        # A failed write was told: on a full disk every move would fail alike, and a notice
        # a key would bury the reader. Told again once a write has gone through.
        self._told_failure = False

    def opened(self, section_id: str, block: int) -> None:
        """A section was put on screen with the cursor on `block` (its time to count as
        read starts; a cursor that opens on its last block has not reached it)."""
        self._shown = (section_id, time.monotonic())
        self._opened_at = (section_id, block)

    def schedule(self, section_id: str, block: int, at_end: bool = False) -> None:
        """Save this position after SAVE_DELAY, unless the cursor moves again first; a
        cursor on the last block also marks the section read."""
        opened_at = self._opened_at
        if opened_at is not None and opened_at[0] == section_id:
            if opened_at[1] == block:
                # Where the section opened (a one-paragraph item opens on its end): the
                # reader has not moved there; a whole item shown long enough counts on leaving.
                at_end = False
            else:
                self._opened_at = None
        if self._pending is not None and self._pending[0] == section_id:
            at_end = at_end or self._pending[2]  # passing the end on the way still counts
        self._pending = (section_id, block, at_end)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.screen.set_timer(SAVE_DELAY, self._save_in_thread)

    def flush(self, whole: bool = False, *, wait: bool = True) -> None:
        """Save a pending position now (on leaving a section or quitting); `whole` says the
        section's whole text is on screen, which reads it once shown WHOLE_SHOWN seconds.
        Without `wait` the writes are queued for the writing thread (leaving a section must
        not wait for the disk); with it they are done before it returns (quitting)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        pending, self._pending = self._pending, None
        shown = self._shown
        read = None
        if whole and shown is not None and time.monotonic() - shown[1] >= WHOLE_SHOWN:
            read = shown[0]
        run = self._run if wait else self._queue
        if pending is not None:
            run(self._write, pending[0], pending[1], pending[2] or pending[0] == read)
        if read is not None and (pending is None or pending[0] != read):
            run(self._mark_read, read)

    def _save_in_thread(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            self._queue(self._write, *pending)

    def _queue(self, fn: Callable[..., None], *args: Any) -> None:
        self._writing().submit(self._guarded, fn, *args)

    def _run(self, fn: Callable[..., None], *args: Any) -> None:
        # After what was queued before, so the last position written is this one.
        self.settle()
        self._guarded(fn, *args)

    def settle(self) -> None:
        """Return once the writes queued so far are done (from any thread but the writer's)."""
        writer = self._writer
        if writer is not None:
            # Shut down (the app is closing): nothing more is written.
            with contextlib.suppress(RuntimeError):
                writer.submit(lambda: None).result()

    def _writing(self) -> Any:
        if self._writer is None:
            from concurrent.futures import ThreadPoolExecutor

            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="position")
        return self._writer

    def _guarded(self, fn: Callable[..., None], *args: Any) -> None:
        try:
            fn(*args)
        except Exception as exc:  # a thread of its own: nothing else would see it
            report = getattr(self.screen.app, "report_error", None)
            if report is not None:
                self._call(report, exc)

    def _write(self, section_id: str, block: int, at_end: bool = False) -> None:
        try:
            # The position and a read mark in one write: each write of the user file
            # rewrites and syncs it whole.
            newly = self.read_state.save_position(section_id, block, read=at_end)
        except BriefingError as exc:
            self._warn(exc)
            return
        self._told_failure = False
        if newly:
            self._told_read(section_id)

    def _mark_read(self, section_id: str) -> None:
        try:
            if not self.read_state.is_read(section_id):
                self.read_state.mark([section_id])
                self._told_failure = False
                self._told_read(section_id)
        except BriefingError as exc:
            self._warn(exc)

    def _told_read(self, section_id: str) -> None:
        # Shown in the outline at once (on_read): not another process's change.
        own_user_write(self.screen.app)
        if self._on_read is not None:
            self._call(self._on_read, section_id)

    def _warn(self, exc: BriefingError) -> None:
        if self._told_failure:
            return
        self._told_failure = True
        self._call(
            lambda text: self.screen.notify(text, severity="warning", markup=False), str(exc)
        )

    def _call(self, fn: Callable[[str], None], arg: str) -> None:
        # Written from a worker thread, or on the app's thread by flush().
        try:
            self.screen.app.call_from_thread(fn, arg)
        except RuntimeError:
            fn(arg)
