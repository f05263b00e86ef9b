"""The public text rules (store.ingest.rules) that every input format shares."""

from __future__ import annotations

import pytest

from store.ingest import parse
from store.ingest.rules import (
    metadata_fields,
    opening_credit,
    parse_byline,
    parse_masthead,
    rejoin_lines,
    standalone_dateline,
    trailing_byline,
)
from store.models import Byline

P1 = "衡阳承接产业转移的趋势大体类似,上下游配套企业纷至沓来,形成产业集聚的良好发展势头。"


@pytest.mark.parametrize(
    ("line", "authors", "photographers"),
    [
        ("本报驻某国记者　王　五", ("王五",), ()),
        ("本报记者　李　四", ("李四",), ()),
        ("本报记者 李苗、徐德荣 通讯员 王五", ("李苗", "徐德荣", "王五"), ()),
        ("张三 摄", (), ("张三",)),
        ("本报记者 李四摄", (), ("李四",)),
        ("新华社记者 张三 摄", (), ("张三",)),
        ("文/张三 图/李四", ("张三",), ("李四",)),
        ("（本报记者 王五）", ("王五",), ()),
    ],
)
def test_structured_bylines(line: str, authors: tuple[str, ...], photographers: tuple) -> None:
    found = parse_byline(line)
    assert found is not None
    assert found.authors == authors
    assert found.photographers == photographers
    assert found.text == line


def test_several_roles_keep_their_names() -> None:
    found = parse_byline("本报记者 李苗、徐德荣 通讯员 王五")
    assert found is not None
    assert found.parts == (("本报记者", ("李苗", "徐德荣")), ("通讯员", ("王五",)))
    assert found.to_dict()["parts"][1] == {"role": "通讯员", "names": ["王五"]}


def test_padded_name_keeps_its_printed_form_for_display() -> None:
    found = parse_byline("本报记者　李　四")
    assert found is not None
    assert found.to_dict()["text"] == "本报记者　李　四"
    assert Byline.from_dict(found.to_dict()).text == "本报记者　李　四"


def test_trailing_byline_leaves_the_other_words() -> None:
    assert trailing_byline("任务完成。（记者 张三）") == ("任务完成。", Byline("记者", ("张三",)))
    assert trailing_byline("任务完成。（完）") is None
    assert trailing_byline("任务完成。（据新华社）") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("作者：张三  时间：2020-03-01", [("byline", "张三"), ("date", "2020-03-01")]),
        ("时间：2020-03-01 08:30", [("date", "2020-03-01 08:30")]),
        ("来源：", [("source", "")]),
        ("责任编辑：李四", [("editor", "李四")]),
        ("本版统筹：张三 版式设计：李四", [("editor", "张三"), ("editor", "李四")]),
        ("标题：春耕正当时", [("headline", "春耕正当时")]),
        ("【作者】王五", [("byline", "王五")]),
        ("作　者：王五", [("byline", "王五")]),
    ],
)
def test_metadata_lines(line: str, expected: list[tuple[str, str]]) -> None:
    found = metadata_fields(line)
    assert found is not None
    assert [(f.field, f.value) for f in found] == expected


@pytest.mark.parametrize(
    "line",
    ["记者：您怎么看待这个问题？", "时间：下午三点", "他说：我们明天出发。", "作者简介见后文"],
)
def test_not_metadata_lines(line: str) -> None:
    assert metadata_fields(line) is None


def test_mastheads() -> None:
    head = parse_masthead("人民日报 2020年3月1日 星期日 第01版：要闻")
    assert head is not None
    assert (head.paper, head.date, head.page, head.page_name) == (
        "人民日报",
        "2020-03-01",
        "第01版",
        "要闻",
    )
    assert parse_masthead("2020年3月1日我省发布环保报告，全省空气质量持续改善") is None


def test_standalone_dateline() -> None:
    found = standalone_dateline("（新华社北京3月1日电）")
    assert found is not None and found.text == "新华社北京3月1日电"
    assert standalone_dateline("新华社北京3月1日电 记者从会上获悉，") is None


def test_rejoin_lines() -> None:
    lines = ["春耕正当时", "", "田野里，农民们", "正忙着播种。", "本报记者 张三"]
    assert rejoin_lines(lines) == ["春耕正当时", "田野里，农民们正忙着播种。", "本报记者 张三"]


def test_metadata_lines_fill_fields_and_leave_the_text() -> None:
    text = f"标题：春耕正当时\n作者：张三  时间：2020-03-01\n来源：人民网\n\n{P1}\n"
    (s,) = parse(text).sections
    assert s.headline == "春耕正当时"
    assert s.byline.authors == ("张三",)
    assert s.date == "2020-03-01"
    assert [b.text for b in s.blocks] == [P1]


def test_end_bracket_byline_and_dateline_line() -> None:
    text = f"春耕正当时\n\n（新华社北京3月1日电）\n\n{P1}\n\n{P1}（记者 张三）\n"
    (s,) = parse(text).sections
    assert s.dateline == "新华社北京3月1日电"
    assert s.byline == Byline("记者", ("张三",))
    assert [b.text for b in s.blocks] == [P1, P1]


def test_page_head_sets_title_date_and_source() -> None:
    text = f"人民日报\n2020年3月1日 星期日\n第01版：要闻\n\n春耕正当时\n\n本报记者 张三\n\n{P1}\n"
    briefing = parse(text)
    assert (briefing.title, briefing.date, briefing.source) == (
        "人民日报 第01版 要闻",
        "2020-03-01",
        "人民日报",
    )
    assert [s.headline for s in briefing.sections] == ["春耕正当时"]


def test_signature_block_ends_the_letter_and_the_next_headline_opens() -> None:
    text = (
        f"致全省农民朋友的一封信\n\n{P1}\n\n{P1}\n\n湖南省农业农村厅\n2020年3月1日\n\n"
        f"决胜“十四五” 奋发向前行\n（社论）\n\n{P1}\n"
    )
    letter, editorial = parse(text).sections
    assert [b.text for b in letter.blocks][-2:] == ["湖南省农业农村厅", "2020年3月1日"]
    assert editorial.headline == "决胜“十四五” 奋发向前行（社论）"


def test_headline_broken_before_its_verb_is_one_headline() -> None:
    (s,) = parse(f"国家主席习近平就某国独立50周年\n致贺电\n\n新华社北京3月1日电 {P1}\n").sections
    assert s.headline == "国家主席习近平就某国独立50周年致贺电"
    assert s.kicker is None


def test_numbered_and_bulleted_cross_heads_stay_headings() -> None:
    text = (
        f"春耕正当时\n\n本报记者 张三\n\n{P1}\n\n三、配套服务\n{P1}\n\n"
        f"（四）后续安排\n\n{P1}\n\n■配套服务\n\n{P1}\n"
    )
    (s,) = parse(text).sections
    assert [b.text for b in s.blocks if b.type == "heading"] == [
        "三、配套服务",
        "（四）后续安排",
        "■配套服务",
    ]


def test_title_after_a_closed_article_opens_the_next() -> None:
    text = (
        f"春耕正当时\n\n本报记者 张三\n\n{P1}（完）\n\n小标题\n\n{P1}\n\n记者：您怎么看？\n\n{P1}\n"
    )
    _first, second = parse(text).sections
    assert second.headline == "小标题"
    assert "记者：您怎么看？" in [b.text for b in second.blocks]


def test_headline_shaped_line_opens_an_article_without_a_byline() -> None:
    text = (
        f"长江黄金水道扩能带来新机遇\n{P1}\n{P1}\n"
        f"二季度以来 银行理财规模企稳回升\n{P1}\n科技股表现分化\n{P1}\n"
    )
    _first, second = parse(text).sections
    assert second.headline == "二季度以来 银行理财规模企稳回升"
    assert [b.type for b in second.blocks] == ["paragraph", "heading", "paragraph"]


def test_crawler_timestamp_and_taiwanese_credit() -> None:
    head = "生人請迴避！ 彰縣伸港今晚替泰勞「送肉粽」"
    text = f"{head}\n2017-06-28 15:25\n〔記者張存薇／台東報導〕{P1}\n"
    (s,) = parse(text).sections
    assert s.headline == "生人請迴避！ 彰縣伸港今晚替泰勞「送肉粽」"
    assert s.date == "2017-06-28" and s.byline.authors == ("張存薇",)


def test_width_wrapped_page_without_blank_lines_keeps_sentences_whole() -> None:
    text = (
        "标题\n记者 张三\n衡阳市委副书记、市长邓群策在接受记者采访时表示，衡阳将继续\n"
        "推进产业转移承接工作并持续优化营商环境\n提供更好的服务。\n下一段。\n"
    )
    (s,) = parse(text).sections
    assert [b.text for b in s.blocks] == [
        "衡阳市委副书记、市长邓群策在接受记者采访时表示，衡阳将继续"
        "推进产业转移承接工作并持续优化营商环境提供更好的服务。",
        "下一段。",
    ]


def test_page_heads_and_rule_lines_part_articles_of_a_whole_day() -> None:
    text = (
        f"人民日报 2020年3月1日 第01版：要闻\n\n春耕正当时\n\n本报记者 张三\n\n{P1}\n\n"
        f"第02版：要闻\n\n小麦返青\n\n{P1}\n\n----------\n\n水稻育秧\n\n{P1}\n\n"
        "| 城市 | 天数 |\n|---|---|\n| 长沙 | 300 |\n"
    )
    briefing = parse(text)
    assert (briefing.title, briefing.date) == ("人民日报", "2020-03-01")
    assert [s.headline for s in briefing.sections] == ["春耕正当时", "小麦返青", "水稻育秧"]
    assert briefing.sections[2].blocks[1].rows == (("长沙", "300"),)


def test_taiwanese_dates_and_partial_crawler_times() -> None:
    from store.ingest.rules import parse_date

    assert parse_date("中華民國106年6月29日") == "2017-06-29"
    head = parse_masthead("聯合報 中華民國106年6月29日 星期四 A1版")
    assert head is not None and (head.paper, head.date) == ("聯合報", "2017-06-29")
    found = metadata_fields("来源：新华社 时间：06-29 08:05")
    assert found is not None and [f.field for f in found] == ["source", "date"]
    assert parse_date("06-29 08:05") is None


def test_credit_lines_are_kept_with_the_article_out_of_its_text() -> None:
    credits = "责任编辑：李四\n本版统筹：王五 版式设计：赵六\n"
    text = f"标题：春耕\n作者：张三\n来源：人民网\n\n{P1}\n\n{credits}"
    (s,) = parse(text).sections
    assert s.credits == ("来源：人民网", "责任编辑：李四", "本版统筹：王五", "版式设计：赵六")
    assert [b.text for b in s.blocks] == [P1]


def test_padded_photo_credit_with_a_glued_mark_credits_the_photographer() -> None:
    found = parse_byline("新华社记者  鞠  鹏摄")
    assert found is not None and found.photographers == ("鞠鹏",) and found.authors == ()
    text = f"春耕正当时\n本报记者 张三\n{P1}\n新华社记者  鞠  鹏摄\n{P1}\n"
    (s,) = parse(text).sections
    assert s.byline.authors == ("张三",) and s.byline.photographers == ("鞠鹏",)
    assert [b.text for b in s.blocks] == [P1, P1]


@pytest.mark.parametrize(
    ("paragraph", "authors"),
    [
        ("【國際中心、王小明╱綜合報導】美國總統昨日宣布", ("王小明",)),
        ("【生活組、林美華、陳志強╱台北報導】颱風昨日登陸", ("林美華", "陳志強")),
        ("〔記者李大同、新聞部／高雄報導〕港區昨日", ("李大同",)),
        ("【編輯部╱綜合報導】本報昨日", ()),
    ],
)
def test_desk_in_an_opening_credit_is_not_a_reporter(
    paragraph: str, authors: tuple[str, ...]
) -> None:
    found = opening_credit(paragraph)
    assert found is not None
    assert found.authors == authors


def test_desk_beside_a_role_is_not_a_writer() -> None:
    found = parse_byline("本报记者 特稿组 张三 通讯员 评论室 李四")
    assert found is not None
    assert found.authors == ("张三", "李四")
    assert parse_byline("本报记者 王中华") == Byline(
        "本报记者", ("王中华",), parts=(("本报记者", ("王中华",)),), text="本报记者 王中华"
    )


STORY = (
    "湘江新区的智能制造产业园昨日迎来第一批入驻企业，园区负责人介绍，首批企业涵盖机器人、"
    "传感器和工业软件三个方向，预计年内带动就业三千余人。"
)


def test_title_sharing_no_word_with_the_story_above_opens_the_next_on_a_page_without_gaps() -> None:
    text = (
        f"智能制造产业园迎来首批企业\n{STORY}\n{STORY}\n"
        "园区配套加快完善\n配套道路和人才公寓已经开工。\n"
        "城市书房夜读渐成新风尚\n傍晚时分，街角的城市书房坐满了读者。\n"
    )
    first, second = parse(text).sections
    # The cross-head repeats the story's words (园区, 配套); the next headline shares none.
    assert [b.type for b in first.blocks] == ["paragraph", "paragraph", "heading", "paragraph"]
    assert second.headline == "城市书房夜读渐成新风尚"


def test_short_or_gapped_titles_are_not_judged_by_their_words() -> None:
    # Too few words to judge: a short cross-head stays in its story.
    (only,) = parse(f"智能制造产业园迎来首批企业\n{STORY}\n{STORY}\n人才先行\n{STORY}\n").sections
    assert [b.type for b in only.blocks] == ["paragraph", "paragraph", "heading", "paragraph"]
    # Where blank lines part the articles, the spacing decides, not the words.
    spaced = (
        f"智能制造产业园迎来首批企业\n\n{STORY}\n\n{STORY}\n\n城市书房夜读渐成新风尚\n\n{STORY}\n"
    )
    (one,) = parse(spaced).sections
    assert one.blocks[2].type == "heading"


def test_a_name_before_the_date_names_the_issue() -> None:
    head = parse_masthead("新闻联播 2018年11月1日")
    assert head is not None
    assert (head.paper, head.date) == ("新闻联播", "2018-11-01")
    assert parse_masthead("CCTV 2020年3月1日").paper == "CCTV"
    # The name must come first and alone: a date first, or two words, name nothing.
    assert parse_masthead("2019年10月1日 新闻联播").paper is None
    assert parse_masthead("早间 新闻 2019年10月1日").paper is None


def test_a_paper_like_headline_under_a_named_head_stays_the_headline() -> None:
    page = (
        "新闻联播 2014年10月21日\n\n\n中国经济三季报\n\n"
        + "央视网消息(新闻联播)：今天，国家统计局公布前三季度宏观经济主要指标。\n\n"
        + P1
        + "\n"
    )
    briefing = parse(page)
    assert (briefing.title, briefing.date, briefing.source) == (
        "新闻联播",
        "2014-10-21",
        "新闻联播",
    )
    assert briefing.sections[0].headline == "中国经济三季报"
    # Under a head without a paper's name, a paper's name line still names it.
    briefing = parse("2020年3月1日\n湖南日报\n\n" + P1 + "\n")
    assert (briefing.date, briefing.source) == ("2020-03-01", "湖南日报")
