"""parse(): the text of a newspaper dump to a ParsedBriefing of sections and blocks."""

from __future__ import annotations

import gc
from dataclasses import replace

from store.errors import NoArticle
from store.ingest.blocks import classify
from store.ingest.masthead import Masthead, paper_name, parse_masthead
from store.ingest.rejoin import rejoin
from store.ingest.segment import build_sections
from store.ingest.text import Unit, split_units
from store.models import ParsedBriefing
from store.sanitize import clean_text

# How many lines at the top of a page may make up its head (paper, date, page, name).
_HEAD_LINES = 5


def parse(text: str) -> ParsedBriefing:
    """Split a plain-text newspaper dump into sections with typed blocks.

    Raises NoArticle (an ImportFailure) when the text holds no paragraph at all.
    """
    # A page makes many small objects and no reference cycles: the cycle collector's
    # passes over them would grow with the page, so it rests while the page is read.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text)
    finally:
        if collecting:
            gc.enable()


def _parse(text: str) -> ParsedBriefing:
    units, layout = split_units(clean_text(text))
    heads, units = _page_heads(units)
    items = rejoin(classify(units), layout)
    sections = build_sections(items, layout)
    if not any(b.type == "paragraph" for s in sections for b in s.blocks):
        raise NoArticle("no article found: the text has no paragraph")
    title, date, source = _briefing_facts(heads)
    return ParsedBriefing(sections=tuple(sections), title=title, date=date, source=source)


def _page_heads(units: list[Unit]) -> tuple[list[Masthead], list[Unit]]:
    """Take the page heads off the page: the masthead lines at the top, and the page lines
    (`第02版：要闻`) a whole-day dump prints where each page begins.

    At the top, a line that is only a paper's name counts when a dated or numbered head
    line stands with it. Further down only a line with a page number is a page head: a
    bare date there is a letter's signature date, not a masthead.
    """
    heads: list[Masthead] = []
    top = 0
    papers: list[str] = []
    for unit in units[:_HEAD_LINES]:
        found = parse_masthead(unit.text)
        name = paper_name(unit.text) if found is None else None
        if found is None and name is None:
            break
        if found is None and heads and heads[-1].paper is not None:
            # The head already names its paper: a paper-like line after it is a headline
            # (中国经济三季报 under 新闻联播 2014年10月21日), not a second name.
            break
        if found is not None:
            heads.append(found)
        elif name is not None:
            papers.append(name)
        top += 1  # noqa: SIM113 - counts only the lines before the loop breaks
    if not heads:
        top, papers = 0, []
    elif papers and heads[0].paper is None:
        heads[0] = replace(heads[0], paper=papers[0])
    if top >= len(units):
        # A page that is only a head has no article to lose: leave it to be parsed as text.
        return [], units
    rest: list[Unit] = []
    broken = False
    for unit in units[top:]:
        found = parse_masthead(unit.text) if "版" in unit.text else None
        if found is not None and found.page is not None:
            heads.append(found)
            # A new page starts: its first line starts afresh.
            broken = True
            continue
        rest.append(replace(unit, rule=True) if broken else unit)
        broken = False
    return heads, rest


def _briefing_facts(heads: list[Masthead]) -> tuple[str | None, str | None, str | None]:
    """Title (paper and page), date and source from a page's heads."""
    if not heads:
        return None, None, None
    paper = next((h.paper for h in heads if h.paper), None)
    date = next((h.date for h in heads if h.date), None)
    pages = list(dict.fromkeys(h.label for h in heads if h.label))
    # One page names its page; a whole day's dump is the paper's issue.
    parts = [paper, pages[0] if len(pages) == 1 else None]
    title = " ".join(p for p in parts if p) or None
    if title is None and date is None:
        return None, None, None
    return title, date, paper
