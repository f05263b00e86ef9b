"""The reading pane's scrollbar draws each kind of line once and repeats it: its lines must be
the ones Textual's own scrollbar draws, wherever the thumb is and whatever its state."""

from __future__ import annotations

from pilot_helpers import until
from textual.geometry import Region
from textual.scrollbar import ScrollBar

from tui.app import BriefingApp
from tui.widgets.section_view import PaneScrollBar


def drawn_both_ways(bar: ScrollBar) -> tuple[list, list]:
    """The bar's lines as it draws them, and as Textual's scrollbar draws them (every line
    styled), from a cleared styling cache each."""
    crop = Region(0, 0, bar.size.width, bar.size.height)
    bar._styles_cache.clear()
    own = bar.render_lines(crop)
    bar._styles_cache.clear()
    textual = ScrollBar.render_lines(bar, crop)
    return own, textual


async def test_the_pane_scrollbar_draws_what_textual_would(library) -> None:
    app = BriefingApp(library)
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.screen.query_one("#view")
        await until(pilot, lambda: view.max_scroll_y > 10)
        bar = view.vertical_scrollbar
        assert isinstance(bar, PaneScrollBar) and bar.display
        seen = []
        for y in (0, 1, 5, view.max_scroll_y // 2, view.max_scroll_y - 1, view.max_scroll_y):
            view.scroll_to(y=y, animate=False, immediate=True)
            await pilot.pause()
            for over in (False, True):
                bar.mouse_over = over
                own, textual = drawn_both_ways(bar)
                assert own == textual
                assert len(own) == bar.size.height
                seen.append(tuple(tuple(line) for line in own))
        # The thumb moved: the check compared bars that differ.
        assert len(set(seen)) > 4
