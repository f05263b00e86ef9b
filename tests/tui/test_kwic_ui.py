"""Pilot tests of the concordance screen: from the reader and from search, sort, enter."""

from __future__ import annotations

from pilot_helpers import has_filled_outline, idle, palette_lists, settled, until

from store.search import fold
from tui.app import BriefingApp
from tui.screens.kwic import KwicScreen
from tui.screens.search import SearchScreen


async def settle(app, pilot) -> None:
    await settled(pilot)


async def test_concordance_from_the_reader_lists_every_occurrence(app, shown):
    async with app.run_test(size=(120, 36)) as pilot:
        reader = app.screen
        await pilot.press("K")
        screen = app.screen
        assert isinstance(screen, KwicScreen)
        await pilot.press(*"衡阳", "enter")
        await settle(app, pilot)
        assert screen.conc.total == 37 and len(screen.lines) == 37
        text = shown(app)
        assert "37 occurrences in 2 sections" in text
        assert "by year  2018: 37" in text and "湖南日报: 37" in text
        # Every line has its hit at the same column.
        rows = [r for r in text.splitlines() if "2018-11-22" in r and "衡阳" in r]
        assert len(rows) > 10
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.screen is reader
        nav = reader.search_nav
        assert nav.current == 2 and len(nav.places) == 37
        place = nav.places[2]
        assert reader.section.id == place.section_id
        assert reader.view.cursor == place.block
        block = reader.section.blocks[place.block].text
        assert block[place.start : place.end] == "衡阳"
        assert "hit 3/37" in shown(app)


async def test_sort_cycles_and_escape_goes_back(app):
    async with app.run_test(size=(120, 36)) as pilot:
        reader = app.screen
        await pilot.press("K", *"衡阳", "enter")
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("s")
        await settle(app, pilot)
        assert screen.sort == "left" and screen.conc.sort == "left"
        keys = [fold(li.left)[::-1][:2] for li in screen.lines]
        assert keys == sorted(keys)
        await pilot.press("s")
        await settle(app, pilot)
        keys = [fold(li.right)[:2] for li in screen.lines]
        assert screen.sort == "right" and keys == sorted(keys)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is reader and not reader.search_nav.active


async def test_concordance_from_search_opens_the_chosen_line(app):
    async with app.run_test(size=(120, 36)) as pilot:
        reader = app.screen
        await pilot.press("slash")
        search = app.screen
        assert isinstance(search, SearchScreen)
        search.box.value = "环保"
        await settle(app, pilot)
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        kwic = app.screen
        assert isinstance(kwic, KwicScreen) and kwic.conc.total == 7
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is reader
        assert reader.search_nav.query == "环保" and len(reader.search_nav.places) == 7


async def test_tab_in_search_switches_the_results_to_lines(app, shown):
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("slash")
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press(*"衡阳")
        await settle(app, pilot)
        assert search.results is not None and search.results.total == 2
        await pilot.press("tab")
        await settle(app, pilot)
        kwic = app.screen
        assert isinstance(kwic, KwicScreen) and kwic.query_text == "衡阳"
        assert kwic.conc.total == 37 and len(kwic.lines) == 37
        assert all(li.hit == "衡阳" for li in kwic.lines)
        assert "37 occurrences in 2 sections" in shown(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is search and search.box.value == "衡阳"
        # shift+tab still moves between the box and the results.
        await pilot.press("shift+tab")
        assert search.result_list.has_focus
        await pilot.press("shift+tab")
        assert search.box.has_focus


async def test_the_palette_over_search_offers_its_lines(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("slash", *"环保")
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Lines")
        await palette_lists(pilot, "Lines")
        await pilot.press("enter")
        await settle(app, pilot)
        kwic = app.screen
        assert isinstance(kwic, KwicScreen) and kwic.query_text == "环保"
        assert kwic.conc.total == 7


async def test_a_bad_query_says_so(app, shown):
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("K", *"-衡阳", "enter")

        def said() -> str:
            return str(app.screen.header.content)

        await idle(pilot, lambda: said() and not said().startswith("Type a query"))
        assert app.screen.conc is None or app.screen.conc.total == 0
        assert "衡阳" in shown(app)


def test_concordance_snapshot(library, snap_compare):
    async def open_lines(pilot) -> None:
        # As a reader sees it: the outline (filled after the first frame) is in place first.
        await until(pilot, lambda: has_filled_outline(pilot.app), what="the outline is filled")
        await pilot.press("K", *"产业", "enter")
        await settled(pilot)

    assert snap_compare(BriefingApp(library), terminal_size=(110, 30), run_before=open_lines)


def test_scope_words_narrow_the_concordance() -> None:
    from tui.screens.kwic import split_scope

    words, scope = split_scope("衡阳 since:2019-10 source:湖南日报 产业")
    assert words == "衡阳 产业"
    assert (scope.since, scope.until, scope.source) == ("2019-10", None, "湖南日报")
    try:
        split_scope("衡阳 until:2019-13")
    except ValueError as exc:
        assert "not a date" in str(exc)
    else:
        raise AssertionError("a bad date passed")


async def test_a_scope_in_the_box_counts_only_what_it_allows(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("K", *"衡阳 since:2019", "enter")
        await settle(app, pilot)
        assert app.screen.conc.total == 0
        box = app.screen.query_one("#kwic-query")
        box.value = "衡阳 until:2018-11"
        box.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.conc.total == 37


async def test_a_long_hit_never_wraps_its_line(app):
    async with app.run_test(size=(100, 16)) as pilot:
        await pilot.press("K", *"产业转移", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, KwicScreen) and screen.lines
        # Enough lines for a scrollbar: the lines still fit beside it.
        assert screen.line_list.show_vertical_scrollbar
        width = screen.line_list.scrollable_content_region.width
        for n in range(screen.line_list.option_count):
            prompt = screen.line_list.get_option_at_index(n).prompt
            assert prompt.cell_len <= width
            assert "产业转移" in prompt.plain
