"""Pilot tests of search in the reader: /, results as you type, enter, n/N, escape, ctrl+f."""

from __future__ import annotations

from pilot_helpers import searched, until

from store.search.fields import field_texts
from tui.app import BriefingApp
from tui.screens.search import SearchScreen
from tui.widgets.search_box import RECENT_SETTING

S1, S2, S3 = "c3398b5e8e-1", "c3398b5e8e-2", "c3398b5e8e-3"


async def type_query(app, pilot, query: str) -> SearchScreen:
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.box.value = query
    return await searched(pilot)


def lit(reader) -> list[str]:
    """The text of every search hit lit up in the shown section, head fields included."""
    texts = {(f, b): t for f, b, t in field_texts(reader.section)}
    return [texts[(f, b)][s:e] for f, b, s, e in reader.view.hits]


async def test_search_all_then_open_and_walk_hits(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        await pilot.press("slash")
        screen = await type_query(app, pilot, "衡阳")
        assert screen.results is not None and screen.results.total == 2
        text = shown(app)
        assert "2 sections match 衡阳" in text
        assert "5年“转”来500多家企业" in text and "29 hits" in text and "8 hits" in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is reader
        assert reader.section.id == S1
        hits = lit(reader)
        # Every hit is lit, the one in the deck too, and the count matches the result's.
        assert len(hits) == 29 and set(hits) == {"衡阳"}
        assert ("deck", None) in {(f, b) for f, b, _s, _e in reader.view.hits}
        nav = reader.search_nav
        total = len(nav.places)
        assert total == 29 + 8
        # The section opens at the paragraph of the snippet (after the hit in the deck).
        assert nav.current == 1 and nav.places[0].field == "deck"
        assert reader.view.cursor == nav.places[1].block == 0
        assert reader.view.current_hit == nav.places[1].mark
        assert f"hit 2/{total}" in shown(app)
        await pilot.press("n")
        assert nav.current == 2 and f"hit 3/{total}" in shown(app)
        await pilot.press("N", "N")
        assert nav.current == 0 and reader.view.cursor == 0 and reader.view.scroll_offset.y == 0
        await pilot.press("N")
        # Wrapped round to the last hit, which is in the interview.
        assert nav.current == total - 1 and reader.section.id == S2
        assert set(lit(reader)) == {"衡阳"}
        await pilot.press("n")
        assert reader.section.id == S1 and nav.current == 0
        await pilot.press("escape")
        assert reader.view.hits == () and "hit " not in shown(app)
        assert app.library.user.get_setting(RECENT_SETTING) == ["衡阳"]


async def test_enter_on_a_chosen_result_opens_it(app):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        await pilot.press("slash")
        screen = await type_query(app, pilot, "衡阳")
        await pilot.press("shift+tab", "down", "enter")
        await pilot.pause()
        assert app.screen is reader and reader.section.id == S2
        place = reader.search_nav.places[reader.search_nav.current]
        assert place.section_id == S2 and reader.view.cursor == place.block
        del screen


async def test_results_update_as_you_type_and_escape_returns(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        await pilot.press("slash")
        await pilot.press(*"huanbao")
        screen = await searched(pilot)
        assert screen.results.total == 1 and screen.results.via == "pinyin"
        assert "read as pinyin" in shown(app)
        await pilot.press("escape")
        assert app.screen is reader and reader.view.hits == ()
        # What found something comes back with up, even though nothing was opened.
        assert app.library.user.get_setting(RECENT_SETTING) == ["huanbao"]
        await pilot.press("slash")
        await type_query(app, pilot, "qqqzzz")
        await pilot.press("escape")
        assert app.library.user.get_setting(RECENT_SETTING) == ["huanbao"]


async def test_find_in_section(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        await pilot.press("ctrl+f")
        screen = await type_query(app, pilot, "环保")
        assert "Not in this section: 环保." in shown(app)
        screen = await type_query(app, pilot, "中兴")
        n = len(screen.places)
        assert n >= 3 and f"{n} hits of 中兴 in this section" in shown(app)
        await pilot.press("shift+tab", "down", "enter")
        await pilot.pause()
        assert app.screen is reader and reader.section.id == S1
        assert reader.search_nav.current == 1
        assert set(lit(reader)) == {"中兴"} and len(reader.view.hits) == n
        assert f"hit 2/{n}" in shown(app)


async def test_recent_queries_come_back_with_up(library):
    library.user.set_setting(RECENT_SETTING, ["环保", "衡阳"])
    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("slash")
        screen = app.screen
        await pilot.press("up")
        assert screen.box.value == "环保"
        await pilot.press("up")
        assert screen.box.value == "衡阳"
        await pilot.press("down", "down")
        assert screen.box.value == ""


async def test_hits_move_with_the_section(app):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        await pilot.press("slash")
        await type_query(app, pilot, "衡阳")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert reader.section.id == S2 and set(lit(reader)) == {"衡阳"}
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert reader.section.id == S3 and reader.view.hits == ()


def test_results_screen_snapshot(library, snap_compare):
    async def search_hengyang(pilot) -> None:
        # As a reader sees it: the outline (filled after the first frame) is in place first.
        def outline_on_the_first() -> bool:
            reader = pilot.app.reader
            outline = reader.query("#outline") if reader is not None else None
            node = outline.first().cursor_node if outline else None
            return node is not None and node.data is not None and node.data.section_id == S1

        await until(pilot, outline_on_the_first)
        await pilot.pause()
        await pilot.press("slash")
        await pilot.press(*"hengyang")
        await searched(pilot)

    assert snap_compare(BriefingApp(library), terminal_size=(100, 32), run_before=search_hengyang)


async def test_search_hits_and_quoted_notes_are_lit_independently(app):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        view = reader.view
        view.highlights = ((2, 0, 4),)  # a note quoting the start of the third block
        await pilot.press("slash")
        await type_query(app, pilot, "衡阳")
        await pilot.press("enter")
        await pilot.pause()
        assert view.highlights == ((2, 0, 4),) and view.hits
        reader.refresh_marks()  # the notes feature redraws its marks (e.g. another process)
        await pilot.pause()
        assert view.hits and reader.search_nav.active
        await pilot.press("escape")
        assert view.hits == () and view.current_hit is None


async def test_hit_in_the_headline_is_drawn_lit(app):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        await pilot.press("slash")
        await type_query(app, pilot, "500多家企业")
        await pilot.press("enter")
        await pilot.pause()
        view = reader.view
        assert ("headline", None, 6, 13) in view.hits
        y = next(i for i, line in enumerate(view.layout_lines) if line.kind == "headline")
        strip = view.render_line(y - view.scroll_offset.y)
        lit = [seg for seg in strip if seg.text == "500多家企业"]
        plain = [seg for seg in strip if seg.text == "5年“转”来"]
        assert lit and plain and lit[0].style.bgcolor != plain[0].style.bgcolor


async def test_find_lists_hits_in_the_head_and_counts_paragraphs(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        reader.open_section(S3)
        await pilot.pause()
        await pilot.press("ctrl+f")
        screen = await type_query(app, pilot, "环保")
        fields = [p.field for p in screen.places]
        assert fields[:2] == ["kicker", "headline"] and "block" in fields
        text = shown(app)
        assert "kicker" in text and "headline" in text and "¶ 1 " in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is reader and reader.search_nav.current == 0
        assert reader.view.current_hit == ("kicker", None, 0, 2)
        assert reader.view.scroll_offset.y == 0


async def test_next_hit_counts_from_where_the_reader_has_moved(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        await pilot.press("ctrl+f")
        screen = await type_query(app, pilot, "中兴")
        blocks = [p.block for p in screen.places]
        await pilot.press("enter")
        await pilot.pause()
        nav = reader.search_nav
        assert nav.current == 0 and reader.view.cursor == blocks[0]
        # Read on past the first few hits, then ask for the next one.
        later = blocks[-1]
        reader.view.cursor = later
        await pilot.pause()
        await pilot.press("n")
        assert reader.view.cursor == later and nav.current == blocks.index(later)
        reader.view.cursor = later + 1  # past the last hit: n wraps to the first
        await pilot.press("n")
        assert nav.current == 0 and reader.view.cursor == blocks[0]
        reader.view.cursor = later
        await pilot.press("N")
        before = max(i for i, b in enumerate(blocks) if b < later)
        assert nav.current == before and f"hit {before + 1}/{len(blocks)}" in shown(app)


async def test_enter_before_the_results_arrive_still_opens_the_first(app):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        await pilot.press("slash")
        await pilot.press(*"huanbao", "enter")  # no pause for the debounce
        await until(pilot, lambda: app.screen is reader)
        assert app.screen is reader and reader.section.id == S3
        assert reader.search_nav.active


async def test_escape_clears_hits_then_goes_back_to_where_the_search_began(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        await pilot.press("j", "j", "j")
        await pilot.press("slash")
        await type_query(app, pilot, "醴陵")
        await pilot.press("enter")
        await pilot.pause()
        assert reader.section.id == S3 and reader.view.hits
        await pilot.press("escape")
        assert reader.view.hits == () and reader.section.id == S3
        await pilot.press("escape")
        await pilot.pause()
        assert reader.section.id == S1 and reader.view.cursor == 3
        # With nothing left to undo, escape changes nothing.
        await pilot.press("escape")
        assert reader.section.id == S1 and reader.view.cursor == 3


async def test_escape_does_not_go_back_once_the_reader_moved_on(app):
    async with app.run_test(size=(100, 32)) as pilot:
        reader = app.screen
        await pilot.press("slash")
        await type_query(app, pilot, "醴陵")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape", "j", "escape")
        await pilot.pause()
        assert reader.section.id == S3
