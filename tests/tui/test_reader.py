"""Pilot tests of the reader: opening, moving, sections, resume, themes, help, resizing."""

from __future__ import annotations

import itertools

from pilot_helpers import idle, palette_lists
from textual import events

from store import open_library
from store.typeset import CLOSING, cell_width
from tui.app import BriefingApp
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

S1, S2, S3 = "c3398b5e8e-1", "c3398b5e8e-2", "c3398b5e8e-3"


def reader(app: BriefingApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_opens_first_section_typeset(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = reader(app)
        assert screen.section is not None and screen.section.id == S1
        assert screen.view.cursor == 0
        text = shown(app)
        assert "开放强省再发力 承接产业转移看湘南湘西" in text  # kicker
        assert "5年“转”来500多家企业" in text  # headline
        assert "湖南日报见习记者 黄婷婷" in text  # byline
        # First paragraph with its two-cell indent after the cursor bar.
        assert "▌   11月20日,衡阳,寒风冬雨,项目建设依然红红火火。" in text
        assert "section 1/3" in text and "¶ 1/28" in text  # paragraphs, as briefing list counts
        assert screen.outline.display  # 100 columns: the outline starts open
        assert screen.focused is screen.view


async def test_keys_move_the_paragraph_cursor(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = reader(app)
        await pilot.press("j", "j", "down")
        assert screen.view.cursor == 3
        assert "¶ 4/28" in shown(app)
        await pilot.press("k", "up")
        assert screen.view.cursor == 1
        line = next(t for t in shown(app).splitlines() if "▌" in t)
        assert "建滔(衡阳)实业有限公司总经理成疆" in line
        await pilot.press("G")
        assert screen.view.cursor == 28
        assert "100%" in shown(app)
        # The last block is in view after jumping to the bottom.
        assert "自2013年以来" in shown(app)
        await pilot.press("g")
        assert screen.view.cursor == 0
        await pilot.press("k")
        assert screen.view.cursor == 0


async def test_paging_moves_cursor_into_view(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = reader(app)
        await pilot.pause()  # the view scrolls once its first layout is done
        await pilot.press("space")
        first = screen.view.cursor
        assert first > 0
        assert screen.view.scroll_offset.y > 0
        await pilot.press("pagedown")
        assert screen.view.cursor > first
        await pilot.press("pageup", "pageup", "pageup")
        assert screen.view.cursor == 0


async def test_next_and_previous_section(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = reader(app)
        await pilot.press("right_square_bracket")
        assert screen.section.id == S2
        text = shown(app)
        assert "靠“五个走在前列”跑出承接“加速度”" in text
        assert "section 2/3" in text
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.section.id == S3  # stays on the last section
        await pilot.press("left_square_bracket")
        assert screen.section.id == S2


async def test_each_section_remembers_its_own_paragraph(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = reader(app)
        await pilot.press("j", "j")
        await pilot.press("right_square_bracket", "j")
        assert (screen.section.id, screen.view.cursor) == (S2, 1)
        await pilot.press("left_square_bracket")
        assert (screen.section.id, screen.view.cursor) == (S1, 2)


async def test_click_paragraph_makes_it_current(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = reader(app)
        view = screen.view
        target = view.block_region(2).y - view.scroll_offset.y
        await pilot.click(SectionView, offset=(20, target))
        assert view.cursor == 2


async def test_mouse_wheel_scrolls(app):
    async with app.run_test(size=(100, 32)) as pilot:
        view = reader(app).view
        await pilot.pause()
        before = view.scroll_offset.y
        view.post_message(events.MouseScrollDown(view, 20, 5, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert view.scroll_offset.y > before


async def test_resume_after_restart(library, tmp_path):
    first = BriefingApp(library)
    async with first.run_test(size=(100, 32)) as pilot:
        await pilot.press("right_square_bracket", "j", "j", "j", "j")
        assert reader(first).view.cursor == 4
        await pilot.press("q")
    assert library.user.last_section() == S2
    assert library.user.get_position(S2) == 4

    again = BriefingApp(open_library(home=tmp_path / "lib"))
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = reader(again)
        assert screen.section.id == S2
        assert screen.view.cursor == 4
        line = next(t for t in screen_rows(again) if "▌" in t)
        assert "一是解放思想走在前列" in line


def screen_rows(app):
    strips = app.screen._compositor.render_strips()
    return ["".join(seg.text for seg in strip) for strip in strips]


async def test_position_saved_without_quitting(app, library):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j", "j")
        # The position is saved once the cursor rests, off the event loop.
        await idle(pilot, lambda: library.user.get_position(S1) == 2)
        assert library.user.get_position(S1) == 2


async def test_theme_choice_is_saved_and_restored(library, tmp_path):
    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"dracula")
        await palette_lists(pilot, "dracula")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "dracula"
        await app.workers.wait_for_complete()
    assert library.user.get_setting("theme") == "dracula"
    again = BriefingApp(open_library(home=tmp_path / "lib"))
    async with again.run_test(size=(100, 32)):
        assert again.theme == "dracula"


async def test_help_screen_lists_every_key(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = shown(app)
        for description in (
            "Next ¶",
            "Prev ¶",
            "Page down",
            "Page up",
            "Next section",
            "Prev section",
            "Top",
            "Bottom",
            "Outline",
            "Help",
            "Theme",
            "Commands",
            "Quit",
        ):
            assert description in text, description
        actions = {row.action for row in app.screen.rows}
        assert {"next_block", "page_down", "toggle_outline", "help", "quit"} <= actions
        row = next(r for r in app.screen.rows if r.action == "next_block")
        assert row.keys[0] == "j" and len(row.keys) == 2
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_reflows_on_resize(app, shown):
    async with app.run_test(size=(60, 24)) as pilot:
        screen = reader(app)
        await pilot.pause()
        narrow = screen.view._layout.column
        await pilot.resize_terminal(200, 40)
        await pilot.pause()
        wide = screen.view._layout.column
        assert narrow < wide == 80
        body = [line for line in screen.view.layout_lines if line.kind == "paragraph"]
        for line in body:
            assert cell_width(line.prefix + line.text) <= wide
        for a, b in itertools.pairwise(body):
            if a.block == b.block:
                assert b.text[0] not in CLOSING
        # Centred: the text column starts well right of the screen's left edge.
        row = next(t for t in screen_rows(app) if "11月20日" in t)
        assert row.index("11月20日") > 40


async def test_hostile_text_is_shown_literally(library, shown):
    text = "[bold]红[/] 标题[/\n\n这是正文[/b]第一段,写得足够长以成为段落。[link=x]点[/link]\n"
    result = library.import_text(text, origin="evil.txt")
    section_id = result.briefing.sections[0].id
    app = BriefingApp(library, start_section=section_id)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen_str = shown(app)
        section = reader(app).section
        assert section.id == section_id
        assert section.headline == "[bold]红[/] 标题[/"
        assert "[bold]红[/] 标题[/" in screen_str
        assert "这是正文[/b]第一段" in screen_str
        assert "[link=x]点[/link]" in screen_str
        # The outline and the status line show it literally too.
        assert screen_str.count("[bold]红[/]") >= 2


async def test_marks_and_highlights_hooks(app):
    async with app.run_test(size=(100, 32)) as pilot:
        view = reader(app).view
        view.marks = {1: {"bookmark"}, 2: {"note"}}
        view.highlights = ((0, 0, 6),)
        await pilot.pause()
        rows = screen_rows(app)
        row1 = next(t for t in rows if "建滔(衡阳)实业有限公司总经理" in t)
        assert "◆" in row1
        row2 = next(t for t in rows if "这是建滔化工集团" in t)
        assert "✎" in row2
        y = view.block_region(0).y - view.scroll_offset.y
        strip = view.render_line(y)
        lit = [seg for seg in strip if seg.text == "11月20日"]
        assert lit and lit[0].style.bgcolor is not None
        view.highlights = ()
        await pilot.pause()
        assert not [seg for seg in view.render_line(y) if seg.text == "11月20日"]
