"""parse(): the text of a newspaper dump to a ParsedBriefing of sections and blocks."""

from __future__ import annotations

import re

from store.errors import ImportFailure
from store.ingest.blocks import classify, rejoin
from store.ingest.segment import build_sections
from store.ingest.text import Unit, is_title_like, split_units
from store.models import ParsedBriefing
from store.sanitize import clean_text

# A masthead line at the top of a page: a full date, often with paper, weekday and page.
_MASTHEAD_DATE = re.compile(
    r"(?P<y>(?:19|20)[0-9]{2})\s*[年./-]\s*(?P<m>[0-9]{1,2})\s*[月./-]\s*(?P<d>[0-9]{1,2})\s*日?"
)

# Words only a masthead carries next to its date: the page, the weekday, the paper.
_MASTHEAD_WORDS = re.compile(
    r"第\s*[0-9０-９A-Za-z一二三四五六七八九十]+\s*版|星期|周[一二三四五六日天]|[日晚早时商]报|[日晚早時商]報"
)


def parse(text: str) -> ParsedBriefing:
    """Split a plain-text newspaper dump into sections with typed blocks.

    Raises ImportFailure when the text holds no paragraph at all.
    """
    units, layout = split_units(clean_text(text))
    title, date, units = _masthead(units)
    items = rejoin(classify(units), layout)
    sections = build_sections(items)
    if not any(b.type == "paragraph" for s in sections for b in s.blocks):
        raise ImportFailure("no article found: the text has no paragraph")
    return ParsedBriefing(sections=tuple(sections), title=title, date=date)


def _masthead(units: list[Unit]) -> tuple[str | None, str | None, list[Unit]]:
    """Take a dated masthead line (湖南日报 2018年11月23日 第07版) off the top of the page."""
    if len(units) < 2:
        return None, None, units
    first = units[0]
    match = _MASTHEAD_DATE.search(first.text)
    if match is None or not is_title_like(first.text):
        return None, None, units
    rest = first.text[: match.start()] + first.text[match.end() :]
    if len(rest.strip()) > 4 and not _MASTHEAD_WORDS.search(rest):
        # A headline that happens to carry a date is not a masthead.
        return None, None, units
    y, m, d = (int(match.group(g)) for g in "ymd")
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None, None, units
    return first.text, f"{y:04d}-{m:02d}-{d:02d}", units[1:]
