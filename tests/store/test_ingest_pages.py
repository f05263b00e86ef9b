"""Pages in other shapes and encodings than the seed (files in tests/fixtures/pages/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.ingest import parse, read_file
from store.models import Block, Byline, ParsedBriefing

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def _load(name: str) -> ParsedBriefing:
    return parse(read_file(PAGES / name))


def test_indented_crlf_gb18030_page() -> None:
    # Full-width indents, CRLF, a kicker ending in ——, a deck on its own line, a
    # two-role byline, a caption inside a broken paragraph, and a cross-head.
    (s,) = _load("indented-crlf.gb18030.txt").sections
    assert s.kicker == "聚焦乡村振兴"
    assert s.headline == "稻田里长出“金饭碗”"
    assert s.deck == "记益阳市赫山区种粮大户王建军"
    assert s.byline == Byline(role="本报记者 通讯员", authors=("张三", "李四"))
    assert s.dateline is None
    assert [b.type for b in s.blocks] == [
        "paragraph",
        "paragraph",
        "paragraph",
        "caption",
        "heading",
        "paragraph",
        "paragraph",
    ]
    assert s.blocks[2].text == (
        "2015年，王建军从广东返乡，流转土地300亩，成立了种粮专业合作社。起初，由于缺乏经验，"
        "合作社连续两年亏损。后来，他跟着农技专家学习，逐步掌握了科学种田的方法。"
    )
    assert s.blocks[3] == Block("caption", "10月8日，赫山区笔架山乡，王建军在查看稻谷长势。")
    assert s.blocks[4] == Block("heading", "从“看天吃饭”到“知天而作”")


def test_single_newline_big5_page() -> None:
    # Traditional Chinese in Big5, one block per line, no blank lines at all.
    first, second = _load("single-newline.big5.txt").sections
    assert first.kicker == "香港經濟觀察"
    assert first.headline == "港珠澳大橋通車五週年 客流量穩步上升"
    assert first.byline == Byline(role="本報記者", authors=("陳大文",))
    assert first.dateline == "本報香港10月23日訊"
    assert [b.type for b in first.blocks] == ["paragraph", "paragraph", "caption"]
    assert first.blocks[2].text == "圖為港珠澳大橋香港口岸。"
    assert second.kicker is None
    assert second.headline == "前三季度經濟穩中向好"
    assert second.dateline == "新華社北京10月7日電"
    assert second.byline == Byline(role="記者", authors=("李明",))
    assert [b.type for b in second.blocks] == ["paragraph", "paragraph"]
    assert second.blocks[0].text.startswith("新華社北京10月7日電（記者 李明）國家統計局")


def test_fullwidth_utf16_page_with_pipe_table() -> None:
    (s,) = _load("fullwidth-pipe-table.utf16.txt").sections
    assert s.headline == "全省空气质量持续改善"
    assert s.dateline == "湖南日报１１月２２日讯"
    assert s.byline == Byline(role="记者 通讯员", authors=("曹娟", "王芳"))
    assert [b.type for b in s.blocks] == ["paragraph", "paragraph", "table", "paragraph"]
    table = s.blocks[2]
    assert table.columns == ("城市", "优良天数比例", "同比变化")
    assert table.note is None
    assert ("长沙", "８２．１％", "上升２．３个百分点") in table.rows
    assert ("株洲", "８３．４％", "上升１．８个百分点") in table.rows
    assert not any("---" in c for r in table.rows for c in r)


def test_hard_wrapped_utf8_bom_page_with_escapes() -> None:
    # ASCII "--" between headline and deck, lines wrapped inside paragraphs, ASCII and
    # full-width punctuation mixed, and terminal escapes and bidi controls to drop.
    (s,) = _load("hardwrap-mixed-punct.utf8bom.txt").sections
    assert s.headline == "地铁6号线贯通"
    assert s.deck == "长沙轨道交通建设再提速"
    assert s.dateline == "本报讯"
    assert s.byline == Byline(role="记者", authors=("周军",))
    assert [b.text for b in s.blocks] == [
        "本报讯(记者 周军)11月5日,长沙地铁6号线全线贯通。这条线路全长48.11公里,"
        "共设车站34座，预计2022年年底开通运营。",
        "“6号线是长沙东西向的城市大动脉。”长沙市轨道交通集团负责人介绍,"
        "线路西起谢家桥站,东至黄花机场T1T2航站楼站;",
        "沿线串联起河西、芙蓉区和长沙县。",
        "为什么要建6号线?答案很简单:缓解交通压力。",
        "地铁建设者们连续奋战了1000多个日夜。",
    ]


def test_masthead_page_with_untitled_lead_and_tab_table() -> None:
    briefing = _load("masthead-tab-table.utf8.txt")
    assert briefing.title == "湖南日报 第07版"
    assert briefing.date == "2018-11-23"
    lead, article = briefing.sections
    # Text before any title becomes an article headed by its own first sentence.
    assert lead.headline == "今日导读:本版刊发衡阳、郴州两地承接产业转移的最新进展。"
    assert [b.type for b in lead.blocks] == ["paragraph"]
    assert article.headline == "郴州:有色金属产业链加速延伸"
    assert article.byline == Byline(role="湖南日报记者", authors=("王晴",))
    assert [b.type for b in article.blocks] == [
        "paragraph",
        "caption",
        "paragraph",
        "heading",
        "table",
    ]
    table = article.blocks[-1]
    assert table.columns == ("项目", "投资额", "进度")
    assert table.note is None and ("有色金属精深加工", "12亿元", "在建") in table.rows


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.txt")), ids=lambda p: p.name)
def test_fixture_encodings_are_what_their_names_say(path: Path) -> None:
    data = path.read_bytes()
    kind = path.name.split(".")[-2]
    if kind == "utf16":
        assert data.startswith(b"\xff\xfe")
    elif kind == "utf8bom":
        assert data.startswith(b"\xef\xbb\xbf")
    elif kind == "utf8":
        data.decode("utf-8")
    else:
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        data.decode(kind)
