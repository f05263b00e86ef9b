"""Pilot tests of how the reader looks and follows the reader: colours, outline cursor, widths."""

from __future__ import annotations

from pilot_helpers import has_filled_outline, idle, palette_lists, until
from rich.color import Color as RichColor

from tui.app import BriefingApp
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

S1, S2, S3 = "c3398b5e8e-1", "c3398b5e8e-2", "c3398b5e8e-3"


def reader(app: BriefingApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def text_style(view: SectionView, kind: str):
    """The style of the first text segment of the first line of a kind (kicker, paragraph...)."""
    lines = view.layout_lines
    y = next(i for i, line in enumerate(lines) if line.kind == kind and line.text.strip())
    view.scroll_to(y=0, animate=False, immediate=True)
    want = lines[y].text
    strip = view.render_line(y - view.scroll_offset.y)
    return next(seg.style for seg in strip if seg.text and seg.text in want and seg.text.strip())


def brightness(color: RichColor) -> float:
    r, g, b = color.get_truecolor()
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


async def test_kicker_byline_and_caption_are_dimmer_than_the_body(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        view = reader(app).view
        body = text_style(view, "paragraph")
        assert body.color is not None
        for kind in ("kicker", "byline", "caption"):
            style = text_style(view, kind)
            assert style.color is not None, kind
            # Muted text must come out darker than the body on a dark theme.
            assert brightness(style.color) < brightness(body.color), kind
        assert text_style(view, "caption").italic
        assert text_style(view, "headline").bold


async def test_cross_heads_are_legible_on_the_background(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = reader(app)
        screen.open_section(S3)
        await pilot.pause()
        view = screen.view
        style = text_style(view, "heading")
        assert style.bold and style.color is not None
        background = view.rich_style.bgcolor
        assert background is not None
        # Far enough from the background to read (the old $secondary was dark blue on black).
        assert abs(brightness(style.color) - brightness(background)) > 80


async def test_search_hit_background_is_blended_not_solid_accent(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        view = reader(app).view
        view.highlights = ((0, 0, 6),)
        await pilot.pause()
        y = view.block_region(0).y - view.scroll_offset.y
        lit = next(seg for seg in view.render_line(y) if seg.text == "11月20日")
        accent = app.current_theme.accent
        assert lit.style.bgcolor is not None
        got = lit.style.bgcolor.get_truecolor()
        solid = RichColor.parse(accent).get_truecolor()
        # "$accent 40%" over the background, not the full accent (unreadable under text).
        assert sum(abs(a - b) for a, b in zip(got, solid, strict=True)) > 60


async def test_outline_cursor_follows_the_open_section(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = reader(app)
        outline = screen.outline
        for expected in (S2, S3):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            node = outline.cursor_node
            assert node is not None and node.data is not None
            # On the section itself, not on a point that used to sit on that line.
            assert node.data.section_id == expected and node.data.block is None
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert outline.cursor_node.data.section_id == S1


async def test_outline_cursor_lands_on_the_section_before_the_tree_is_laid_out(app, monkeypatch):
    # On a loaded machine the outline may put its cursor back before it has numbered the
    # lines it just expanded (it does so when idle or drawn): the cursor must still land.
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: has_filled_outline(app), what="the outline is filled")
        outline = reader(app).outline
        monkeypatch.setattr(outline, "call_after_refresh", lambda fn, *args: fn(*args))
        await pilot.press("right_square_bracket", "right_square_bracket")
        await until(pilot, lambda: reader(app).section.id == S3)
        node = outline.cursor_node
        assert node is not None and node.data is not None
        assert node.data.section_id == S3 and node.data.block is None


async def test_status_counts_paragraphs_and_names_a_caption(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = reader(app)
        section = screen.section
        assert section.paragraphs == 28 and section.captions == 1
        caption = next(i for i, b in enumerate(section.blocks) if b.type == "caption")
        before = sum(1 for b in section.blocks[:caption] if b.type == "paragraph")
        screen.view.cursor = caption
        await pilot.pause()
        assert f"¶ {before}/28 · caption 1" in shown(app)  # as `--block "caption 1"` takes it
        await pilot.press("j")
        assert f"¶ {before + 1}/28" in shown(app) and "caption" not in shown(app).splitlines()[-2]
        await pilot.press("G")
        assert "¶ 28/28" in shown(app) and "100%" in shown(app)


async def test_outline_steps_aside_when_the_terminal_narrows(app):
    async with app.run_test(size=(120, 35)) as pilot:
        screen = reader(app)
        assert screen.outline.display
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert not screen.outline.display
        # The text gets the whole width back.
        assert screen.view._layout.column > 50
        await pilot.press("o")
        assert screen.outline.display  # the reader's own choice stands at this width
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        assert screen.outline.display
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert screen.outline.display and screen.view._layout.column == 80
        await pilot.press("o")
        await pilot.resize_terminal(60, 24)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert screen.outline.display


async def footer_line(pilot, shown) -> str:
    """The footer row, once the footer has composed its keys (it does so after a refresh)."""
    await until(pilot, lambda: "Help" in shown(pilot.app).splitlines()[-1], what="the footer")
    return shown(pilot.app).splitlines()[-1]


async def test_footer_shows_help_first_and_pairs_keys(app, shown):
    async with app.run_test(size=(70, 24)) as pilot:
        footer = await footer_line(pilot, shown)
        assert footer.lstrip().startswith("? Help")
        assert "j k ¶" in footer and "] [ Section" in footer
    async with BriefingApp(app.library).run_test(size=(120, 35)) as pilot:
        footer = await footer_line(pilot, shown)
        assert "t Theme" in footer and "q Quit" in footer


async def test_outline_cuts_long_headlines_with_an_ellipsis(app, shown, outline_filled):
    async with app.run_test(size=(100, 32)) as pilot:
        await outline_filled(pilot, app)
        outline = reader(app).outline
        width = outline.scrollable_content_region.width
        node = outline._section_nodes[S3]
        label = outline.render_label(node, outline.rich_style, outline.rich_style)
        assert label.plain.endswith("…") and label.cell_len <= width - outline.guide_depth
        row = next(t for t in shown(app).splitlines() if "企业法律环保意识淡薄" in t)
        assert "…" in row


async def test_outline_hover_shows_kicker_headline_deck_and_byline(app, outline_filled):
    async with app.run_test(size=(100, 32)) as pilot:
        await outline_filled(pilot, app)
        outline = reader(app).outline
        outline.hover_line = outline._section_nodes[S1].line
        await pilot.pause()
        tip = str(outline.tooltip)
        assert "开放强省再发力" in tip and "5年“转”来500多家企业" in tip
        assert "看衡阳承接产业转移" in tip and "黄婷婷" in tip
        outline.hover_line = 0  # the briefing itself has no tooltip
        await pilot.pause()
        assert outline.tooltip is None


async def test_current_hit_is_readable_in_light_and_dark_themes(app):
    async with app.run_test(size=(100, 32)) as pilot:
        view = reader(app).view
        for theme in ("textual-dark", "textual-light", "nord"):
            app.theme = theme
            await pilot.pause()
            style = view.get_component_rich_style("section-view--current-hit")
            assert style.color is not None and style.bgcolor is not None
            gap = abs(brightness(style.color) - brightness(style.bgcolor))
            assert gap > 100, theme


async def test_status_line_cuts_a_long_title_not_the_position(library, shown):
    title = "湖南日报 2018年11月23日 星期五 第07版 要闻 经济 社会 文化 体育 国际"
    body = "郴州有色金属产业链加速延伸\n\n本报记者 王晴\n\n第一段讲郴州的产业,写得足够长。\n"
    text = f"{title}\n\n{body}"
    result = library.import_text(text, origin="long-title.txt", meta={"title": title})
    section_id = result.briefing.sections[0].id
    app = BriefingApp(library, start_section=section_id)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = reader(app)
        assert screen.section.id == section_id
        screen.status_bar.show_suffix("hit 1/3")
        await pilot.pause()
        line = shown(app).splitlines()[-2]
        assert "…" in line and "section 1/1" in line and "100%" in line and "hit 1/3" in line


async def test_paragraph_indent_is_chosen_in_the_palette_and_remembered(library):
    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        view = reader(app).view
        first = next(line for line in view.layout_lines if line.kind == "paragraph")
        assert first.prefix == "  "
        await pilot.press("ctrl+p")
        await pilot.press(*"indent none")
        await palette_lists(pilot, "Paragraph indent: none")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and view.indent == 0)
        await idle(pilot)
        first = next(line for line in view.layout_lines if line.kind == "paragraph")
        assert first.prefix == ""
    assert library.user.get_setting("paragraph_indent") == 0
    again = BriefingApp(library)
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert reader(again).view.indent == 0
