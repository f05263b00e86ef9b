"""Tables with rows: pipe, tab and space-aligned grids keep their cells; described ones don't."""

from __future__ import annotations

from store.ingest import parse
from store.models import Block, Section
from store.notes import block_text as readable_text
from store.search.fields import block_text

LEAD = "全省重点项目建设进展顺利，一批项目提前完工。"


def _table(text: str) -> Block:
    (section,) = parse(text).sections
    (table,) = [b for b in section.blocks if b.type == "table"]
    return table


def test_space_aligned_columns_are_a_table_with_rows() -> None:
    grid = (
        "项目名称    投资额    进度\n有色金属加工    12亿元    在建\n智能装备园    8亿元    竣工\n"
    )
    text = f"标题\n\n{LEAD}\n\n{grid}"
    table = _table(text)
    assert table.columns == ("项目名称", "投资额", "进度")
    assert table.rows == (("有色金属加工", "12亿元", "在建"), ("智能装备园", "8亿元", "竣工"))
    assert table.note is None
    assert table.to_dict()["rows"][1] == ["智能装备园", "8亿元", "竣工"]


def test_full_width_spaces_inside_names_make_no_table() -> None:
    text = f"标题\n\n本报记者　李　四\n\n{LEAD}\n\n晚間槍響！警開兩槍逮3人　通緝犯1人逃脫\n{LEAD}\n"
    (section,) = parse(text).sections
    assert not any(b.type == "table" for b in section.blocks)


def test_two_aligned_lines_are_not_enough() -> None:
    text = f"标题\n\n{LEAD}\n\n春眠不觉晓  处处闻啼鸟\n夜来风雨声  花落知多少\n"
    (section,) = parse(text).sections
    assert not any(b.type == "table" for b in section.blocks)


def test_pipe_table_rows_and_a_described_table_without_rows() -> None:
    table = _table(
        f"标题\n\n{LEAD}\n\n| 城市 | 天数 |\n| --- | --- |\n| 长沙 | 300 |\n| 株洲 | 290 |\n"
    )
    assert table.columns == ("城市", "天数")
    assert table.rows == (("长沙", "300"), ("株洲", "290"))
    described = _table(f"标题\n\n{LEAD}\n\nTable with 2 columns: 城市, 天数. It contains 9 rows.\n")
    assert described.columns == ("城市", "天数") and described.rows == ()
    assert described.note is not None


def test_rows_are_searchable_and_quotable() -> None:
    block = Block("table", columns=("城市", "天数"), rows=(("长沙", "300"),))
    assert "长沙 | 300" in block_text(block)
    assert readable_text(block) == "城市 | 天数\n长沙 | 300"
    section = Section(id="x-1", briefing_id="x", order=1, headline="h", blocks=(block,))
    assert Section.from_dict(section.to_dict()).blocks[0].rows == (("长沙", "300"),)
