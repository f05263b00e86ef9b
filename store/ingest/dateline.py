"""Bylines (湖南日报记者 李苗 徐德荣) and datelines (新华社北京10月7日电) of news text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.models import Byline

# Words that end a byline role: 记者, 见习记者, 通讯员, 实习生 ... The longer forms come
# first so "湖南日报见习记者" keeps 见习 in the role.
_ROLE_WORDS = (
    "特约记者",
    "见习记者",
    "实习记者",
    "首席记者",
    "全媒体记者",
    "融媒体记者",
    "记者",
    "特约通讯员",
    "通讯员",
    "实习生",
    "特约撰稿人",
    "撰稿人",
    "评论员",
    "摄影",
    "编辑",
    # The same roles in traditional characters, for Big5 and Hong Kong / Taiwan pages.
    "特約記者",
    "見習記者",
    "實習記者",
    "首席記者",
    "記者",
    "特約通訊員",
    "通訊員",
    "實習生",
    "評論員",
    "攝影",
    "編輯",
)
_ROLE = "|".join(_ROLE_WORDS)
_ROLE_ANYWHERE = re.compile(_ROLE)
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A role token: an optional owner (a paper, 本报, 新华社) then a role word, optionally
# glued to one name ("本报记者张三").
_ROLE_TOKEN = re.compile(rf"^(?P<role>[{_HAN}]{{0,12}}?(?:{_ROLE}))(?P<name>[{_HAN}·•]{{2,8}})?$")
# A personal name: two to four ideographs, or a transcribed name joined by a middle dot.
_NAME = re.compile(rf"^(?:[{_HAN}]{{2,4}}|[{_HAN}]{{1,8}}(?:[·•][{_HAN}]{{1,8}})+)$")
# Trailing words that say what the people did, not who they are.
_ACTION = frozenset({"报道", "报导", "報導", "報道", "摄", "攝", "整理", "采写", "採寫"})
_CREDIT = frozenset({"文", "图", "圖", "文图", "文圖", "摄影", "攝影"})
_SPLIT = re.compile(r"[\s\u3000、,，/]+")
_BULLETS = "□■◎●○◆◇★☆▲△"
BYLINE_MAX = 40


def parse_byline(text: str) -> Byline | None:
    """Read a byline such as `本报记者 张三 通讯员 李四`; None when text is not one.

    Several roles on one line are kept together in the role, space-separated, and the
    authors are listed in the order given, since Byline holds a single role.
    """
    text = text.strip().lstrip(_BULLETS).strip()
    if not text or len(text) > BYLINE_MAX or _ROLE_ANYWHERE.search(text) is None:
        return None
    tokens = [t for t in _SPLIT.split(text) if t]
    roles: list[str] = []
    authors: list[str] = []
    for i, token in enumerate(tokens):
        match = _ROLE_TOKEN.match(token)
        if match:
            roles.append(match.group("role"))
            if match.group("name"):
                authors.append(match.group("name"))
        elif roles and _NAME.match(token) and token not in _ACTION:
            authors.append(token)
        elif roles and token in _ACTION and i >= len(tokens) - 2:
            continue
        elif not roles and token in _CREDIT:
            # "文/图 本报记者 张三": what the people made, before who they are.
            continue
        else:
            return None
    if not roles or not authors:
        return None
    unique_roles = list(dict.fromkeys(roles))
    return Byline(role=" ".join(unique_roles), authors=tuple(authors))


# A dateline: an issuing source and place (本报, 湖南日报, 新华社北京), an optional date
# (ASCII or full-width digits), then 讯 or 电 (訊, 電), followed by a break, not more words.
_DATELINE = re.compile(
    rf"^(?P<dl>(?P<src>[{_HAN}]{{0,14}}?)"
    r"(?P<date>[0-9０-９]{1,2}月[0-9０-９]{1,2}日)?"
    r"(?:讯|电|訊|電))"
    r"(?=$|[\s\u3000(（【\[—:：,，])"
)
# Sources that issue dated news without a date in the dateline (本报讯, 新华社电).
_SOURCE_END = ("报", "報", "社", "网", "網", "台", "站", "中心")
_PAREN = re.compile(r"[\s\u3000]*[(（](?P<inner>[^()（）]{2,40})[)）]")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline found at the start of a paragraph, with the byline in its brackets."""

    text: str
    byline: Byline | None


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline that opens paragraph (湖南日报11月22日讯(记者 曹娟)…), if any."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    src, date = match.group("src"), match.group("date")
    if date is None and not src.endswith(_SOURCE_END):
        # "…来电(" would otherwise pass for a dateline.
        return None
    if date is not None and src and len(src) < 2:
        return None
    byline = None
    paren = _PAREN.match(paragraph, match.end())
    if paren is not None:
        byline = parse_byline(paren.group("inner"))
    return Dateline(match.group("dl"), byline)
