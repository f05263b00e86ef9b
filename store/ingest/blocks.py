"""From input lines to typed items: titles, bylines, paragraphs, captions and tables.

Plain-text dumps of a newspaper page lose the layout, so the kind of each line is
inferred from its own shape (length, punctuation, byline or dateline form); joining the
lines of a paragraph broken mid-sentence is `store.ingest.rejoin`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from store.ingest.bylines import parse_byline
from store.ingest.dateline import Dateline, parse_dateline, standalone_dateline
from store.ingest.lazyre import later
from store.ingest.metadata import MetaField, metadata_fields
from store.ingest.tables import (
    ALIGNED_MIN_ROWS,
    aligned_cells,
    described_table,
    grid_table,
    row_cells,
)
from store.ingest.text import (
    TITLE_MAX,
    Unit,
    ends_sentence,
    is_numbered_heading,
    is_soft_title,
    is_title_like,
)
from store.models import Block, Byline

ItemKind = Literal["title", "byline", "paragraph", "caption", "table", "meta", "dateline"]

CAPTION_MAX = 80
# A metadata line's first colon stands this near its start (after bullets and spaces too).
_META_REACH = 20
# A kicker ends with a dash run pointing at the headline under it.
_KICKER_END = later(r"[^—―─-](?:—{2,}|―{2,}|─{2,})$")
KICKER_MAX = 40
# A caption that announces itself can stand anywhere, not only inside a broken paragraph.
_EXPLICIT_CAPTION = re.compile(r"^(?:图为|圖為|上图|下图|左图|右图|图[:：]|圖[:：])")


@dataclass(slots=True)
class Item:
    """One typed piece of the page before sections are formed."""

    kind: ItemKind
    text: str
    gap: int = 1
    byline: Byline | None = None
    dateline: Dateline | None = None
    block: Block | None = None
    parts: list[str] = field(default_factory=list)
    meta: tuple[MetaField, ...] = ()
    # A numbered cross-head (三、配套服务): heads a part of an article, never an article.
    numbered: bool = False
    # A rule line or a page head stands above it.
    rule: bool = False


def classify(units: list[Unit]) -> list[Item]:
    """Give each input line a kind from its own shape; grid rows are grouped into tables."""
    items: list[Item] = []
    i = 0
    while i < len(units):
        unit = units[i]
        grid = _grid_rows(units, i)
        if grid:
            lines = [u.text for u in units[i : i + len(grid)]]
            items.append(Item("table", lines[0], unit.gap, block=grid_table(grid, lines)))
            i += len(grid)
            continue
        item = _classify_one(unit)
        item.rule = unit.rule
        items.append(item)
        i += 1
    _promote_soft_titles(items)
    return items


def _promote_soft_titles(items: list[Item]) -> None:
    """A comma-bearing or questioning short line right above a byline or dateline is a title.

    Only the line directly above counts (the headline's place): higher up, such a line is
    as likely the unfinished end of the previous article as a kicker.
    """
    for i, item in enumerate(items):
        opens = item.kind in ("byline", "dateline") or item.dateline is not None
        # A crawler's date or author line under a headline marks it the same way.
        opens = opens or (
            item.kind == "meta" and any(f.field in ("date", "byline") for f in item.meta)
        )
        if i == 0 or not opens:
            continue
        above = items[i - 1]
        if above.kind == "paragraph" and above.dateline is None and is_soft_title(above.text):
            above.kind = "title"


def _grid_rows(units: list[Unit], start: int) -> list[tuple[str, ...]]:
    """Two or more adjacent lines split by | or tabs into the same number of cells, or a
    header and rows whose columns are set apart by runs of spaces."""
    first = row_cells(units[start].text)
    if first is None:
        return _aligned_rows(units, start)
    rows = [first]
    for i in range(start + 1, len(units)):
        unit = units[i]
        cells = row_cells(unit.text)
        if unit.gap > 0 or cells is None or len(cells) != len(first):
            break
        rows.append(cells)
    return rows if len(rows) >= 2 else []


def _aligned_rows(units: list[Unit], start: int) -> list[tuple[str, ...]]:
    """A header and at least two rows, adjacent, each split by space runs into as many cells."""
    first = aligned_cells(units[start].text)
    if first is None:
        return []
    rows = [first]
    for i in range(start + 1, len(units)):
        unit = units[i]
        cells = aligned_cells(unit.text)
        if unit.gap > 0 or cells is None or len(cells) != len(first):
            break
        rows.append(cells)
    return rows if len(rows) > ALIGNED_MIN_ROWS else []


def _classify_one(unit: Unit) -> Item:
    text = unit.text
    table = described_table(text)
    if table is not None:
        return Item("table", text, unit.gap, block=table)
    head = text[:_META_REACH]
    labelled = text[:1].isdigit() or "：" in head or ":" in head or "】" in head
    meta = metadata_fields(text) if labelled else None
    if meta is not None:
        # `作者：张三  时间：2020-03-01`: facts about an article, never its text.
        return Item("meta", text, unit.gap, meta=meta)
    # Most lines of a page are paragraphs longer than any head line: they skip the tests
    # that only a short line can pass.
    short = len(text) <= TITLE_MAX
    alone = standalone_dateline(text) if short else None
    if alone is not None:
        # `（新华社北京3月1日电）` on its own line: the dateline field, not a headline.
        return Item("dateline", text, unit.gap, dateline=alone, byline=alone.byline)
    dateline = parse_dateline(text)
    if dateline is not None:
        return Item("paragraph", text, unit.gap, dateline=dateline, parts=[text])
    byline = parse_byline(text) if short else None
    if byline is not None:
        return Item("byline", text, unit.gap, byline=byline)
    if _EXPLICIT_CAPTION.match(text) and len(text) <= CAPTION_MAX * 2:
        return Item("caption", text, unit.gap, parts=[text])
    if not short:
        return Item("paragraph", text, unit.gap, parts=[text])
    if is_numbered_heading(text):
        return Item("title", text, unit.gap, numbered=True)
    if (
        text.endswith(("——", "――", "──"))
        and len(text) <= KICKER_MAX
        and _KICKER_END.search(text)
        and not ends_sentence(text)
    ):
        # "游泳运动员、奥运冠军潘展乐——": a line ending in a dash announces the headline below.
        return Item("title", text, unit.gap)
    if is_title_like(text):
        return Item("title", text, unit.gap)
    return Item("paragraph", text, unit.gap, parts=[text])
