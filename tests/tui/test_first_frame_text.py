"""The reader's first frame shows the section as the settled reader does: its text set for the
pane's width, the cursor, the scrollbars and the status line (the outline and the footer's keys
come just after)."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.geometry import Region

from tests.tui.pilot_helpers import has_filled_outline, idle, until
from tui.app import BriefingApp
from tui.screens.reader import ReaderScreen

S1 = "c3398b5e8e-1"
HEADLINE = "开放强省再发力"


def reader(app: App) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def record_first_frame(app: App) -> list[Any]:
    """Keep the first frame the app writes (rows of the whole screen, and the pane's lines)."""
    frames: list[Any] = []
    display = app._display

    def first(screen: Any, update: Any) -> None:
        if update is not None and not frames:
            frames.append((app.screen._compositor.render_strips(), reader(app).view.layout_lines))
        display(screen, update)

    app._display = first  # type: ignore[method-assign]
    return frames


def text_part(app: App, strips: list[Any]) -> list[list[tuple[str, Any]]]:
    """The rows of the reading pane and the status line, the outline's columns left out."""
    screen = reader(app)
    left = screen.view.region.x
    right = screen.view.region.right
    bottom = screen.status_bar.region.bottom
    return [[(s.text, s.style) for s in strip.crop(left, right)] for strip in strips[:bottom]]


async def settle(pilot) -> None:
    await until(pilot, lambda: has_filled_outline(pilot.app))
    await idle(pilot)


async def first_and_settled(app: App, size: tuple[int, int]) -> tuple[list[Any], list[Any]]:
    """The first frame's and the settled screen's pane and status rows."""
    frames = record_first_frame(app)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        settled = text_part(app, app.screen._compositor.render_strips())
        first = text_part(app, frames[0][0])
        assert frames[0][1], "the pane was drawn before its section was typeset"
        view = reader(app).view
        app.seen = (view.cursor, view.scroll_offset.y)  # type: ignore[attr-defined]
    return first, settled


async def test_the_first_frame_shows_the_text_and_the_status_as_settled(library):
    first, settled = await first_and_settled(BriefingApp(library), (100, 32))
    text = ["".join(t for t, _ in row) for row in first]
    assert HEADLINE in text[0]
    assert "section 1/3" in text[-1] and "¶ 1/" in text[-1]
    assert first == settled


async def test_a_narrow_first_frame_is_the_settled_one_too(library):
    # Below 80 columns the outline is hidden and the text has the whole width.
    first, settled = await first_and_settled(BriefingApp(library), (70, 24))
    assert HEADLINE in "".join(t for t, _ in first[0])
    assert first == settled


async def test_a_saved_position_is_in_view_in_the_first_frame(library):
    library.user.set_position(S1, 12)
    app = BriefingApp(library)
    first, settled = await first_and_settled(app, (100, 32))
    cursor, scrolled = app.seen  # type: ignore[attr-defined]
    assert cursor == 12 and scrolled > 0
    assert first == settled


async def test_sections_are_set_for_the_pane_whatever_its_scrollbar(library):
    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        view = reader(app).view
        assert view.show_vertical_scrollbar  # the first section is longer than the pane
        column = view._layout.column
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: reader(app).section.id != S1)
        # Set for the same width as the first, whose scrollbar was not shown when it was set.
        assert view._layout.column == column
        # The text never scrolls sideways as a whole: no horizontal scrollbar hides a line.
        assert not view.show_horizontal_scrollbar
        await pilot.resize_terminal(120, 32)
        await pilot.resize_terminal(100, 32)
        await idle(pilot)
        assert view._layout.column == column


async def test_a_layout_that_leaves_the_pane_its_size_leaves_its_scroll(library):
    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        view = reader(app).view
        # Scrolled away from the cursor (as the mouse wheel does), the cursor staying put.
        view.scroll_to(y=12, animate=False, immediate=True)
        await idle(pilot)
        assert view.cursor == 0 and view.scroll_offset.y == 12
        # Another widget's layout lays the whole screen out again.
        reader(app).status_bar.refresh(layout=True)
        await idle(pilot)
        assert view.scroll_offset.y == 12
        await pilot.resize_terminal(100, 30)  # a new size brings the cursor back into view
        await idle(pilot)
        assert view.scroll_offset.y <= view.block_region(0).y < 12


async def test_a_resize_to_the_size_laid_out_lays_nothing_out_again(library):
    from textual import events

    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = reader(app)
        reflows: list[Any] = []
        reflow = screen._compositor.reflow

        def counted(*args: Any) -> Any:
            reflows.append(args)
            return reflow(*args)

        screen._compositor.reflow = counted  # type: ignore[method-assign]
        # As Textual sends a screen just shown, and then again: the same size each time.
        screen.post_message(events.Resize(app.size, app.size))
        screen.post_message(events.Resize(app.size, app.size))
        await idle(pilot)
        assert reflows == []
        # A layout a widget asks for is still made, once.
        screen.status_bar.refresh(layout=True)
        await idle(pilot)
        assert len(reflows) == 1
        # A terminal of another size is laid out for that size, its text set again.
        width = screen.view.size.width
        await pilot.resize_terminal(90, 30)
        await idle(pilot)
        assert len(reflows) >= 2
        assert screen._compositor.size == (90, 30)
        assert screen.view.size.width == width - 10
        assert screen.view._layout.column < 90
        lines = [row for row in text_part(app, screen._compositor.render_strips()) if row]
        assert HEADLINE in "".join(t for t, _ in lines[0])


async def test_the_containers_are_left_out_of_the_frame_and_what_they_hold_is_in_it(library):
    for size in ((100, 32), (70, 24)):
        await _containers_left_out(BriefingApp(library), size)


async def _containers_left_out(app: BriefingApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = reader(app)
        await pilot.press("o")  # over the text below 80 columns, beside it above
        await until(pilot, lambda: screen.outline.has_focus)
        await idle(pilot)
        drawn = {w.id for w in screen._compositor.visible_widgets if w.id}
        assert "body" not in drawn and "reading" not in drawn
        assert {"outline", "view", "status"} <= drawn
        # The outline, the text and the status line cover the screen above the footer.
        view, outline = screen.view.region, screen.outline.region
        covered = outline.union(view).union(screen.status_bar.region)
        assert covered == Region(0, 0, size[0], size[1] - 1)
        assert view.union(screen.status_bar.region).right == size[0]
        await pilot.press("o")
        await until(pilot, lambda: screen.view.has_focus)


async def test_a_stand_in_draws_each_line_as_textual_would() -> None:
    from textual.app import ComposeResult
    from textual.widget import Widget

    from tui.widgets.stand_in import StandIn

    class Panels(App[None]):
        CSS = """
        StandIn { width: 20; height: 6; background: $panel; }
        #side { border-right: vkey $primary; padding: 0 0 0 1; }
        #boxed { border: round $accent; }
        #padded { padding: 1 2; }
        """

        def compose(self) -> ComposeResult:
            yield StandIn(id="side")
            yield StandIn(id="boxed")
            yield StandIn(id="padded")

    app = Panels()
    async with app.run_test(size=(40, 24)) as pilot:
        await pilot.pause()
        for panel in app.query(StandIn):
            crop = Region(0, 0, *panel.outer_size)
            panel._styles_cache.clear()
            drawn = panel.render_lines(crop)
            panel._styles_cache.clear()
            textual = Widget.render_lines(panel, crop)
            assert len(drawn) == len(textual) == 6
            # Alike to the cell: text and style (an empty content's mouse offsets aside).
            assert looks(drawn) == looks(textual), panel.id
            # Its content lines, made without rendering its empty content, are Textual's own
            # (offsets included).
            for y in range(panel.size.height + 1):
                assert panel.render_line(y) == Widget.render_line(panel, y), (panel.id, y)


def looks(strips: list[Any]) -> list[list[tuple[str, Any]]]:
    """What lines show: each segment's text and style, without the mouse offsets they carry."""
    return [
        [(s.text, s.style and s.style.clear_meta_and_links()) for s in strip] for strip in strips
    ]
