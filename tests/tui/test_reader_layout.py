"""The section layout: indents, blank lines, captions, tables, outline points."""

from __future__ import annotations

import itertools

from store.models import Block, Byline, Section
from store.typeset import CLOSING, OPENING, cell_width
from tui.widgets.layout import column_width, layout_section, outline_points

S1, S2, S3 = "c3398b5e8e-1", "c3398b5e8e-2", "c3398b5e8e-3"


def block_lines(layout, block):
    return [line for line in layout.lines if line.block == block]


def test_paragraph_lines_join_back_to_the_block(library):
    section = library.section(S1)
    for column in (20, 41, 80):
        layout = layout_section(section, column, indent=2)
        for n, block in enumerate(section.blocks):
            lines = block_lines(layout, n)
            assert "".join(line.text for line in lines) == block.text
            # Each line's start offset points at its text inside the block.
            for line in lines:
                assert block.text[line.start : line.start + len(line.text)] == line.text
            for line in lines:
                assert cell_width(line.prefix + line.text) <= column


def test_first_line_indent_and_blank_line_between_paragraphs(library):
    section = library.section(S1)
    layout = layout_section(section, 40, indent=2)
    first = block_lines(layout, 1)
    assert first[0].prefix == "  " and first[1].prefix == ""
    after = layout.block_last[1] + 1
    assert layout.lines[after].kind == "blank"
    assert layout.block_first[2] == after + 1
    wider = layout_section(section, 40, indent=4)
    assert block_lines(wider, 1)[0].prefix == "    "


def test_header_order_kicker_headline_deck_byline(library):
    layout = layout_section(library.section(S1), 80)
    kinds = [line.kind for line in layout.lines[:6]]
    assert kinds[:4] == ["kicker", "headline", "deck", "byline"]
    assert layout.lines[0].text == "开放强省再发力 承接产业转移看湘南湘西"
    assert layout.lines[3].text == "湖南日报见习记者 黄婷婷"
    # A dateline that opens the first paragraph is read there, not twice.
    s3 = layout_section(library.section(S3), 80)
    assert library.section(S3).blocks[0].text.startswith("湖南日报11月22日讯")
    assert not any(line.kind == "dateline" for line in s3.lines)
    apart = Section(
        "x-1",
        "x",
        1,
        "标题",
        dateline="新华社北京10月7日电",
        blocks=(Block("paragraph", "正文。"),),
    )
    assert [line.text for line in layout_section(apart, 40).lines if line.kind == "dateline"] == [
        "新华社北京10月7日电"
    ]


def test_caption_is_marked_as_photo(library):
    section = library.section(S1)
    n = next(i for i, b in enumerate(section.blocks) if b.type == "caption")
    lines = block_lines(layout_section(section, 30), n)
    assert lines[0].kind == "caption"
    assert lines[0].prefix.endswith("图 ")
    assert all(line.prefix.startswith("┃") for line in lines)
    assert "".join(line.text for line in lines) == section.blocks[n].text


def test_table_shows_its_columns_and_note(library):
    section = library.section(S3)
    n = next(i for i, b in enumerate(section.blocks) if b.type == "table")
    columns = section.blocks[n].columns
    for width in (80, 56, 40):
        lines = block_lines(layout_section(section, width), n)
        assert lines[0].text.startswith("┌") and any(line.kind == "table-note" for line in lines)
        assert all(cell_width(line.prefix + line.text) <= width for line in lines)
        # One header row across, as the command line and Markdown show it: each column's
        # name, wrapped inside its cell, reads back whole from top to bottom.
        head = [line.text for line in lines[1:] if line.text.startswith("│")]
        cells = [
            "".join(row.split("│")[i + 1].strip() for row in head) for i in range(len(columns))
        ]
        assert cells == list(columns)
    # Few columns fit across one row.
    small = Section("x-1", "x", 1, "t", blocks=(Block("table", columns=("甲", "乙"), note="注"),))
    rows = block_lines(layout_section(small, 40), 0)
    assert rows[1].text == "│ 甲 │ 乙 │"


def test_no_line_breaks_kinsoku_in_any_seed_section(library):
    for section in library.iter_sections():
        for column in (24, 40, 66, 80):
            layout = layout_section(section, column)
            for n, block in enumerate(section.blocks):
                if block.type == "table":
                    continue
                lines = block_lines(layout, n)
                for a, b in itertools.pairwise(lines):
                    assert b.text[0] not in CLOSING and a.text[-1] not in OPENING


def test_outline_points_of_the_interview(library):
    points = outline_points(library.section(S2))
    assert [block for block, _ in points] == [4, 5, 6, 7, 8]
    assert points[0][1] == "一是解放思想走在前列"
    assert points[4][1] == "五是体制机制创新走在前列"
    s3 = outline_points(library.section(S3))
    # The cross-head, shortened with an ellipsis to fit the outline.
    assert len(s3) == 1 and s3[0][0] == 8
    assert s3[0][1].startswith("群众信访举报转办") and s3[0][1].endswith("…")
    assert cell_width(s3[0][1]) <= 28


def test_outline_points_recognise_other_enumerations():
    blocks = (
        Block("paragraph", "（一）加快建设。正文"),
        Block("paragraph", "1. 第一条：内容"),
        Block("paragraph", "2019年,没有编号"),
        Block("paragraph", "一、总体要求。"),
    )
    section = Section("x-1", "x", 1, "h", byline=Byline(), blocks=blocks)
    assert outline_points(section) == [(0, "（一）加快建设"), (1, "1. 第一条"), (3, "一、总体要求")]


def test_column_is_about_forty_cjk_characters():
    assert column_width(200) == 80
    assert column_width(50) == 50
    assert column_width(3) == 8


def test_table_body_rows_sit_under_the_header(library):
    block = Block("table", columns=("城市", "地区生产总值"), rows=(("衡阳", "3046亿元"), ("郴州",)))
    rows = block_lines(layout_section(Section("x-1", "x", 1, "t", blocks=(block,)), 40), 0)
    assert [line.text for line in rows] == [
        "┌──────┬──────────────┐",
        "│ 城市 │ 地区生产总值 │",
        "├──────┼──────────────┤",
        "│ 衡阳 │ 3046亿元     │",
        "│ 郴州 │              │",
        "└──────┴──────────────┘",
    ]
