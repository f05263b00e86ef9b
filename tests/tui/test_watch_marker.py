"""The status line's marker of new watch matches: an import shows it, seeing the watch clears it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

from pilot_helpers import reader_settled, until, watches_counted

from store import open_library
from store.analysis.watches import add_watch, list_watches, mark_seen
from store.userdata import now_iso
from tui.app import BriefingApp
from tui.screens.reader import ReaderScreen
from tui.screens.trend_period import PeriodScreen
from tui.screens.watches import WatchScreen
from tui.widgets.status_bar import StatusBar

ROOT = Path(__file__).resolve().parents[2]
PAGE = "湘南日报\n\n衡阳新闻\n\n衡阳今天又有新项目落户。\n"
MARKER = "● 1 new in 1 watch (W)"


def watch_seen_after_the_seed(library) -> None:
    """A watch on 衡阳 seen when the seed came in; returns once the clock has moved on, so a
    briefing imported from now on is new to it (times are kept to the second)."""
    seeded = library.briefings()[0].imported_at
    add_watch(library, "衡阳", "衡阳")
    mark_seen(library, "衡阳", seeded)
    while now_iso() <= seeded:
        time.sleep(0.05)


def reader(app) -> ReaderScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_an_import_shows_the_marker_and_marking_seen_clears_it(app, library, shown):
    watch_seen_after_the_seed(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await reader_settled(app, pilot)
        status = reader(app).status_bar
        assert status.news == "" and "new in" not in shown(app)
        # The app's own import path: Library.on_change, then the library-changed signal.
        await asyncio.to_thread(library.import_text, PAGE, origin="new.txt")
        await until(pilot, lambda: MARKER in shown(app))
        await pilot.press("W")
        await reader_settled(app, pilot, watches_counted(app))
        screen = app.screen
        assert isinstance(screen, WatchScreen)
        assert [(c.new, c.total) for c in screen.counts] == [(1, 3)]
        await pilot.press("s")
        await reader_settled(app, pilot, lambda: [c.new for c in screen.counts] == [0])
        assert [c.new for c in screen.counts] == [0]
        await pilot.press("escape")
        await reader_settled(app, pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert isinstance(app.screen, ReaderScreen)
        assert status.news == "" and "new in" not in shown(app)


async def test_a_click_on_the_marker_opens_the_watch_screen(app, library, shown):
    watch_seen_after_the_seed(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await reader_settled(app, pilot)
        await asyncio.to_thread(library.import_text, PAGE, origin="new.txt")
        await until(pilot, lambda: MARKER in shown(app))
        status = reader(app).status_bar
        await pilot.click(StatusBar, offset=(2, 0))  # on the title: nothing opens
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        row = next(line for line in shown(app).splitlines() if MARKER in line)
        assert row.endswith(MARKER)  # the marker ends the status line
        await pilot.click(StatusBar, offset=(status.size.width - 4, 0))
        await reader_settled(app, pilot, watches_counted(app))
        assert isinstance(app.screen, WatchScreen)
        await pilot.press("enter")  # the new matches: looked at, so seen
        await reader_settled(
            app, pilot, lambda: isinstance(app.screen, PeriodScreen) and app.screen.rows
        )
        assert isinstance(app.screen, PeriodScreen) and len(app.screen.rows) == 1
        await pilot.press("escape")
        await reader_settled(app, pilot, lambda: isinstance(app.screen, WatchScreen))
        await pilot.press("escape")
        await reader_settled(app, pilot, lambda: "new in" not in shown(app))
        assert isinstance(app.screen, ReaderScreen)
        assert "new in" not in shown(app)


async def test_another_process_imports_then_sees_the_watch(library, shown, tmp_path):
    watch_seen_after_the_seed(library)
    app = BriefingApp(library)
    app.STORE_POLL_INTERVAL = 0.1  # type: ignore[misc]
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    async with app.run_test(size=(120, 36)) as pilot:
        await reader_settled(app, pilot)
        assert "new in" not in shown(app)
        run = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "tui", "--store", str(library.home), "import", str(page)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.splitlines()[-1] == "watch 衡阳: 1 new section"
        await until(pilot, lambda: MARKER in shown(app))
        # Seen in another process (the user file's watches table changed): the marker goes.
        other = open_library(library.home, seed=False)
        mark_seen(other, "衡阳")
        await until(pilot, lambda: "new in" not in shown(app))
        assert reader(app).status_bar.news == ""
        assert list_watches(library)[0].last_seen > library.briefings()[0].imported_at


async def test_the_open_watch_screen_counts_again_when_another_process_imports(library):
    watch_seen_after_the_seed(library)
    app = BriefingApp(library)
    app.STORE_POLL_INTERVAL = 0.1  # type: ignore[misc]
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("W")
        await reader_settled(app, pilot, watches_counted(app))
        screen = app.screen
        assert isinstance(screen, WatchScreen)
        assert [(c.new, c.total) for c in screen.counts] == [(0, 2)]
        open_library(library.home, seed=False).import_text(PAGE, origin="elsewhere.txt")
        await until(pilot, lambda: [(c.new, c.total) for c in screen.counts] == [(1, 3)])


def test_status_line_marker_snapshot(library, snap_compare):
    add_watch(library, "衡阳产业", "衡阳 产业")
    add_watch(library, "环保", "环保")
    for name in ("衡阳产业", "环保"):
        mark_seen(library, name, "2000-01-01T00:00:00Z")  # the seed page is new to both

    async def counted(pilot) -> None:
        await pilot.press("j", "j")
        await reader_settled(pilot.app, pilot, lambda: reader(pilot.app).status_bar.news)

    assert snap_compare(BriefingApp(library), terminal_size=(100, 24), run_before=counted)
