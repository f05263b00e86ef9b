"""A section sure to overflow the terminal has its scrollbar shown before the reader's first
layout, so that layout is done once; a wrong forecast still ends in the settled frame."""

from __future__ import annotations

from typing import Any

import pytest
from textual._compositor import Compositor

from tests.tui.test_first_frame_text import first_and_settled, reader
from tui.app import BriefingApp
from tui.widgets import layout as layout_module
from tui.widgets import section_view
from tui.widgets.layout import column_width, fewest_lines, layout_section
from tui.widgets.section_view import GUTTER


@pytest.mark.parametrize("width", [12, 40, 70, 100, 160])
def test_the_forecast_never_counts_more_lines_than_the_section_takes(library, width) -> None:
    for briefing in library.briefings():
        for head in library.heads(briefing.id):
            section = library.section(head.id)
            # The pane is narrower than the terminal: its column no wider than the forecast's.
            for pane in range(max(1, width - 40), width + 1, 7):
                column = column_width(pane - GUTTER - 1)
                laid = layout_section(section, column, indent=2, wide_tables=True)
                assert fewest_lines(section, width) <= len(laid.lines)


async def test_a_long_section_is_laid_out_once_before_the_first_frame(library, monkeypatch) -> None:
    reflows: list[Any] = []
    reflow = Compositor.reflow

    def counted(self: Compositor, *args: Any) -> Any:
        reflows.append(args)
        return reflow(self, *args)

    monkeypatch.setattr(Compositor, "reflow", counted)
    app = BriefingApp(library)
    frames: list[int] = []
    display = app._display

    def first_display(screen: Any, update: Any) -> None:
        if update is not None and not frames:
            frames.append(len(reflows))
        display(screen, update)

    app._display = first_display  # type: ignore[method-assign]
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert reader(app).view.show_vertical_scrollbar
    assert frames == [1]


async def test_a_wrong_forecast_still_gives_the_settled_first_frame(library, monkeypatch) -> None:
    # A terminal tall enough for the whole section, and a forecast that says it overflows.
    monkeypatch.setattr(section_view, "fewest_lines", lambda section, width: 10**6)
    first, settled = await first_and_settled(BriefingApp(library), (100, 140))
    assert first == settled
    monkeypatch.setattr(section_view, "fewest_lines", layout_module.fewest_lines)
    right, _ = await first_and_settled(BriefingApp(library), (100, 140))
    assert right == first


async def test_the_wrong_forecast_is_really_made(library, monkeypatch) -> None:
    asked: list[int] = []

    def overflowing(section: Any, width: int) -> int:
        asked.append(width)
        return 10**6

    monkeypatch.setattr(section_view, "fewest_lines", overflowing)
    app = BriefingApp(library)
    async with app.run_test(size=(100, 140)) as pilot:
        await pilot.pause()
        view = reader(app).view
        assert view.layout_lines and len(view.layout_lines) < 130
        assert not view.show_vertical_scrollbar
    assert asked == [100]
