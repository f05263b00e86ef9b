"""The importer's layout rules, one at a time, on small hand-made pages."""

from __future__ import annotations

import pytest

from store.ingest import parse
from store.ingest.dateline import parse_byline, parse_dateline
from store.ingest.heads import split_title
from store.ingest.text import ends_sentence, is_title_like
from store.models import Byline, ParsedSection

P1 = "衡阳承接产业转移的趋势大体类似,上下游配套企业纷至沓来,形成产业集聚的良好发展势头。"
P2 = "衡阳是全国26个老工业基地城市之一,在承接产业转移过程中,还积极发展新一代信息技术产业。"


def _one(text: str) -> ParsedSection:
    (section,) = parse(text).sections
    return section


def _types(section: ParsedSection) -> list[str]:
    return [b.type for b in section.blocks]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("湖南日报见习记者 黄婷婷", Byline("湖南日报见习记者", ("黄婷婷",))),
        ("湖南日报记者 李苗 徐德荣", Byline("湖南日报记者", ("李苗", "徐德荣"))),
        ("本报记者 张三 通讯员 李四", Byline("本报记者 通讯员", ("张三", "李四"))),
        ("本报记者张三", Byline("本报记者", ("张三",))),
        ("记者　王五、赵六　报道", Byline("记者", ("王五", "赵六"))),
        ("新华社记者 阿依古丽·买买提", Byline("新华社记者", ("阿依古丽·买买提",))),
        ("本報記者 陳大文", Byline("本報記者", ("陳大文",))),
        ("□本报记者 张三", Byline("本报记者", ("张三",))),
        ("文/图 本报记者 张三", Byline("本报记者", ("张三",))),
    ],
)
def test_bylines(line: str, expected: Byline) -> None:
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    "line",
    ["湖南日报记者", "环保督察回头看", "这样的例子不胜枚举。", "记者 说的话很多,很长", "张三 李四"],
)
def test_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    ("paragraph", "dateline", "byline"),
    [
        ("湖南日报11月22日讯(记者 曹娟)今天,", "湖南日报11月22日讯", Byline("记者", ("曹娟",))),
        ("新华社北京10月7日电 记者从会上获悉,", "新华社北京10月7日电", None),
        ("本报讯 昨天,全省", "本报讯", None),
        (
            "湖南日报１１月２２日讯（记者 曹娟）今天",
            "湖南日报１１月２２日讯",
            Byline("记者", ("曹娟",)),
        ),
        (
            "本报长沙3月5日讯（记者 张三 通讯员 李四）",
            "本报长沙3月5日讯",
            Byline("记者 通讯员", ("张三", "李四")),
        ),
    ],
)
def test_datelines(paragraph: str, dateline: str, byline: Byline | None) -> None:
    found = parse_dateline(paragraph)
    assert found is not None
    assert found.text == dateline
    assert found.byline == byline


@pytest.mark.parametrize(
    "paragraph",
    ["他来电(号码)说,", "今年5月1日电价上调。", "11月20日,衡阳,寒风冬雨。", "讯息很多。"],
)
def test_not_datelines(paragraph: str) -> None:
    assert parse_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("text", "final"),
    [
        ("完整的句子。", True),
        ("入园对接;", True),
        ("也跟进洽谈……", True),
        ("怎样落户衡阳的呢?", True),
        ("他说:“好。”", True),
        ("「對。」", True),
        ("按“三防”(防扬散、防流失、防渗漏)", False),
        ("未能正", False),
        ("三大业务系统:智慧城市产品", False),
        ("“数字衡阳”", False),
    ],
)
def test_sentence_ends(text: str, final: bool) -> None:
    assert ends_sentence(text) is final


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("环保督察回头看", True),
        ("群众信访举报转办和边督边改公开情况一览表(重点件)", True),
        ("郴州:有色金属产业链加速延伸", True),
        ("稳中求进，开创新局面", False),
        ("这样的例子不胜枚举。", False),
        ("通报指出,该环境违法问题反映出企业法律观念和生态环境保护意识淡薄,未能正", False),
        ("如此“高大上”的项目怎样落户衡阳的呢?", False),
        ("字" * 70, False),
    ],
)
def test_title_like(text: str, title: bool) -> None:
    assert is_title_like(text) is title


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["5年“转”来500多家企业 ——看衡阳"], (None, "5年“转”来500多家企业", "看衡阳")),
        (["主题——副题"], (None, "主题", "副题")),
        (["主题 -- 副题"], (None, "主题", "副题")),
        (["聚焦两会——", "代表委员议国是"], ("聚焦两会", "代表委员议国是", None)),
        (["专栏", "引题", "主题", "——副题"], ("专栏 引题", "主题", "副题")),
        (["——副题在前"], (None, "——副题在前", None)),
    ],
)
def test_split_title(lines: list[str], expected: tuple[str | None, str, str | None]) -> None:
    assert split_title(lines) == expected


def test_broken_paragraph_is_rejoined_without_separator() -> None:
    s = _one(f"标题\n\n记者 张三\n\n{P1}\n\n前半句说到一半,没有\n\n说完的后半句。\n\n{P2}\n")
    assert [b.text for b in s.blocks] == [P1, "前半句说到一半,没有说完的后半句。", P2]


def test_semicolon_and_closing_quote_end_paragraphs() -> None:
    s = _one(f"标题\n\n记者 张三\n\n第一条;\n\n“第二条。”\n\n{P1}\n")
    assert [b.text for b in s.blocks] == ["第一条;", "“第二条。”", P1]


def test_caption_inside_broken_paragraph_is_lifted_after_it() -> None:
    caption = "5月1日,长沙,游客在橘子洲游览。"
    text = f"标题\n\n记者 张三\n\n{P1}\n\n在这里,句子被\n\n\n\n{caption}\n\n图片打断了。\n"
    s = _one(text)
    assert _types(s) == ["paragraph", "paragraph", "caption"]
    assert s.blocks[1].text == "在这里,句子被图片打断了。"
    assert s.blocks[2].text == "5月1日,长沙,游客在橘子洲游览。"


def test_short_sentence_without_caption_signals_is_a_continuation() -> None:
    s = _one(f"标题\n\n记者 张三\n\n意识淡薄,未能正\n\n确履行主体责任。\n\n{P1}\n")
    assert [b.text for b in s.blocks] == ["意识淡薄,未能正确履行主体责任。", P1]


def test_caption_set_off_by_blank_lines_without_date() -> None:
    s = _one("标题\n\n记者 张三\n\n话说到这里,\n一半,\n\n\n工人在车间组装手表。\n\n\n又接上了。\n")
    assert _types(s) == ["paragraph", "caption"]
    assert s.blocks[0].text == "话说到这里,一半,又接上了。"


def test_single_title_then_paragraphs_is_a_cross_head() -> None:
    s = _one(f"标题\n\n记者 张三\n\n{P1}\n\n一览表(重点件)\n\n{P2}\n")
    assert _types(s) == ["paragraph", "heading", "paragraph"]
    assert s.blocks[1].text == "一览表(重点件)"


def test_comma_title_above_a_byline_is_a_headline() -> None:
    sections = parse(f"甲标题\n\n{P1}\n\n稳中求进，开创新局面\n\n记者 李四\n\n{P2}\n").sections
    assert [s.headline for s in sections] == ["甲标题", "稳中求进，开创新局面"]
    # Without the byline the same line is the start of a broken paragraph.
    sections = parse(f"甲标题\n\n{P1}\n\n稳中求进，开创新局面\n\n{P2}\n").sections
    assert len(sections) == 1
    assert sections[0].blocks[1].text == f"稳中求进，开创新局面{P2}"


def test_question_title_above_a_byline_is_a_headline() -> None:
    sections = parse(f"甲标题\n\n{P1}\n\n假期去哪儿？\n\n记者 李四\n\n{P2}\n").sections
    assert [s.headline for s in sections] == ["甲标题", "假期去哪儿？"]
    assert sections[1].byline.authors == ("李四",)


def test_double_spaced_page_does_not_take_every_short_sentence_for_a_caption() -> None:
    text = f"标题\n\n\n记者 张三\n\n\n意识淡薄,未能正\n\n\n确履行主体责任。\n\n\n{P1}\n"
    s = _one(text)
    assert _types(s) == ["paragraph", "paragraph"]
    assert s.blocks[0].text == "意识淡薄,未能正确履行主体责任。"
    # ...while one set off by more space than usual still is.
    caption = "\n\n\n\n\n工人在车间组装手表。\n\n\n"
    text = f"标题\n\n\n记者 张三\n\n\n意识淡薄,未能正{caption}确履行主体责任。\n"
    assert _types(_one(text)) == ["paragraph", "caption"]


def test_caption_in_a_page_without_blank_lines_is_set_off_by_one() -> None:
    text = "标题\n记者 张三\n话说到这里,\n\n工人在车间组装手表。\n\n又接上了。\n第二段。\n"
    s = _one(text)
    assert _types(s) == ["paragraph", "caption", "paragraph"]
    assert s.blocks[0].text == "话说到这里,又接上了。"


def test_title_followed_by_byline_starts_an_article() -> None:
    sections = parse(f"甲标题\n\n记者 张三\n\n{P1}\n\n乙标题\n\n记者 李四\n\n{P2}\n").sections
    assert [s.headline for s in sections] == ["甲标题", "乙标题"]
    assert [s.byline.authors for s in sections] == [("张三",), ("李四",)]


def test_title_followed_by_dateline_starts_an_article() -> None:
    sections = parse(f"甲标题\n\n{P1}\n\n乙标题\n\n本报讯 {P2}\n").sections
    assert [s.headline for s in sections] == ["甲标题", "乙标题"]
    assert sections[1].dateline == "本报讯"
    assert sections[1].blocks[0].text == f"本报讯 {P2}"


def test_two_title_lines_start_an_article_with_a_kicker() -> None:
    sections = parse(f"甲标题\n\n{P1}\n\n栏目名称\n\n乙标题\n\n{P2}\n").sections
    assert [(s.kicker, s.headline) for s in sections] == [(None, "甲标题"), ("栏目名称", "乙标题")]


def test_unfinished_paragraph_before_a_new_article_stays_put() -> None:
    text = f"甲标题\n\n记者 张三\n\n{P1}\n\n话没说完,版面就截断了\n\n乙标题\n\n记者 李四\n\n{P2}\n"
    first, second = parse(text).sections
    assert [b.text for b in first.blocks] == [P1, "话没说完,版面就截断了"]
    assert (second.kicker, second.headline) == (None, "乙标题")
    assert [b.text for b in second.blocks] == [P2]


def test_lines_without_blank_lines_are_blocks_each() -> None:
    text = "甲标题\n记者 张三\n第一段。\n第二段。\n小标题\n第三段。\n乙标题\n记者 李四\n另一篇。\n"
    first, second = parse(text).sections
    assert [b.text for b in first.blocks] == ["第一段。", "第二段。", "小标题", "第三段。"]
    assert _types(first) == ["paragraph", "paragraph", "heading", "paragraph"]
    assert second.headline == "乙标题" and second.blocks[0].text == "另一篇。"


def test_hard_wrapped_lines_join_in_a_blank_line_separated_page() -> None:
    text = f"标题\n\n记者 张三\n\n这一段被硬换行切开,\n第二行没有标点\n第三行才结束。\n\n{P1}\n"
    s = _one(text)
    assert s.blocks[0].text == "这一段被硬换行切开,第二行没有标点第三行才结束。"


def test_control_characters_are_dropped_at_import() -> None:
    s = _one("标\x1b[31m题\x1b[0m\n\n记者 张三\n\n正文\u202e有\x07控制字符。\x1b]0;title\x07\n")
    assert s.headline == "标题"
    assert s.blocks[0].text == "正文有控制字符。"


def test_described_table_keeps_every_listed_column() -> None:
    s = _one(f"标题\n\n{P1}\n\nTable with 2 columns: 甲, 乙, 丙. It contains 4 rows of data.\n")
    table = s.blocks[-1]
    assert table.type == "table"
    assert table.columns == ("甲", "乙", "丙")
    assert table.note is not None and "It contains 4 rows of data." in table.note


def test_article_without_title_takes_its_first_sentence() -> None:
    s = _one(f"{P1}{P2}\n")
    assert s.headline == P1[:40]
    s = _one("短句。后面还有。\n")
    assert s.headline == "短句。"


def test_masthead_line_gives_title_and_date() -> None:
    briefing = parse(f"湖南日报 2018年11月23日 星期五 第07版\n\n标题\n\n{P1}\n")
    assert briefing.title == "湖南日报 第07版"
    assert briefing.source == "湖南日报"
    assert briefing.date == "2018-11-23"
    assert [s.headline for s in briefing.sections] == ["标题"]


def test_headline_with_a_date_is_not_a_masthead() -> None:
    briefing = parse(f"2018年11月23日我省发布环保报告\n\n记者 张三\n\n{P1}\n")
    assert briefing.title is None and briefing.date is None
    assert briefing.sections[0].headline == "2018年11月23日我省发布环保报告"


def test_hard_wrapped_paragraph_whose_first_line_has_no_punctuation() -> None:
    first = "在湖南中兴网信科技有限公司的全球运维监控中心电脑屏幕上显示的"
    text = f"标题\n\n记者 张三\n\n{P1}\n\n{first}\n是修水县的服务平台,运营人员正在查看。\n\n{P2}\n"
    s = _one(text)
    assert [b.text for b in s.blocks] == [P1, f"{first}是修水县的服务平台,运营人员正在查看。", P2]
    # A short title over its text stays a cross-head.
    s = _one(f"标题\n\n记者 张三\n\n{P1}\n\n小标题\n{P2}\n")
    assert _types(s) == ["paragraph", "heading", "paragraph"]
