"""Who wrote an article, and the metadata lines around articles that are not their text.

A page's or package's author field (`byline_from`), editors' and designers' lines in their
many wrappings (`is_metadata_line`), and the line that names paper, date and page under a
headline (`issue_of`). Labelled lines and page heads are read by the text rules
(`store.ingest.rules`); this module only unwraps what papers put around them.
"""

from __future__ import annotations

import re

from store.ingest.cleantext import tidy
from store.ingest.rules import metadata_fields, parse_byline, parse_masthead
from store.models import Byline

_AUTHOR_LABEL = re.compile(r"^(?:作者|文|撰文|记者|编辑|责任编辑|来源|By|by)\s*[:：/|]?\s*")
_NAME_SPLIT = re.compile(r"[\s、,，;；/]+")
# Latin names keep their spaces ("Mark Pilgrim"); only lists of them are split.
_LATIN_SPLIT = re.compile(r"\s*(?:[,;/、，；]|\band\b|&)\s*")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
# A person's name: two to five Chinese characters (with a middle dot), or a Latin name.
_NAME = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,6}|[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff·•]{1,12}"
    r"|[A-Z][A-Za-z.'-]{0,20}(?: [A-Z][A-Za-z.'-]{0,20}){0,3})$"
)
# A byline that names only the role (新华社记者, 本报评论员).
_ROLE_ONLY = re.compile(r"^[\u4e00-\u9fff]{0,8}(?:记者|评论员|通讯员|特约评论员|评论部)$")
_PADDED_NAME = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[ \u3000]([\u4e00-\u9fff])(?![\u4e00-\u9fff])"
)
# Words that show an author field holds something else (a date, an editor, a notice).
_NOT_A_NAME = re.compile(r"[0-9@:：\[\]【】()（）]|编辑|发布|时间|授权|关注|网$|报$|社$")
# Editors' and sources' lines at the foot of an article page: metadata, not text.
_EDITOR_LINE = re.compile(
    r"^[(（【\[]?\s*(?:[一二三四五六七八九十0-9]+版|本版)?\s*"
    r"(?:责任编辑|责编|编辑|审核|校对|监制|编审|值班编辑|审校|终审|初审|复审|稿源|图片来源|来源)"
    r"\s*[:：][^。！？]{0,160}[)）】\]]?$"
)
# Brackets and a page prefix around a metadata line: （责编：李四）, 一版责编：李四.
_WRAPPED = re.compile(r"^[(（【\[]\s*(.*?)\s*[)）】\]]$")
_PAGE_PREFIX = re.compile(r"^(?:[一二三四五六七八九十0-9]+版|本版)(?=\S*[:：])")


def unwrap(text: str) -> str:
    """A metadata line without the brackets or page prefix some papers put around it."""
    match = _WRAPPED.match(text)
    text = match.group(1) if match else text
    return _PAGE_PREFIX.sub("", text)


def issue_of(text: str) -> tuple[str, str] | None:
    """Paper and date of a paper-date-page line: 《人民日报》（2025年10月20日 第01版）."""
    head = parse_masthead(text)
    if head is None or not (head.paper and head.date and head.page):
        return None
    return head.paper, head.date


def is_metadata_line(text: str) -> bool:
    """An editors', metadata or paper-date-page line: metadata around articles, not text."""
    return bool(
        _EDITOR_LINE.match(text) or issue_of(text) or metadata_fields(unwrap(text)) is not None
    )


def byline_from(text: str | None) -> Byline | None:
    """A byline from a page's author field: its own form, or the names after a label."""
    if not text:
        return None
    text = tidy(text)
    parsed = parse_byline(text)
    if parsed is not None:
        return parsed
    text = _AUTHOR_LABEL.sub("", text)
    if _ROLE_ONLY.match(text):
        return Byline(role=text)
    if _NOT_A_NAME.search(text):
        return None
    # Newspapers pad two-character names to the width of three (洪 勇).
    text = _PADDED_NAME.sub(r"\1\2", text)
    split = _NAME_SPLIT if _HAS_CJK.search(text) else _LATIN_SPLIT
    names = tuple(n.strip() for n in split.split(text) if n.strip())
    if not names or len(names) > 8 or not all(_NAME.match(n) for n in names):
        return None
    return Byline(authors=names)
