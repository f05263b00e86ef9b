"""The seed page (content/hunan-daily.txt) parses to its known structure, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.ingest import parse, read_file
from store.models import Block, Byline, ParsedBriefing, ParsedSection

SEED = Path(__file__).resolve().parents[2] / "content" / "hunan-daily.txt"
COLUMNS = (
    "序号",
    "受理编号",
    "交办问题基本情况",
    "行政区域",
    "污染类型",
    "调查核实情况",
    "是否属实",
    "处理和整改情况",
    "责任人被处理情况",
)


@pytest.fixture(scope="module")
def briefing() -> ParsedBriefing:
    return parse(read_file(SEED))


def _paragraphs(section: ParsedSection) -> list[str]:
    return [b.text for b in section.blocks if b.type == "paragraph"]


def test_three_sections(briefing: ParsedBriefing) -> None:
    assert len(briefing.sections) == 3


def test_section_one_head(briefing: ParsedBriefing) -> None:
    s = briefing.sections[0]
    assert s.kicker == "开放强省再发力 承接产业转移看湘南湘西"
    assert s.headline == "5年“转”来500多家企业"
    assert s.deck == "看衡阳承接产业转移如何围绕“产业链”做文章"
    assert s.byline == Byline(role="湖南日报见习记者", authors=("黄婷婷",))
    assert s.dateline is None


def test_section_one_body(briefing: ParsedBriefing) -> None:
    s = briefing.sections[0]
    paragraphs = _paragraphs(s)
    assert len(paragraphs) == 28
    assert [b.type for b in s.blocks].count("caption") == 1
    assert paragraphs[21] == (
        "2013年,投资10亿元的中兴网信全球共享服务中心在衡阳建成,2014年投入运营,"
        "目前运营的有三大业务系统:智慧城市产品研发与运营中心、呼叫中心、软件服务外包中心。"
    )
    # The caption comes right after paragraph 22, the one it interrupted.
    caption_at = next(i for i, b in enumerate(s.blocks) if b.type == "caption")
    assert s.blocks[caption_at - 1].text == paragraphs[21]
    assert s.blocks[caption_at] == Block(
        "caption", "11月20日,衡阳县西渡镇,湖南盛世威得科技有限公司生产车间,工人在组装手表。"
    )
    assert paragraphs[0] == "11月20日,衡阳,寒风冬雨,项目建设依然红红火火。"
    assert paragraphs[-1].startswith("自2013年以来")
    # A line ending in ";" is a finished list item and stays its own paragraph.
    assert paragraphs[13].endswith("入园对接;")
    assert paragraphs[14].startswith("比亚迪(衡阳)")
    assert all(b.type in ("paragraph", "caption") for b in s.blocks)


def test_section_two(briefing: ParsedBriefing) -> None:
    s = briefing.sections[1]
    assert s.kicker is None
    assert s.headline == "靠“五个走在前列”跑出承接“加速度”"
    assert s.deck == "访衡阳市市长邓群策"
    assert s.byline == Byline(role="湖南日报记者", authors=("李苗", "徐德荣"))
    assert s.dateline is None
    paragraphs = _paragraphs(s)
    assert len(paragraphs) == 9
    assert len(s.blocks) == 9
    assert "扩规升级和功能完善,以“一县一产业”" in paragraphs[5]
    assert paragraphs[5].startswith("二是承接平台建设走在前列。")


def test_section_three(briefing: ParsedBriefing) -> None:
    s = briefing.sections[2]
    assert s.kicker == "环保督察回头看"
    assert s.headline == (
        "企业法律环保意识淡薄 乡镇环保设施建设滞后 我省公布第七批中央环保督察“回头看”典型案例"
    )
    assert s.deck is None
    assert s.byline == Byline(role="记者", authors=("曹娟",))
    assert s.dateline == "湖南日报11月22日讯"
    paragraphs = _paragraphs(s)
    assert len(paragraphs) == 9
    # The paragraph keeps its dateline.
    assert paragraphs[0].startswith("湖南日报11月22日讯(记者 曹娟)今天,")
    rejoined = [p for p in paragraphs if "(防扬散、防流失、防渗漏)要求建设" in p]
    assert len(rejoined) == 1
    assert rejoined[0].startswith("经查,") and rejoined[0].endswith("依规程序完成自主验收等。")
    assert sum("未能正确履行" in p for p in paragraphs) == 1
    types = [b.type for b in s.blocks]
    assert types == ["paragraph"] * 8 + ["heading", "paragraph", "table"]
    assert s.blocks[8] == Block("heading", "群众信访举报转办和边督边改公开情况一览表(重点件)")


def test_section_three_table(briefing: ParsedBriefing) -> None:
    table = briefing.sections[2].blocks[-1]
    assert table.type == "table"
    assert table.columns == COLUMNS
    assert table.note is not None
    assert "Table with 7 columns: 序号, 受理编号," in table.note
    assert "It contains 11 rows of detailed case information." in table.note
    assert "not in the source" in table.note


def test_every_block_is_made_of_whole_source_lines(briefing: ParsedBriefing) -> None:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").split("\n")]
    text_lines = [line for line in lines if line]
    for section in briefing.sections:
        for block in section.blocks:
            if block.type != "table":
                assert _is_concatenation(block.text, text_lines), block.text[:30]


def _is_concatenation(text: str, lines: list[str]) -> bool:
    if not text:
        return True
    return any(
        text.startswith(line) and _is_concatenation(text[len(line) :], lines) for line in lines
    )


def test_same_result_from_other_encodings_and_line_ends() -> None:
    text = SEED.read_text(encoding="utf-8")
    crlf = text.replace("\n", "\r\n")
    indented = "\n".join("\u3000\u3000" + line if line else line for line in text.split("\n"))
    base = parse(text)
    assert parse(crlf) == base
    assert parse(indented) == base
