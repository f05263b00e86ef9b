"""Datelines (新华社北京10月7日电, 本报讯) of news text; bylines live in bylines.py."""

from __future__ import annotations

from dataclasses import dataclass

from store.ingest.bylines import HAN, parse_byline
from store.ingest.lazyre import later
from store.models import Byline

__all__ = ["Dateline", "parse_byline", "parse_dateline", "standalone_dateline"]

_HAN = HAN


# A dateline: an issuing source and place (本报, 湖南日报, 新华社北京), an optional date
# (ASCII or full-width digits), then 讯 or 电 (訊, 電), followed by a break, not more words.
_DATELINE = later(
    rf"^(?P<dl>(?P<src>[{_HAN}]{{0,14}}?)"
    r"(?P<date>[0-9０-９]{1,2}月[0-9０-９]{1,2}日)?"
    r"(?:讯|电|訊|電))"
    r"(?P<brk>(?=$|[\s\u3000(（【\[—:：,，]))?"
)
# An issuer inside the source (中国经济网北京, 本报长沙): with one, a dated dateline may run
# straight into its text, as some papers print it ("…6月12日讯北京证券交易所…").
_ISSUER = later(r"报|報|社|网|網|台|站|中心")
# Sources that issue dated news without a date in the dateline (本报讯, 新华社电).
_SOURCE_END = ("报", "報", "社", "网", "網", "台", "站", "中心")
# The dateline's 讯 or 电 stands within this many characters of the start.
_DATELINE_REACH = 30
_PAREN = later(r"[\s\u3000]*[(（](?P<inner>[^()（）]{2,40})[)）]")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline found at the start of a paragraph, with the byline in its brackets."""

    text: str
    byline: Byline | None


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline that opens paragraph (湖南日报11月22日讯(记者 曹娟)…), if any."""
    head = paragraph[:_DATELINE_REACH]
    if "讯" not in head and "电" not in head and "訊" not in head and "電" not in head:
        # Cheap test first: every line of a page comes through here.
        return None
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    src, date = match.group("src"), match.group("date")
    if match.group("brk") is None and (date is None or not _ISSUER.search(src)):
        # "今年5月1日电价上调" has no issuer: a date followed by 电 inside a sentence.
        return None
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


_BRACKETS = "（(【[〔", "）)】]〕"


def standalone_dateline(line: str) -> Dateline | None:
    """A dateline printed on a line of its own, often in brackets: `（新华社北京3月1日电）`."""
    text = line.strip()
    if len(text) > 2 and text[0] in _BRACKETS[0] and text[-1] in _BRACKETS[1]:
        text = text[1:-1].strip()
    found = parse_dateline(text)
    if found is None:
        return None
    rest = text[len(found.text) :]
    paren = _PAREN.match(rest)
    if paren is not None:
        rest = rest[paren.end() :]
    return found if not rest.strip() else None
