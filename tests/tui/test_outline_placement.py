"""The reader's first frame shows the outline's empty panel; the tree takes its place after."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import until

import tui.app
from store import Library
from tui.app import BriefingApp
from tui.screens.reader_outline import SLOT_ID
from tui.widgets.outline import Outline


class FirstFrameApp(BriefingApp):
    """The reader noting what its first frame holds."""

    CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self.first_frame: tuple[list[str], str] | None = None

    def on_ready(self) -> None:
        ids = [str(node.id) for node in self.screen.query("#body > *")]
        strips = self.screen._compositor.render_strips()
        text = "\n".join("".join(seg.text for seg in strip) for strip in strips)
        self.first_frame = (ids, text)
        super().on_ready()


async def test_the_first_frame_has_the_panel_and_the_tree_comes_after(library: Library) -> None:
    app = FirstFrameApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.first_frame is not None
        ids, text = app.first_frame
        assert ids == [SLOT_ID, "reading"]
        assert "Widget" not in text and "slot" not in text  # stand-ins draw no name
        reader = app.reader
        assert reader is not None
        await until(
            pilot,
            lambda: reader.query(Outline) and not reader.query(f"#{SLOT_ID}"),
            what="the tree in the stand-in's place",
        )
        assert [str(node.id) for node in reader.query("#body > *")] == ["outline", "reading"]
        assert reader.outline.display and reader.outline.region.width == 32


async def test_a_narrow_start_keeps_the_placed_outline_hidden(app: BriefingApp) -> None:
    async with app.run_test(size=(70, 24)) as pilot:
        await pilot.pause()
        reader = app.reader
        assert reader is not None
        await until(pilot, lambda: reader.outline_placed, what="the outline placed")
        assert not reader.outline.display
        await pilot.press("o")
        assert reader.outline.display and reader.outline.has_focus


async def test_asking_for_the_outline_before_it_is_placed_places_it(
    app: BriefingApp, outline_filled
) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.reader
        assert reader is not None
        outline = reader.outline  # whether or not the first frame's callback has run
        assert isinstance(outline, Outline)
        await pilot.pause()
        assert reader.outline is outline and reader.outline_placed
        assert len(reader.query(Outline)) == 1
        await outline_filled(pilot, app)  # and it is filled all the same
