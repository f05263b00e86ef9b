"""The reading pane draws its lines without Textual's line styling when that would add nothing
(no border, padding, outline, hatch, tint or opacity): they must be the lines it would make."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widget import Widget

from tests.tui.pilot_helpers import until
from tui.app import BriefingApp
from tui.widgets.section_view import SectionView


def both_ways(view: SectionView, crop: Region) -> tuple[list, list]:
    """The pane's lines as it draws them, and through Textual's line styling."""
    own = view.render_lines(crop)
    view._styles_cache.clear()
    drawn = view._drawing
    view._drawing = (view.scrollable_content_region.width, view.rich_style)
    try:
        textual = Widget.render_lines(view, crop)
    finally:
        view._drawing = drawn
    return own, textual


@pytest.mark.parametrize("no_color", [False, True])
async def test_the_pane_draws_the_lines_textual_would(library, monkeypatch, no_color) -> None:
    # NO_COLOR adds a line filter that changes every line (the app's filters apply too).
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        view = app.screen.query_one(SectionView)
        await until(pilot, lambda: bool(view.layout_lines))
        assert view._unadorned()
        full = Region(0, 0, view.region.width, view.region.height)
        states = []
        for setup in (
            lambda: None,
            lambda: view.move(3),
            lambda: view.scroll_to(y=7, animate=False, immediate=True),
            lambda: setattr(view, "marks", {4: {"bookmark"}, 5: {"note"}}),
            lambda: setattr(view, "highlights", ((4, 0, 6),)),
            lambda: setattr(view, "hits", (("text", 5, 0, 2), ("headline", None, 0, 2))),
            lambda: setattr(view, "current_hit", ("text", 5, 0, 2)),
            lambda: view.blur(),
        ):
            setup()
            await pilot.pause()
            for crop in (full, Region(0, 3, full.width, 9), Region(5, 0, 20, 4)):
                own, textual = both_ways(view, crop)
                assert own == textual
                states.append(tuple(tuple(line) for line in own))
        assert len(set(states)) > 8  # the states drew different lines


async def test_a_pane_with_padding_or_tint_is_drawn_by_textual(library) -> None:
    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        view = app.screen.query_one(SectionView)
        await until(pilot, lambda: bool(view.layout_lines))
        view.styles.padding = (0, 1)
        await pilot.pause()
        assert not view._unadorned()
        view.styles.padding = 0
        view.styles.tint = "red 20%"
        await pilot.pause()
        assert not view._unadorned()
        full = Region(0, 0, view.region.width, view.region.height)
        own, textual = both_ways(view, full)
        assert own == textual
