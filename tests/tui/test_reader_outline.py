"""Pilot tests of the reader's outline (points, jumps, overlay, delete) and its palette jumps."""

from __future__ import annotations

from pilot_helpers import palette_lists, until

from tui.app import BriefingApp
from tui.screens.reader import ReaderScreen
from tui.widgets.outline import Outline

S1, S2, S3 = "c3398b5e8e-1", "c3398b5e8e-2", "c3398b5e8e-3"


def reader(app: BriefingApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_outline_lists_sections_and_points(app, shown, outline_filled):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = reader(app)
        outline = screen.outline
        await outline_filled(pilot, app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        node = outline._section_nodes[S2]
        labels = [str(child.label) for child in node.children]
        assert labels[0].startswith("一是解放思想走在前列")
        assert len(labels) == 5 and labels[4].startswith("五是")
        assert "一是解放思想走在前列" in shown(app)


async def test_outline_enter_on_point_jumps_to_block(app, shown, outline_filled):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = reader(app)
        outline = screen.outline
        await outline_filled(pilot, app)
        outline._load_section(S2)
        outline.reveal(S2)
        await pilot.pause()
        point = outline._section_nodes[S2].children[2]  # 三是…
        outline.focus()
        outline.move_cursor(point)
        await pilot.press("enter")
        # The jump lands once the section is typeset, which a loaded machine delays.
        await until(pilot, lambda: screen.view.cursor == 6, what="the cursor on 三是…")
        assert screen.section.id == S2
        assert screen.focused is screen.view
        line = next(t for t in shown(app).splitlines() if "▌" in t)
        assert "三是基础设施联通走在前列" in line


async def test_a_cursor_move_right_after_a_reveal_is_kept(app, outline_filled):
    async with app.run_test(size=(100, 32)) as pilot:
        outline = reader(app).outline
        await outline_filled(pilot, app)
        outline.reveal(S2)
        assert outline.cursor_node is outline._section_nodes[S2]  # at once, not after a refresh
        point = outline._section_nodes[S2].children[2]
        outline.move_cursor(point)  # as a key pressed before the next frame would
        await pilot.pause()
        await pilot.pause()
        assert outline.cursor_node is point


async def test_a_focused_outline_rebuilt_keeps_its_cursor_node(app, outline_filled):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = reader(app)
        outline = screen.outline
        await outline_filled(pilot, app)
        outline.reveal(S3)
        outline.focus()
        await pilot.pause()
        outline.rebuild(app.library.briefings(), S1, screen.read_sections())
        await pilot.pause()
        await pilot.pause()
        assert outline.cursor_node is not None and outline.cursor_node.data.section_id == S3
        assert outline._section_nodes[S1].is_expanded  # the section read is revealed


async def test_outline_click_opens_section(app, outline_filled):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = reader(app)
        outline = screen.outline
        await outline_filled(pilot, app)
        line = outline._section_nodes[S3].line
        assert line >= 0
        await pilot.click(Outline, offset=(8, line))
        await pilot.pause()
        assert screen.section.id == S3


async def test_narrow_terminal_starts_without_outline(app):
    async with app.run_test(size=(70, 24)) as pilot:
        screen = reader(app)
        assert not screen.outline.display
        await pilot.press("o")
        assert screen.outline.display
        await pilot.press("o")
        assert not screen.outline.display


async def test_o_focuses_the_outline_and_overlays_it_below_80_columns(app, library):
    async with app.run_test(size=(60, 20)) as pilot:
        screen = reader(app)
        column = screen.view._layout.column
        await pilot.press("o")
        await pilot.pause()
        # Over the text, with the keys: the text keeps its measure.
        assert screen.outline.display and screen.outline.has_focus
        assert screen.view._layout.column == column and screen.view.region.x == 0
        assert screen.outline.region.width >= 30
        await pilot.press("down", "escape")
        await pilot.pause()
        assert not screen.outline.display and screen.view.has_focus
        await pilot.press("o", "down", "down", "enter")  # a jump closes it too
        await pilot.pause()
        assert not screen.outline.display and screen.view.has_focus
    wide = BriefingApp(library)
    async with wide.run_test(size=(120, 35)) as pilot:
        screen = reader(wide)
        assert screen.outline.display and screen.view.has_focus
        await pilot.press("o")
        assert screen.outline.has_focus
        await pilot.press("escape")  # beside the text it stays in view
        await pilot.pause()
        assert screen.outline.display and screen.view.has_focus
        await pilot.press("o", "o")  # o from the outline goes back and hides it
        await pilot.pause()
        assert not screen.outline.display and screen.view.has_focus


async def test_palette_jumps_by_pinyin(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"wugezouzai")
        await palette_lists(pilot, app.library.section(S2).headline)
        await pilot.press("enter")
        await pilot.pause()
        assert reader(app).section.id == S2


async def test_palette_jumps_by_initials_and_chinese(app):
    async with app.run_test(size=(100, 32)) as pilot:
        for query, expected in (
            ("qyflhbys", S3),
            ("环保意识", S3),
            ("環保意識", S3),  # traditional characters find the simplified headline
            ("五个", S2),
            ("fangtan", None),  # no match: nothing to jump to, stays put
        ):
            first = app.library.section(expected).headline if expected else None
            expected = expected or reader(app).section.id
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*query)
            await palette_lists(pilot, first)
            await pilot.press("enter")
            await pilot.pause()
            if not isinstance(app.screen, ReaderScreen):
                await pilot.press("escape")
                await pilot.pause()
            assert reader(app).section.id == expected, query


async def test_palette_runs_reader_actions(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Next section")
        await palette_lists(pilot, "Next section")
        await pilot.press("enter")
        await pilot.pause()
        assert reader(app).section.id == S2


def test_pinyin_keys_align_with_the_headline():
    from store.search.pinyin import pinyin_keys

    keys = pinyin_keys("靠“五个走在前列”IT")
    assert keys.full == "kaowugezouzaiqianlieit"
    assert keys.initials == "kwgzzqlit"
    score, offsets = keys.find("wuge")
    assert score == 0.9 and offsets == (2, 3)
    score, offsets = keys.find("kwg")
    assert score == 0.85 and offsets == (0, 2, 3)
    assert keys.find("xyz") == (0.0, ())


async def test_delete_in_the_outline_removes_a_briefing_after_confirming(app, library, shown):
    from store.notes import add_note, list_notes
    from tui.screens.confirm import ConfirmScreen

    add_note(library, "c3398b5e8e-1", 0, "留着")
    async with app.run_test(size=(120, 35)) as pilot:
        screen = reader(app)
        await pilot.press("o")
        await pilot.pause()
        assert screen.outline.has_focus
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "湖南日报" in shown(app)
        await pilot.press("n")  # keep
        await pilot.pause()
        assert [b.id for b in library.briefings()] == ["c3398b5e8e"]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert library.briefings() == []
        assert screen.section is None and "(no briefings)" in shown(app)
    (entry,) = list_notes(library)
    assert entry.detached and entry.note.text == "留着"
