"""Mastheads and page heads: 人民日报 2020年3月1日 星期日 第01版：要闻.

A page head names the paper, the date, the page number and the page's name. E-paper
dumps print it once at the top, whole-day dumps once per page. None of it is an
article: it sets the briefing's title, date and source.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.ingest.bylines import HAN
from store.ingest.han import is_han_char
from store.ingest.lazyre import later
from store.ingest.metadata import date_span

# A paper's name ends in one of these words (湖南日报, 新民晚报, 聯合報, 參考消息 is rare).
_PAPER = later(
    rf"[{HAN}A-Za-z]{{1,10}}?(?:日报|晚报|早报|时报|商报|晨报|青年报|法治报|经济报|导报|"
    r"日報|晚報|早報|時報|商報|晨報|導報|报|報|新闻|新聞|周刊|週刊)"
)
_PAPER_ENDS = "报報闻聞刊"  # the last character of every word above
# 第01版, 第A3版, A01版, 01版: the page number, optionally followed by its name.
_PAGE = later(
    r"第?\s*(?P<no>[0-9０-９]{1,3}|[A-Za-z][0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*版"
    rf"(?:\s*[:：]?\s*(?P<name>[{HAN}]{{2,8}}))?"
)
_WEEKDAY_WORDS = ("星期", "周", "週", "禮拜", "礼拜")
_WEEKDAY = later(rf"(?:{'|'.join(_WEEKDAY_WORDS)})[一二三四五六日天]")
_LUNAR = later(rf"(?:农历|農曆)[{HAN}]{{2,12}}")
_FILLER = later(r"[\s\u3000|｜/:：,，·•()（）【】《》\[\]-]+")
# What may remain once the parts are taken out: a few characters at most.
_LEFTOVER_MAX = 4
MASTHEAD_MAX = 60


@dataclass(frozen=True, slots=True)
class Masthead:
    """The parts of a page head; any may be None."""

    paper: str | None = None
    date: str | None = None
    page: str | None = None
    page_name: str | None = None

    @property
    def label(self) -> str:
        """The page as a reader names it: 第01版 要闻."""
        return " ".join(p for p in (self.page, self.page_name) if p)


def paper_name(line: str) -> str | None:
    """The line itself when it is only a paper's name (人民日报, 聯合報), else None."""
    text = line.strip()
    if not text or len(text) > 10 or text[-1] not in _PAPER_ENDS:
        return None  # (the rule is not compiled for a line it cannot match)
    return text if _PAPER.fullmatch(text) else None


def parse_masthead(line: str) -> Masthead | None:
    """The page head on line, or None.

    A page head holds a date or a page number (or both), maybe the paper's name, the
    weekday, the lunar date and the page's name, and next to nothing else: a headline that
    happens to name a date is not one.
    """
    text = line.strip()
    if not text or len(text) > MASTHEAD_MAX or "。" in text:
        return None
    rest = text
    date = None
    found = date_span(rest)
    if found is not None:
        # A day that never was (2月30日) still marks the line as a page head; it dates nothing.
        date, start, end = found
        rest = rest[:start] + " " + rest[end:]
    page = page_name = None
    # Each rule is tried only when its one required word is there (a compile saved).
    pmatch = _PAGE.search(rest) if "版" in rest else None
    if pmatch is not None:
        page = f"第{pmatch.group('no')}版"
        page_name = pmatch.group("name")
        rest = rest[: pmatch.start()] + " " + rest[pmatch.end() :]
    if found is None and page is None:
        return None
    if "农历" in rest or "農曆" in rest:
        rest = _LUNAR.sub(" ", rest)
    if any(word in rest for word in _WEEKDAY_WORDS):
        rest = _WEEKDAY.sub(" ", rest)
    paper = None
    for token in _FILLER.split(rest):
        if (
            token
            and paper is None
            and token[-1] in _PAPER_ENDS
            and _PAPER.fullmatch(token)
            and len(token) <= 10
        ):
            paper = token
            rest = rest.replace(token, " ", 1)
    leftover = _FILLER.sub("", rest)
    if paper is None and page is None and _names_the_issue(text, rest, leftover):
        # "新闻联播 2018年11月1日": a name first, then the date, is what puts out the issue.
        paper, leftover = leftover, ""
    if page is not None and page_name is None and 2 <= len(leftover) <= 8:
        # "要闻 第01版": the page's name printed before its number.
        page_name, leftover = leftover, ""
    if len(leftover) > _LEFTOVER_MAX:
        return None
    return Masthead(paper=paper, date=date, page=page, page_name=page_name)


def _names_the_issue(text: str, rest: str, leftover: str) -> bool:
    """Whether what is left of a dated head is one short name standing first on the line."""
    if not 2 <= len(leftover) <= _LEFTOVER_MAX or not text.startswith(leftover):
        return False
    if len([t for t in _FILLER.split(rest) if t]) != 1:
        return False
    return all(is_han_char(c) or (c.isascii() and c.isalpha()) for c in leftover)
