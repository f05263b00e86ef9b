"""Lay a section out as typeset lines for a text column (pure; no Textual imports)."""

from __future__ import annotations

import re
from collections import namedtuple
from functools import cache
from typing import Literal

from store.models import Block, Section, SectionHead
from store.sanitize import clean_line, clean_text
from store.typeset import cell_width, wrap

LineKind = Literal[
    "blank",
    "kicker",
    "headline",
    "deck",
    "byline",
    "dateline",
    "rule",
    "paragraph",
    "heading",
    "caption",
    "table",
    "table-note",
]

# The widest text column: about forty CJK characters, a comfortable measure for reading.
MAX_COLUMN = 80
CAPTION_LABEL = "图 "
CAPTION_BAR = "┃ "
TABLE_LABEL = "表 "


# Named tuples made by `collections.namedtuple` (typing.NamedTuple compiles each field's
# annotation as the class is made, a cost every start of the reader paid).
class Line(namedtuple("Line", "kind text block start prefix", defaults=("", None, -1, ""))):
    """One screen line: decoration (`prefix`) plus a slice of a block's text."""

    __slots__ = ()
    kind: LineKind
    text: str
    block: int | None
    # Where `text` starts in the block's (or head field's) cleaned text; -1 for decoration.
    start: int
    prefix: str


class Layout(namedtuple("Layout", "lines block_first block_last column")):
    """A section set for one column width: its lines and where each block begins and ends."""

    __slots__ = ()
    lines: tuple[Line, ...]
    block_first: tuple[int, ...]
    block_last: tuple[int, ...]
    column: int

    def block_at(self, y: int) -> int | None:
        """The block shown on line y, or the nearest block after it."""
        if not self.block_first:
            return None
        for y2 in range(max(0, y), len(self.lines)):
            block = self.lines[y2].block
            if block is not None:
                return block
        return len(self.block_first) - 1


def column_width(available: int) -> int:
    """The text column for a view `available` cells wide."""
    return max(8, min(MAX_COLUMN, available))


def fewest_lines(section: Section, width: int) -> int:
    """At least how many lines the section's blocks take in a view `width` cells wide: each
    block a line at least, its cells over the widest column such a view has."""
    column = column_width(width)
    return sum(max(1, -(-cell_width(b.text) // column)) for b in section.blocks)


def block_texts(section: Section) -> list[str]:
    """Each block's displayable text, cleaned of control and bidi characters."""
    return [clean_text(b.text).replace("\n", " ").replace("\t", " ") for b in section.blocks]


def byline_text(section: Section | SectionHead) -> str:
    """The byline as printed: role then authors."""
    parts = [section.byline.role or "", " ".join(section.byline.authors)]
    return clean_line(" ".join(p for p in parts if p))


def layout_section(
    section: Section, column: int, *, indent: int = 2, wide_tables: bool = False
) -> Layout:
    """Typeset a whole section for a column `column` cells wide.

    With `wide_tables` a table keeps its natural width, wider than the column if need be,
    for a view that scrolls it sideways; otherwise its cells wrap to fit the column.
    """
    lines: list[Line] = []
    add = lines.append

    def header(kind: LineKind, value: str | None) -> None:
        # Offsets into the field's text let search hits in the head light up too.
        if value:
            pos = 0
            for text in wrap(clean_line(value), column):
                add(Line(kind, text, None, pos))
                pos += len(text)

    header("kicker", section.kicker)
    header("headline", section.headline)
    header("deck", section.deck)
    header("byline", byline_text(section))
    # A dateline that opens the first paragraph is read there, not twice.
    header("dateline", section.head_dateline)
    add(Line("rule", "─" * min(column, 12)))
    add(Line("blank"))

    texts = block_texts(section)
    first: list[int] = []
    last: list[int] = []
    for n, block in enumerate(section.blocks):
        first.append(len(lines))
        if block.type == "table":
            _layout_table(block, n, column, add, fit=not wide_tables)
        else:
            _layout_block(block, texts[n], n, column, indent, add)
        last.append(len(lines) - 1)
        add(Line("blank"))
    return Layout(tuple(lines), tuple(first), tuple(last), column)


def table_width(layout: Layout, block: int) -> int:
    """Cells the widest line of a table block takes (0 if the block is not a table)."""
    if not 0 <= block < len(layout.block_first):
        return 0
    lines = layout.lines[layout.block_first[block] : layout.block_last[block] + 1]
    return max((cell_width(line.text) for line in lines if line.kind == "table"), default=0)


def _layout_block(block: Block, text: str, n: int, column: int, indent: int, add) -> None:
    if block.type == "paragraph":
        pos = 0
        for i, line in enumerate(wrap(text, column, indent=indent)):
            body = line[indent:] if i == 0 else line
            add(Line("paragraph", body, n, pos, line[: len(line) - len(body)]))
            pos += len(body)
    elif block.type == "heading":
        pos = 0
        for line in wrap(text, column):
            add(Line("heading", line, n, pos))
            pos += len(line)
    elif block.type == "caption":
        label = cell_width(CAPTION_LABEL)
        pos = 0
        width = column - cell_width(CAPTION_BAR)
        for i, line in enumerate(wrap(text, width, indent=label)):
            body = line[label:] if i == 0 else line
            prefix = CAPTION_BAR + (CAPTION_LABEL if i == 0 else "")
            add(Line("caption", body, n, pos, prefix))
            pos += len(body)
    else:
        _layout_table(block, n, column, add)


def _layout_table(block: Block, n: int, column: int, add, *, fit: bool = True) -> None:
    """A table as a header row of its column names over its body rows, then its note."""
    # Loaded with the first table, not before a first frame that may show none.
    from store.tablegrid import grid

    for line in grid(block.columns, block.rows, column, fit=fit):
        add(Line("table", line, n))
    if block.note:
        note = clean_line(block.note)
        for i, line in enumerate(wrap(note, column - cell_width(TABLE_LABEL))):
            prefix = TABLE_LABEL if i == 0 else " " * cell_width(TABLE_LABEL)
            add(Line("table-note", line.rstrip(" "), n, -1, prefix))


# 一是… 二是…, （一）…, 一、…, 1. … and 1、… open the points of an enumerated argument; then the
# end of a point's first clause. Compiled when the outline first lists points, after the
# reader's first frame.
@cache
def _point_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    point = re.compile(
        r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．](?!\d))"
    )
    return point, re.compile(r"[。；;！!？?：:]")


POINT_LABEL_CELLS = 28


def outline_points(section: Section) -> list[tuple[int, str]]:
    """Cross-heads and enumerated points of a section as (block, label) for the outline."""
    points: list[tuple[int, str]] = []
    point, clause_end = _point_patterns()
    for n, block in enumerate(section.blocks):
        text = clean_line(block.text).strip()
        if block.type == "heading" or (block.type == "paragraph" and point.match(text)):
            end = clause_end.search(text)
            label = text[: end.start()] if end and end.start() > 0 else text
            points.append((n, _shorten(label, POINT_LABEL_CELLS)))
    return points


def _shorten(text: str, cells: int) -> str:
    if cell_width(text) <= cells:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_width(ch)
        if used + w > cells - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
