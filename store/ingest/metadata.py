"""Metadata lines (作者：张三  时间：2020-03-01) and mastheads (人民日报 第01版 要闻).

Archives and crawlers write an article's facts as `label：value` lines above or below
it. The labels below are the ones in common use; each maps to a field of the section
or of the briefing. A line counts as metadata only when it opens with a label and every
`label：value` pair on it has a value of the right shape, so an interview line such as
`记者：你怎么看？` stays text.

| field    | labels                                                      | value shape         |
| -------- | ----------------------------------------------------------- | ------------------- |
| headline | 标题 題目 题目 主题                                          | short, one line     |
| kicker   | 引题 肩题 眉题                                              | short, one line     |
| deck     | 副题 副标题 副標題                                          | short, one line     |
| byline   | 作者 记者 撰文 文 撰稿 作者/记者 in traditional characters   | names, no sentence  |
| date     | 时间 日期 发布时间 发表时间 发稿时间 出版日期 見報日期 刊发日期 | a calendar date     |
| source   | 来源 稿源 出处 来源网站 媒体 (and traditional forms)         | short, no sentence  |
| editor   | 责任编辑 责编 编辑 本版编辑 美编 校对 版式设计 本版统筹 审核 | short, no sentence |
| photo    | 图片来源 图片 摄影 图 圖片                                   | short, no sentence  |
| page     | 版次 版面 版名 版号                                         | short, no sentence  |
| column   | 栏目 专栏 欄目 專欄                                         | short, no sentence  |
| keywords | 关键词 关键字 關鍵詞 标签                                    | short               |
| url      | 链接 原文链接 网址 url 原文地址                              | no spaces           |

A line that is only a numeric timestamp (`2017-06-28 15:25`, `2017/11/26`) is a date field
too, as crawlers print it under a headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.calendar_days import calendar_date
from store.ingest.bylines import BULLETS
from store.ingest.lazyre import later

# label -> field; the table in the module docstring, as data.
METADATA_LABELS: dict[str, str] = {
    **dict.fromkeys(("标题", "標題", "题目", "題目", "主题", "主題"), "headline"),
    **dict.fromkeys(("引题", "引題", "肩题", "肩題", "眉题", "眉題"), "kicker"),
    **dict.fromkeys(("副题", "副題", "副标题", "副標題"), "deck"),
    **dict.fromkeys(("作者", "记者", "記者", "撰文", "撰稿", "文"), "byline"),
    **dict.fromkeys(
        (
            "时间",
            "時間",
            "日期",
            "发布时间",
            "發布時間",
            "發佈時間",
            "发表时间",
            "發表時間",
            "发稿时间",
            "出版日期",
            "見報日期",
            "见报日期",
            "刊发日期",
            "发布日期",
            "發布日期",
        ),
        "date",
    ),
    **dict.fromkeys(
        ("来源", "來源", "稿源", "出处", "出處", "来源网站", "媒体", "媒體", "消息来源"), "source"
    ),
    **dict.fromkeys(
        (
            "责任编辑",
            "責任編輯",
            "责编",
            "責編",
            "编辑",
            "編輯",
            "本版编辑",
            "本版編輯",
            "美编",
            "美編",
            "校对",
            "校對",
            "版式设计",
            "版式設計",
            "本版统筹",
            "本版統籌",
            "审核",
            "審核",
            "终审",
            "終審",
            "监制",
            "監製",
            "制图",
            "製圖",
        ),
        "editor",
    ),
    **dict.fromkeys(("图片来源", "圖片來源", "图片", "圖片", "摄影", "攝影", "图", "圖"), "photo"),
    **dict.fromkeys(("版次", "版面", "版名", "版号", "版號"), "page"),
    **dict.fromkeys(("栏目", "欄目", "专栏", "專欄"), "column"),
    **dict.fromkeys(("关键词", "关键字", "關鍵詞", "關鍵字", "标签", "標籤"), "keywords"),
    **dict.fromkeys(
        ("链接", "鏈接", "原文链接", "原文鏈接", "网址", "網址", "原文地址", "url", "URL"), "url"
    ),
}

# A label may be printed with spaces between its characters (作　者：) and in 【】.
_LABEL_ALT = "|".join(
    r"\s*".join(re.escape(ch) for ch in label)
    for label in sorted(METADATA_LABELS, key=len, reverse=True)
)
_LABEL_FIRST = frozenset(label[0] for label in METADATA_LABELS)
_LABEL = later(rf"(?:【\s*(?P<b>{_LABEL_ALT})\s*】\s*[:：]?|(?P<l>{_LABEL_ALT})\s*[:：])")
_SENTENCE = later(r"[。！？!?；;]")
_SPACES = later(r"[\s\u3000]+")
# A calendar date as archives write it: 2020-03-01, 2020/3/1, 2020.03.01, 2020年3月1日.
DATE = later(
    r"(?P<y>(?:19|20)[0-9]{2})\s*[年./-]\s*(?P<m>[0-9]{1,2})\s*[月./-]\s*(?P<d>[0-9]{1,2})(?![0-9])\s*日?"
)
_SHORT = 40
# 民國106年6月29日, 中華民國113年3月1日, 106年6月29日 (a two- or three-digit year).
_ROC_DATE = later(
    r"(?:中華民國|中华民国|民國|民国)?(?<![0-9])(?P<y>[0-9]{2,3})\s*年\s*(?P<m>[0-9]{1,2})\s*月"
    r"\s*(?P<d>[0-9]{1,2})\s*日"
)
_DATE_HINT = later(r"[0-9０-９]|[年月日]|昨|今|前天|刚刚|剛剛|小时前|小時前|分钟前|分鐘前")
# The first label's colon stands within this many characters (作　　者：, 【图片来源】).
_LABEL_REACH = 14


@dataclass(frozen=True, slots=True)
class MetaField:
    """One `label：value` pair of a metadata line, with the field the label stands for."""

    field: str
    label: str
    value: str


def date_span(text: str) -> tuple[str | None, int, int] | None:
    """The first calendar date in text as (YYYY-MM-DD, start, end), or None.

    The date is None when the day does not exist in its month (2019年2月30日): the span is
    still a date as printed, so a masthead holding it is one, but no briefing is dated by a
    day no trend could place. Taiwanese papers count years from 1912: 民國106年 is 2017.
    """
    match = DATE.search(text)
    offset = 0
    if match is None:
        match = _ROC_DATE.search(text)
        if match is None:
            return None
        offset = 1911
    y, m, d = (int(match.group(g)) for g in "ymd")
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return calendar_date(y + offset, m, d), match.start(), match.end()


def parse_date(text: str) -> str | None:
    """The first calendar date in text as YYYY-MM-DD, or None (none, or a day that never was)."""
    found = date_span(text)
    return found[0] if found else None


def _value_fits(field: str, value: str) -> bool:
    """Whether value has the shape its field needs (the right column of the table)."""
    if field == "date":
        # A full date, or a partial one a crawler wrote ("06-29 08:05", "昨天 10:20"): the
        # line is still metadata, though only a full date sets the article's date.
        return parse_date(value) is not None or (
            len(value) <= _SHORT and _DATE_HINT.search(value) is not None
        )
    if field == "url":
        return bool(value) and " " not in value
    if not value:
        # "来源：" with nothing after it is still a metadata line (an empty credit).
        return field not in ("headline", "kicker", "deck")
    if field in ("headline", "kicker", "deck"):
        return len(value) <= 80
    if _SENTENCE.search(value):
        return False
    if field == "byline":
        return len(value) <= _SHORT and "，" not in value and "," not in value
    return len(value) <= _SHORT * 2


# A crawler's timestamp on a line of its own: 2017-06-28 15:25, 2017/11/26. Only the numeric
# forms: a date written 2020年3月1日 on its own line is a letter's or a speech's date.
_STAMP = later(
    r"^(?:19|20)[0-9]{2}[-/.][0-9]{1,2}[-/.][0-9]{1,2}"
    r"(?:[ T\u3000]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$"
)


def metadata_fields(line: str) -> tuple[MetaField, ...] | None:
    """The `label：value` pairs of a metadata line, or None when line is not one.

    `作者：张三  时间：2020-03-01` gives a byline and a date field; a line that does not
    open with a known label, or whose values do not fit their fields, gives None.
    """
    text = line.strip().lstrip(BULLETS).strip()
    if len(text) > 200:
        return None
    if text[:1].isdigit():
        if _STAMP.match(text) and date_span(text) is not None:
            return (MetaField("date", "", text),)
        return None
    head = text[:_LABEL_REACH]
    if "：" not in head and ":" not in head and "】" not in head:
        # Cheap test first: every line of a page comes through here.
        return None
    if text[:1] != "【" and text[:1] not in _LABEL_FIRST:
        return None  # no label can open the line (and the rule is not compiled for it)
    matches = list(_LABEL.finditer(text))
    if not matches or matches[0].start() != 0:
        return None
    fields: list[MetaField] = []
    for n, match in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        raw = match.group("b") or match.group("l")
        label = _SPACES.sub("", raw)
        field = METADATA_LABELS[label]
        value = text[match.end() : end].strip(" \u3000|｜,，;；")
        if not _value_fits(field, value):
            return None
        fields.append(MetaField(field, label, value))
    return tuple(fields)
