"""Pilot tests of the term-trend screen: chart, legend, table, cursor, periods, enter."""

from __future__ import annotations

import pytest
from pilot_helpers import has_filled_outline, idle, on_screen, settled, table_measured, until
from rich.text import Text
from textual_plotext import PlotextPlot

from tui.app import BriefingApp
from tui.screens.trend import TrendScreen, cell_width, split_queries
from tui.screens.trend_period import PeriodScreen

PAGES = {
    "2019-01-05": "湘南日报\n\n衡阳新闻一\n\n衡阳的工厂开工了。衡阳又有新项目。\n",
    "2019-03-02": "湘南日报\n\n产业新闻\n\n产业转移到湘南，环保先行。\n",
    "2019-03-20": "湘南日报\n\n衡阳新闻二\n\n衡阳承接产业转移。\n",
}


@pytest.fixture
def dated(library):
    for day, text in PAGES.items():
        library.import_text(text, origin=f"{day}.txt", meta={"date": day, "title": "湘南日报"})
    return library


async def settle(app, pilot) -> None:
    await settled(pilot)


def test_cells_are_measured_as_the_table_shows_them() -> None:
    assert cell_width("2018-W47") == 8
    assert cell_width(4083) == 4
    assert cell_width(12.5) == 5  # shown as 12.50
    assert cell_width(Text("衡阳")) == 4


def test_queries_are_split_on_semicolons() -> None:
    assert split_queries(" 衡阳 ; 产业 转移；;环保") == ["衡阳", "产业 转移", "环保"]


async def test_trend_by_month_then_week_with_the_period_under_the_cursor(dated, shown):
    app = BriefingApp(dated)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("T")
        screen = app.screen
        assert isinstance(screen, TrendScreen)
        await pilot.press(*"衡阳;产业", "enter")
        await settle(app, pilot)
        result = screen.result
        assert result.periods == ("2018-11", "2019-01", "2019-03")
        hy, cy = result.series
        assert [p.occurrences for p in hy.points] == [37, 3, 2]
        assert [p.sections for p in cy.points] == [2, 0, 2]
        assert screen.table.row_count == 3 and screen.table.cursor_row == 2
        text = shown(app)
        assert "━━ 衡阳  42 in 4 sections" in text
        assert "2019-03" in text and "2 in 1 sections" in text
        assert screen.query_one(PlotextPlot).plt is not None
        await pilot.press("up")
        await pilot.pause()
        assert "2019-01  " in shown(app) and "3 in 1 sections" in shown(app)
        await pilot.press("b")
        await settle(app, pilot)
        assert screen.by == "week" and screen.result.by == "week"
        assert screen.result.periods == ("2018-W47", "2019-W01", "2019-W09", "2019-W12")
        await pilot.press("p")
        await pilot.pause()
        assert "per 10,000 characters" in shown(app)


async def test_enter_on_a_period_lists_its_sections_and_opens_one(dated):
    app = BriefingApp(dated)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.screen
        await pilot.press("T", *"衡阳;产业", "enter")
        await settle(app, pilot)
        await pilot.press("enter")  # the last period, 2019-03
        period = await on_screen(pilot, PeriodScreen)
        await idle(pilot, lambda: period.rows)
        assert [q for q, _s in period.rows] == ["衡阳", "产业", "产业"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is reader
        assert reader.search_nav.query == "衡阳"
        place = reader.search_nav.places[0]
        assert reader.section.id == place.section_id == period.rows[0][1]


async def reader_shown(pilot) -> None:
    """Wait until the reader below the dialogs has its outline filled."""
    await until(pilot, lambda: has_filled_outline(pilot.app), what="the reader fills its outline")


async def shown_for_last_period(pilot) -> None:
    """Wait, however loaded the machine, until the trend of 衡阳;产业 is drawn for 2019-03."""
    app = pilot.app

    def drawn() -> bool:
        screen = app.screen
        if not isinstance(screen, TrendScreen) or screen.result is None:
            return False
        cursor = screen.query_one("#trend-cursor").render()
        shown = screen.table.cursor_row == 2 and str(cursor).startswith("2019-03")
        return shown and table_measured(screen.table)

    await until(pilot, drawn, what="the trend is drawn")
    await app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    # Once more after the workers: a late redraw must have measured its rows too.
    await until(pilot, drawn, what="the trend stays drawn")
    await pilot.pause()


def test_trend_snapshot(dated, snap_compare):
    async def draw(pilot) -> None:
        await reader_shown(pilot)
        await pilot.press("T", *"衡阳;产业", "enter")
        await shown_for_last_period(pilot)

    assert snap_compare(BriefingApp(dated), terminal_size=(110, 36), run_before=draw)


def test_period_sections_snapshot(dated, snap_compare):
    async def open_period(pilot) -> None:
        await reader_shown(pilot)
        await pilot.press("T", *"衡阳;产业", "enter")
        await shown_for_last_period(pilot)
        await pilot.press("enter")
        period = await on_screen(pilot, PeriodScreen)
        await idle(pilot, lambda: period.rows)

    assert snap_compare(BriefingApp(dated), terminal_size=(100, 30), run_before=open_period)
