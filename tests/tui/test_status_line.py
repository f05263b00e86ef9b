"""The status line: a long title gives way to the position, parts keep their styles."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.content import Content

from tui.widgets.status_bar import ReadingState, StatusBar

TITLE = "新闻联播文字版：国家主席发表二〇二六年新年贺词" * 3
KINDS = ("paragraph", "caption", "paragraph")


class OneBar(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")


def styled(content: Content, text: str) -> tuple[bool, bool]:
    """Whether the first occurrence of `text` is drawn bold and italic."""
    at = content.plain.index(text)
    style = content.get_style_at_offset(at)
    return bool(style.bold), bool(style.italic)


async def test_a_long_title_is_cut_and_the_position_kept_whole() -> None:
    app = OneBar()
    async with app.run_test(size=(60, 3)) as pilot:
        bar = app.query_one(StatusBar)
        bar.show_state(ReadingState(TITLE, 2, 5, 1, 3, KINDS, (10, 10, 20)))
        bar.show_suffix("hit 2/9")
        await pilot.pause()
        content = bar.render()
        assert isinstance(content, Content)
        where = "  section 2/5  ¶ 1/2 · caption 1  50%  hit 2/9"
        assert content.plain.endswith("…" + where)
        assert cell_len(content.plain) == 60
        assert styled(content, "新闻") == (True, False)  # the line is bold
        assert styled(content, "section") == (True, False)
        assert styled(content, "· caption") == (True, True)
        assert styled(content, "hit 2/9") == (True, False)


async def test_a_short_title_is_whole_and_the_note_starts_where_it_is_clicked() -> None:
    app = OneBar()
    async with app.run_test(size=(100, 3)) as pilot:
        bar = app.query_one(StatusBar)
        bar.show_state(ReadingState("新年贺词", 1, 1, 0, 3, KINDS, (10, 10, 20)))
        bar.show_news("3 new matches")
        await pilot.pause()
        content = bar.render()
        assert content.plain == "新年贺词  section 1/1  ¶ 1/2  25%  3 new matches"
        assert styled(content, "3 new") == (True, True)
        # The note begins after its two spaces: 8 cells of title, then the position.
        assert bar._news_from == cell_len(content.plain) - len("3 new matches")
