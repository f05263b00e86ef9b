"""The reader screen is wholly covered by what it holds, so it may draw its background blank.

`ReaderScreen.BLANK` spares styling the screen's own lines, which no frame shows: these tests
hold that every cell of the frame belongs to a widget the screen holds, wide or narrow, with
the outline shown or hidden, and before and after the footer and the outline take their
places.
"""

from __future__ import annotations

import pytest
from pilot_helpers import has_filled_outline, until
from textual.app import App

from tui.app import BriefingApp
from tui.screens.reader import ReaderScreen


def uncovered(app: App) -> set[tuple[int, int]]:
    """Cells of the frame that no widget but the screen itself is drawn in."""
    screen = app.screen
    width, height = screen.size
    cells = {(x, y) for x in range(width) for y in range(height)}
    for widget, (region, clip) in screen._compositor.visible_widgets.items():
        if widget is screen:
            continue
        shown = region.intersection(clip)
        for y in range(shown.y, shown.bottom):
            for x in range(shown.x, shown.right):
                cells.discard((x, y))
    return cells


def test_the_reader_screen_draws_its_background_blank() -> None:
    assert ReaderScreen.BLANK


@pytest.mark.parametrize("size", [(100, 32), (70, 24), (120, 40)])
async def test_every_cell_of_the_reader_belongs_to_what_it_holds(library, size) -> None:
    app = BriefingApp(library)
    frames: list[set[tuple[int, int]]] = []
    async with app.run_test(size=size) as pilot:
        # The first frame (the footer's bar and the outline's panel) ...
        await until(pilot, lambda: app.screen._compositor.visible_widgets)
        frames.append(uncovered(app))
        # ... the frame with the footer and the filled outline ...
        await until(pilot, lambda: has_filled_outline(app) and app.screen.query("ReaderFooter"))
        await pilot.pause()
        frames.append(uncovered(app))
        # ... and with the outline shown or hidden by its key.
        await pilot.press("o")
        await pilot.pause()
        frames.append(uncovered(app))
        await pilot.press("escape", "o", "o")
        await pilot.pause()
        frames.append(uncovered(app))
    assert frames == [set()] * 4


async def test_the_check_sees_a_cell_no_widget_covers(library) -> None:
    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: app.screen._compositor.visible_widgets)
        # A reading pane cut to ten lines leaves the rows below it to the screen alone.
        app.screen.query_one("#view").styles.height = 10
        await pilot.pause()
        assert {y for _, y in uncovered(app)} == set(range(11, 31))
