"""Helpers for Pilot tests that hold on a loaded machine: waits for a state, never for a fixed
time (`until` a condition holds, a screen is on top, the workers are done), and every notice an
app gave, kept past its timeout; and what the screen shows, as text."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.worker import WorkerCancelled

NOTICES = "_notices_given"
WAIT = 60.0  # seconds of wall clock: a loaded machine is slow, never this slow


def screen_lines(app: App) -> list[str]:
    """What the terminal shows, one string per row (wide characters once each)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(seg.text for seg in strip).rstrip() for strip in strips]


def screen_text(app: App) -> str:
    """The whole screen as text."""
    return "\n".join(screen_lines(app))


async def until(pilot, condition: Callable[[], Any], timeout: float = WAIT, what: str = "") -> None:
    """Let the app run until `condition()` holds; fail once `timeout` seconds have gone by."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached in {timeout:g} s: {what or condition}")
        await pilot.pause(0.02)


async def on_screen(pilot, kind: type, timeout: float = WAIT) -> Any:
    """Wait until a screen of `kind` is on top and has handled what it was sent; return it."""
    await until(pilot, lambda: isinstance(pilot.app.screen, kind), timeout, kind.__name__)
    await pilot.pause()
    return pilot.app.screen


async def press_to(pilot, key: str, kind: type) -> Any:
    """Press a key and wait until the screen it leads to is on top; return that screen."""
    await pilot.press(key)
    return await on_screen(pilot, kind)


def has_filled_outline(app: App) -> bool:
    """Whether the reader on top (or below the dialogs) has mounted its outline, after the first
    frame, and filled it."""
    outlines = app.screen.query("#outline") or app.screen_stack[0].query("#outline")
    return bool(outlines and outlines.first().root.children)


async def idle(pilot, ready: Callable[[], Any] = lambda: True) -> None:
    """Wait until `ready()` holds and the workers under way have finished, then for the screen
    to catch up with what they sent it."""
    await until(pilot, ready)
    # A worker replaced by a newer one of its exclusive group ends cancelled.
    with contextlib.suppress(WorkerCancelled):
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def reader_settled(app: App, pilot, ready: Callable[[], Any] = lambda: True) -> None:
    """Wait until the reader has filled its outline (what it counts at start starts with it),
    `ready()` holds and every worker is done."""
    await until(pilot, lambda: has_filled_outline(app), what="the reader fills its outline")
    # Through `idle`: a recount started by a file's change may replace (cancel) one under way.
    await idle(pilot, ready)


def watches_counted(app: App) -> Callable[[], Any]:
    """A condition: the watch screen is on top with its counts."""
    from tui.screens.watches import WatchScreen

    return lambda: isinstance(app.screen, WatchScreen) and app.screen.counts


async def palette_lists(pilot, first: str | None) -> None:
    """Wait until the command palette on top has gathered its matches for what was typed, the
    first of them (highlighted) naming `first`, or none at all when `first` is None."""
    from textual.command import CommandList, CommandPalette

    palette = await on_screen(pilot, CommandPalette)
    found = palette.query_one(CommandList)

    def ready() -> bool:
        if first is None:
            return palette.has_class("-ready") and not palette._hit_count
        if not found.option_count or found.highlighted != 0:
            return False
        return first in str(found.get_option_at_index(0).prompt)

    await idle(pilot, ready)


def table_measured(table: Any) -> bool:
    """Whether a DataTable has measured its new rows and cells (it does so when idle, after
    they are added: a picture taken before shows columns too narrow for them), and each
    column is as wide as its widest plain cell."""
    if table._require_update_dimensions or table._new_rows or table._updated_cells:
        return False
    from rich.cells import cell_len

    for column in table.ordered_columns:
        cells = table.get_column(column.key)
        widest = max((cell_len(str(c)) for c in cells if isinstance(c, (str, int))), default=0)
        if column.content_width < widest:
            return False
    return True


def answered(screen: Any) -> bool:
    """Whether a search, concordance or trend screen shows the answer to what it was last
    asked (any other screen has nothing pending)."""
    from tui.screens.kwic import KwicScreen
    from tui.screens.search import SearchScreen
    from tui.screens.trend import TrendScreen

    if isinstance(screen, SearchScreen):
        return screen.shown_query == screen.box.value
    if isinstance(screen, KwicScreen):
        return screen.conc is not None and screen.conc.sort == screen.sort
    if isinstance(screen, TrendScreen):
        done = screen.result is not None and screen.result.by == screen.by
        return done and table_measured(screen.table)
    return True


async def settled(pilot) -> Any:
    """Wait until the screen on top shows the answer to what it was asked and every worker is
    done; return the screen."""
    screen = pilot.app.screen
    await idle(pilot, lambda: answered(screen))
    return screen


async def searched(pilot) -> Any:
    """Wait until the search screen on top shows the results of the query in its box (typing
    starts a search only after a pause, then in a worker); return the screen."""
    screen = pilot.app.screen
    await idle(pilot, lambda: screen.shown_query == screen.box.value)
    return screen


def keep_notices(monkeypatch) -> None:
    """Make every app keep each notice it gives (a toast that timed out is gone from
    `app._notifications`, and a loaded machine can outlast a two-second one)."""
    notify = App.notify

    def kept(self: App, message: str, **kwargs: Any) -> None:
        severity = kwargs.get("severity", "information")
        self.__dict__.setdefault(NOTICES, []).append((severity, str(message)))
        notify(self, message, **kwargs)

    monkeypatch.setattr(App, "notify", kept)


def notices(app: App, severity: str | None = None) -> list[str]:
    """Every notice the app gave, oldest first (of one severity, if given)."""
    return [m for s, m in app.__dict__.get(NOTICES, []) if severity in (None, s)]


def tree_lines(tree: Any) -> list[str]:
    """The plain text of a tree's lines as shown: every node under an expanded one, in order."""
    out = []
    stack = list(reversed(tree.root.children))
    while stack:
        node = stack.pop()
        out.append(node.label.plain)
        if node.is_expanded:
            stack.extend(reversed(node.children))
    return out
