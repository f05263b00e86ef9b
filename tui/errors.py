"""Errors inside the reader: logged with their traceback, shown as one line, and survived.

Textual's own answer to an exception in a handler is to print a traceback and exit. The
reader instead writes the traceback to `<library>/logs/errors.log`, shows a one-line
notification, and keeps running: a failing action or app handler is simply over, a modal
screen whose message loop died is closed, and a reader screen with a dead widget is rebuilt.
Only an error that repeats in a burst (a render error comes back every frame) or one in the
app's own start-up ends the app, and then with one line on stderr, never a traceback.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual._context import active_message_pump
from textual.screen import Screen

from store.errors import BriefingError
from store.sanitize import clean_line

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message

    from store import Library

    _AppBase = App[None]
else:
    _AppBase = object

LOG_FOLDER = "logs"
LOG_NAME = "errors.log"
# This many unexpected errors within BURST_WINDOW seconds means the app is caught in a loop
# of failures; it then exits cleanly rather than flooding the screen with notifications.
BURST_LIMIT = 20
BURST_WINDOW = 5.0
NOTIFY_TIMEOUT = 10.0
# Past this size the log is renamed to errors.log.1 (replacing an older one), so a failure
# that keeps coming back never fills the disk.
LOG_MAX_BYTES = 1_000_000
# Textual calls `_handle_exception` from these methods after a widget's message loop has
# stopped for good (Textual 8.2.8); from everywhere else the loop carries on.
_LOOP_ENDED = frozenset({"_process_messages_loop", "_pre_process"})
# ... and from these only when the app itself failed to start or lost its terminal.
_APP_ENDED = frozenset({"app_prelude", "_process_messages", "run_process_messages"})


def error_log_path(home: Path) -> Path:
    """Where the app logs unexpected errors for a library folder."""
    return Path(home) / LOG_FOLDER / LOG_NAME


def write_error_log(home: Path, error: BaseException, context: str = "") -> Path | None:
    """Append the time, a context line and the traceback of `error`; None when that fails."""
    path = error_log_path(home)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > LOG_MAX_BYTES:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
        # Messages may quote text that is not valid Unicode; the log must still be written.
        with path.open("a", encoding="utf-8", errors="backslashreplace") as handle:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            handle.write(f"--- {stamp} {context}\n".rstrip() + "\n")
            handle.write("".join(traceback.format_exception(error)))
        return path
    except OSError:
        return None


def one_line(error: BaseException) -> str:
    """The error as one short line without terminal controls."""
    if isinstance(error, BriefingError):
        return clean_line(str(error))
    text = " ".join(clean_line(str(error)).split())
    if len(text) > 200:
        text = text[:199] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class ErrorGuard(_AppBase):
    """Mixin for the App (before `App` in the bases): unexpected errors never end the reader."""

    library: Library

    # For test suites: an error the app reports and survives is still re-raised by Pilot
    # when the test ends, as Textual does with every error.
    STRICT_ERRORS: ClassVar[bool] = False

    _error_times: list[float]

    @property
    def reported_errors(self) -> list[BaseException]:
        """Every error reported so far in this run (for tests and diagnostics)."""
        if not hasattr(self, "_reported"):
            self._reported: list[BaseException] = []
        return self._reported

    def report_error(
        self, error: BaseException, *, context: str = "", by_user: bool = False
    ) -> Path | None:
        """Log an error with its traceback and show it as a one-line notification.

        `by_user`: a key or command caused it, once per press; it never counts to a burst.
        """
        if getattr(self, "_fatal_line", None):
            # The app is already ending on an error (a timer may fire once more before the
            # messages close): later errors go to the log only.
            return write_error_log(self.library.home, error, context)
        self.reported_errors.append(error)
        if self.STRICT_ERRORS and self._exception is None:
            self._exception = error
        log = write_error_log(self.library.home, error, context)
        if isinstance(error, BriefingError):
            # The store's errors are expected failures (full disk, damaged file): the
            # message says what to do, so it is shown as it is.
            self._notify_once(one_line(error), "")
        else:
            where = f" Details in {log}" if log else ""
            self._notify_once(
                f"Unexpected error: {one_line(error)}.{where}", "Something went wrong"
            )
        # A store error or a failing key repeats only as often as it is pressed.
        if not by_user and not isinstance(error, BriefingError) and self._in_burst():
            self._fatal(error, log)
        return log

    def _notify_once(self, message: str, title: str) -> None:
        # The same error again while its notification is still up adds nothing but clutter.
        now = time.monotonic()
        last = getattr(self, "_last_notice", None)
        if last is not None and last[0] == message and now - last[1] < NOTIFY_TIMEOUT:
            return
        self._last_notice = (message, now)
        self.notify(message, title=title, severity="error", markup=False, timeout=NOTIFY_TIMEOUT)

    def _in_burst(self) -> bool:
        now = time.monotonic()
        times = [t for t in getattr(self, "_error_times", []) if now - t < BURST_WINDOW]
        times.append(now)
        self._error_times = times
        return len(times) > BURST_LIMIT

    def _fatal(self, error: BaseException, log: Path | None) -> None:
        if self._exception is None:
            # Pilot re-raises this at the end of a test, as Textual itself does.
            self._exception = error
            self._exception_event.set()
        self._return_code = 1
        where = f" (details in {log})" if log else ""
        if not getattr(self, "_fatal_line", None):
            self._fatal_line = f"briefing: unexpected error: {one_line(error)}{where}"
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        # Called once the terminal is restored. The fatal line is written as it is: a Rich
        # console would hard-wrap it at the terminal width, splitting the log's path.
        line = getattr(self, "_fatal_line", None)
        if line:
            self._fatal_line = None
            self._exit_renderables.clear()
            stream = self.error_console.file
            stream.write(line + "\n")
            stream.flush()
            return
        super()._print_error_renderables()  # type: ignore[misc]

    # -- Textual's hooks ------------------------------------------------------------------------
    async def _dispatch_action(self, namespace: Any, action_name: str, params: Any) -> bool:
        # Every key binding and palette command of every screen runs through here.
        try:
            return await super()._dispatch_action(namespace, action_name, params)  # type: ignore[misc,no-any-return]
        except Exception as error:
            self.report_error(error, context=f"action {action_name}", by_user=True)
            return True

    async def _dispatch_message(self, message: Message) -> None:
        # The app's own message loop must never stop: it carries keys, timers and screens.
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except Exception as error:
            self.report_error(error, context=f"handling {type(message).__name__}")

    def _handle_exception(self, error: Exception) -> None:
        from textual.worker import WorkerFailed

        caller = sys._getframe(1).f_code.co_name
        pump = active_message_pump.get(None)
        if self._exit or caller in _APP_ENDED or (caller in _LOOP_ENDED and pump is self):
            # The app itself cannot go on (or is already closing).
            log = write_error_log(self.library.home, error, "fatal")
            self._fatal(error, log)
            return
        original = error.error if isinstance(error, WorkerFailed) else error
        self.report_error(original, context=f"in {caller} of {type(pump).__name__}")
        if caller in _LOOP_ENDED and pump is not None:
            self._retire(pump)

    def _retire(self, pump: Any) -> None:
        """A widget or screen whose message loop ended: close its screen or rebuild the reader."""
        screen = pump if isinstance(pump, Screen) else _screen_of(pump)
        stack = self.screen_stack
        if screen is None or screen not in stack or getattr(self, "_exit", False):
            return
        if screen is not stack[0]:
            if screen is stack[-1]:
                self.pop_screen()
            return
        self.call_later(self._rebuild_base_screen)

    async def _rebuild_base_screen(self) -> None:
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        old = self.screen_stack[0]
        flush = getattr(old, "flush_position", None)
        if callable(flush):
            try:
                flush()
            except Exception as error:
                self.report_error(error, context="saving the position")
        if not old._result_callbacks:
            # Textual 8.2.8's switch_screen pops a result callback the first screen never had.
            old._push_result_callback(self, None)
        await self.switch_screen(self.get_default_screen())


class GuardedPump:
    """Mixin for a screen or widget (before the Textual base): a failing handler is reported
    and its message loop goes on."""

    app: Any

    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except Exception as error:
            report = getattr(self.app, "report_error", None)
            if report is None:
                raise
            report(error, context=f"{type(self).__name__} handling {type(message).__name__}")


def _screen_of(widget: Any) -> Screen[Any] | None:
    try:
        screen = widget.screen
    except Exception:
        return None
    return screen if isinstance(screen, Screen) else None
