"""The reading pane's parts (its component classes) are styled when first drawn, and styled
again whenever the pane is: a theme or focus change reaches them as it would declared ones."""

from __future__ import annotations

import pytest
from rich.style import Style

from store import Library
from tui.app import BriefingApp
from tui.widgets.section_paint import PARTS
from tui.widgets.section_view import SectionView

LIGHT, DARK = "textual-light", "textual-dark"


async def _part_styles(app: BriefingApp, theme: str | None = None) -> dict[str, Style]:
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        if theme is not None:
            app.theme = theme
            await pilot.pause()
        view = app.screen.query_one(SectionView)
        return {name: view.get_component_rich_style(name) for name in sorted(PARTS)}


async def test_parts_follow_a_theme_change_as_a_fresh_start_in_that_theme(
    library: Library,
) -> None:
    library.user.set_setting("theme", DARK)
    dark = await _part_styles(BriefingApp(library))
    switched = await _part_styles(BriefingApp(library), LIGHT)
    library.user.set_setting("theme", LIGHT)
    light = await _part_styles(BriefingApp(library))
    assert switched == light
    assert switched["section-view--headline"] != dark["section-view--headline"]


async def test_the_pane_styles_only_the_parts_it_has_drawn(app: BriefingApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(SectionView)
        kinds = {line.kind for line in view.layout_lines}
        styled = set(view._component_styles)
        assert styled and styled <= PARTS
        # No search, no quoted note: their layers are not asked for their styles.
        assert not styled & {"section-view--hit", "section-view--current-hit"}
        assert not styled & {"section-view--highlight"}
        assert styled <= {f"section-view--{k}" for k in kinds} | {
            "section-view--cursor",
            "section-view--current",
            "section-view--mark",
            "section-view--caption-label",
        }


async def test_a_part_the_pane_lacks_is_still_an_error(app: BriefingApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(SectionView)
        with pytest.raises(KeyError):
            view.get_component_styles("section-view--nothing")
