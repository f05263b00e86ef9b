"""The reading pane is focused before the reader screen is first shown, and its first frame is
drawn with the styles its focus gives it (the screen styles every widget when shown)."""

from __future__ import annotations

from pathlib import Path

from rich.color import Color

import tui.app
from store import Library
from tui.app import BriefingApp
from tui.widgets.section_view import SectionView

# A probe rule that only a focused reading pane matches.
FOCUSED_CURSOR = "#ff0000"


class FocusProbeApp(BriefingApp):
    """The reader with one rule more, noting the pane's cursor colour at its first frame."""

    CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))
    CSS = f"SectionView:focus > .section-view--cursor {{ color: {FOCUSED_CURSOR}; }}"

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self.first_frame: tuple[bool, Color | None] | None = None

    def on_ready(self) -> None:
        view = self.screen.query_one(SectionView)
        style = view.get_component_rich_style("section-view--cursor")
        self.first_frame = (view.has_focus, style.color)
        super().on_ready()


async def test_the_first_frame_styles_the_reading_pane_as_focused(library: Library) -> None:
    app = FocusProbeApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.first_frame is not None
        focused, colour = app.first_frame
        assert focused
        assert colour == Color.parse(FOCUSED_CURSOR)


async def test_a_pane_that_loses_its_focus_is_styled_again(library: Library) -> None:
    app = FocusProbeApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(SectionView)
        await pilot.press("o")  # the outline takes the focus
        await pilot.pause()
        assert not view.has_focus
        assert view.get_component_rich_style("section-view--cursor").color != Color.parse(
            FOCUSED_CURSOR
        )
