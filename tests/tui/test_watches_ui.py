"""Pilot tests of watches: saving from search, the status line's news, the watch screen."""

from __future__ import annotations

from pilot_helpers import reader_settled, searched, watches_counted

from store.analysis.watches import add_watch, list_watches, mark_seen
from tui.app import BriefingApp
from tui.screens.search import SearchScreen
from tui.screens.trend_period import PeriodScreen
from tui.screens.watches import WatchScreen

PAGE = "湘南日报\n\n衡阳新闻\n\n衡阳今天又有新项目落户。\n"


async def test_ctrl_s_in_search_saves_the_query_as_a_watch(app, library):
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("slash")
        search = app.screen
        assert isinstance(search, SearchScreen)
        search.box.value = "环保"
        await searched(pilot)
        await pilot.press("ctrl+s")
        await reader_settled(app, pilot, lambda: list_watches(library))
        assert [(w.name, w.query) for w in list_watches(library)] == [("环保", "环保")]


async def test_an_import_shows_new_matches_and_the_watch_screen_opens_them(library, shown):
    add_watch(library, "衡阳", "衡阳")
    mark_seen(library, "衡阳", "2000-01-01T00:00:00Z")
    library.import_text(PAGE, origin="new.txt")
    app = BriefingApp(library)
    async with app.run_test(size=(120, 36)) as pilot:
        reader = app.screen
        await reader_settled(app, pilot, lambda: reader.status_bar.news)
        assert "● 3 new in 1 watch (W)" in shown(app)  # the seed and the new page
        await pilot.press("W")
        await reader_settled(app, pilot, watches_counted(app))
        screen = app.screen
        assert isinstance(screen, WatchScreen)
        (count,) = screen.counts
        assert (count.new, count.total) == (3, 3)
        assert "3 new" in shown(app) and "3 in all" in shown(app)
        await pilot.press("enter")
        await reader_settled(
            app, pilot, lambda: isinstance(app.screen, PeriodScreen) and app.screen.rows
        )
        listing = app.screen
        assert isinstance(listing, PeriodScreen) and len(listing.rows) == 3
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is reader and reader.search_nav.query == "衡阳"
        # Looking at the new matches marks the watch seen.
        assert list_watches(library)[0].last_seen > "2000-01-01T00:00:00Z"
        await reader_settled(app, pilot, lambda: "new in 1 watch" not in shown(app))
        assert "new in 1 watch" not in shown(app)


async def test_seen_and_delete_keys(library):
    add_watch(library, "a", "衡阳")
    add_watch(library, "b", "环保")
    mark_seen(library, "a", "2000-01-01T00:00:00Z")
    app = BriefingApp(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("W")
        await reader_settled(app, pilot, watches_counted(app))
        screen = app.screen
        assert [c.new for c in screen.counts] == [2, 0]
        await pilot.press("s")
        await reader_settled(app, pilot, lambda: [c.new for c in screen.counts] == [0, 0])
        assert [c.new for c in screen.counts] == [0, 0]
        await pilot.press("down", "d")
        await reader_settled(app, pilot, lambda: len(screen.counts) == 1)
        assert [c.watch.name for c in screen.counts] == ["a"]
        await pilot.press("escape")
        assert not isinstance(app.screen, WatchScreen)


def test_watch_screen_snapshot(library, snap_compare):
    add_watch(library, "衡阳产业", "衡阳 产业")
    add_watch(library, "环保", "环保")
    for name in ("衡阳产业", "环保"):
        mark_seen(library, name, "2026-01-02T03:04:05Z")

    async def open_watches(pilot) -> None:
        app = pilot.app
        await reader_settled(app, pilot)  # the outline is filled after the first frame
        await pilot.press("W")
        await reader_settled(app, pilot, watches_counted(app))

    assert snap_compare(BriefingApp(library), terminal_size=(110, 30), run_before=open_watches)
