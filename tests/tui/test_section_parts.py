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


async def test_every_part_is_styled_as_a_node_of_its_own_class_would_be(app: BriefingApp) -> None:
    # Parts no rule names share one styling: each must still come out as its own would.
    from textual.dom import DOMNode

    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(SectionView)
        for name in sorted(PARTS):
            part = DOMNode(classes=name)
            part._attach(view)
            app.stylesheet.apply(part, animate=False)
            assert view.get_component_styles(name).rich_style == part.styles.rich_style, name
            assert (
                view.get_component_rich_style(name, partial=True) == part.styles.partial_rich_style
            ), name
        unnamed = [n for n in PARTS if f".{n}" not in app.stylesheet.rules_map]
        assert len(unnamed) >= 2  # "blank", "paragraph", "current": really shared
        assert len({id(view._component_styles[n]) for n in unnamed}) == 1
