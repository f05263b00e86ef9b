"""Pilot tests of search results opened up to their paragraphs (right, left, enter)."""

from __future__ import annotations

from pilot_helpers import has_filled_outline, idle, searched, settled, until

from tui.app import BriefingApp
from tui.screens.search import SearchScreen

S1 = "c3398b5e8e-1"


async def settle(app, pilot) -> None:
    await settled(pilot)


async def opened(pilot, screen: SearchScreen) -> None:
    """Wait until the paragraphs of the highlighted result are listed."""
    await idle(pilot, lambda: screen.expansion.opened)


async def open_results(app, pilot, query: str) -> SearchScreen:
    await pilot.press("slash")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.box.value = query
    await settle(app, pilot)
    await pilot.press("shift+tab")
    return screen


async def test_right_lists_each_matching_paragraph_and_enter_goes_to_it(app, shown):
    async with app.run_test(size=(110, 40)) as pilot:
        reader = app.screen
        screen = await open_results(app, pilot, "衡阳")
        await pilot.press("right")
        await opened(pilot, screen)
        paragraphs = screen.expansion.opened[0]
        section = app.library.section(S1)
        blocks = {p.block for p, _m in paragraphs if p.field == "block"}
        expected = {
            i for i, b in enumerate(section.blocks) if "衡阳" in (b.text or "\n".join(b.columns))
        }
        assert blocks == expected
        text = shown(app)
        assert "¶ 4 ×4" in text and "caption 1" in text and "deck" in text
        assert screen.result_list.highlighted == 1  # the first paragraph of the result
        # Down to ¶ 4 (deck, ¶ 1, ¶ 2, ¶ 3, ¶ 4) and open it.
        await pilot.press("down", "down", "down", "down", "enter")
        await pilot.pause()
        assert app.screen is reader and reader.section.id == S1
        nav = reader.search_nav
        place = nav.places[nav.current]
        para4 = [i for i, b in enumerate(section.blocks) if b.type == "paragraph"][3]
        assert place.block == para4 and reader.view.cursor == para4
        first = min(k for k, p in enumerate(nav.places) if p.block == para4)
        assert nav.current == first


async def test_left_folds_the_paragraphs_back(app):
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await open_results(app, pilot, "衡阳")
        await pilot.press("right")
        await opened(pilot, screen)
        count = screen.result_list.option_count
        assert count > 2
        await pilot.press("left")
        await pilot.pause()
        assert screen.expansion.opened == {} and screen.result_list.option_count == 2
        assert screen.result_list.highlighted == 0
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.section.id == "c3398b5e8e-2"


def test_paragraphs_snapshot(library, snap_compare):
    async def open_paragraphs(pilot) -> None:
        # As a reader sees it: the outline (filled after the first frame) is in place first.
        await until(pilot, lambda: has_filled_outline(pilot.app), what="the outline is filled")
        await pilot.press("slash", *"环保")
        screen = await searched(pilot)
        await pilot.press("shift+tab", "right")
        await opened(pilot, screen)

    assert snap_compare(BriefingApp(library), terminal_size=(100, 32), run_before=open_paragraphs)
