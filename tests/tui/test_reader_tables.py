"""A table wider than the reading column keeps its rows whole and scrolls sideways."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.segment import Segment

from store import Library, open_library
from tui.app import BriefingApp

WIDE = (
    "湖南各市一季度经济数据\n本报记者 张三\n一季度各市主要经济指标如下表。\n"
    "| 城市 | 地区生产总值（亿元） | 同比增长 | 规模以上工业增加值增速 "
    "| 社会消费品零售总额（亿元） | 固定资产投资增速 | 备注 |\n"
    "| 长沙 | 3502.1 | 4.8% | 5.6% | 1320.4 | 3.1% | 省会城市，总量居全省首位 |\n"
    "| 衡阳 | 1046.3 | 5.2% | 6.1% | 502.7 | 4.4% | 承接产业转移势头良好 |\n"
    "以上数据来自各市统计局。\n"
)


@pytest.fixture
def wide_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    """A library holding one article with a table far wider than the screen."""
    monkeypatch.delenv("BRIEFING_HOME", raising=False)
    library = open_library(home=tmp_path / "lib", seed=False)
    library.import_text(WIDE, origin="wide.txt", meta={"title": "经济数据"})
    return library


async def test_wide_table_scrolls_sideways_instead_of_wrapping(
    wide_library: Library, shown
) -> None:
    app = BriefingApp(wide_library)
    async with app.run_test(size=(70, 24)) as pilot:
        view = app.screen.view
        table = next(i for i, b in enumerate(view.section.blocks) if b.type == "table")
        rows = [line.text for line in view.layout_lines if line.kind == "table"]
        # One screen line per row: header, rule, two body rows, the frame; no cell wrapped.
        assert len(rows) == 6
        assert "省会城市，总量居全省首位" in rows[3]
        assert "备注" not in shown(app)
        # Sideways keys do nothing until the cursor is on the table.
        await pilot.press("right")
        assert view.table_shift == 0
        while view.cursor != table:
            await pilot.press("j")
        for _ in range(6):
            await pilot.press("right")
        assert view.table_shift > 0
        text = shown(app)
        assert "备注" in text and "省会城市，总量居全省首位" in text
        # It stops at the table's right edge, and comes back to its left edge.
        shift = view.table_shift
        await pilot.press("right")
        assert view.table_shift == shift
        for _ in range(6):
            await pilot.press("left")
        assert view.table_shift == 0 and "备注" not in shown(app)
        # Moving the cursor off the table brings it back to its left edge.
        await pilot.press("right", "j")
        assert view.table_shift == 0


def test_wide_table_snapshot(wide_library: Library, snap_compare) -> None:
    assert snap_compare(
        BriefingApp(wide_library), terminal_size=(70, 24), press=["j", "right", "right"]
    )


async def test_every_drawn_line_is_as_long_as_the_pane_says(wide_library: Library) -> None:
    # The pane tells each line's strip its length instead of measuring it again: it must be
    # the length the strip's own segments measure, for lines cut short (the wide table's
    # rows) and lines padded out (the text) alike.
    app = BriefingApp(wide_library)
    async with app.run_test(size=(70, 24)) as pilot:
        view = app.screen.view
        await pilot.pause()
        width = view.scrollable_content_region.width
        kinds = set()
        for y in range(view.scrollable_content_region.height):
            strip = view.render_line(y)
            assert strip.cell_length == width
            assert Segment.get_line_length(list(strip)) == width
            index = view.scroll_offset.y + y
            if index < len(view.layout_lines):
                kinds.add(view.layout_lines[index].kind)
        assert {"table", "paragraph", "headline"} <= kinds
