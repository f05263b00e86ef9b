"""Tables in a text dump: ones the dump only describes, and pipe, tab or space aligned grids."""

from __future__ import annotations

import re

from store.ingest.lazyre import later
from store.models import Block

# Some converters replace a table by one sentence naming its columns, e.g.
# "Table with 7 columns: 序号, 受理编号, …. It contains 11 rows of detailed case information."
# The stated count is not trusted: every listed name is a column.
_DESCRIBED = later(
    r"^(?:table|表格?)\s*(?:with|共|有)?\s*\d*\s*(?:columns?|列)\s*[:：]\s*"
    r"(?P<cols>.+?)(?:[.。]\s*(?P<rest>(?:it|共|含|包含).*))?$",
    re.IGNORECASE,
)
_COL_SPLIT = later(r"\s*[,，、;；]\s*")
_ROW_SEP = later(r"\s*[|｜\t]\s*")


def described_table(text: str) -> Block | None:
    """A table block for a line that only describes a table, or None."""
    match = _DESCRIBED.match(text)
    if match is None:
        return None
    cols = tuple(c for c in (c.strip(" .。") for c in _COL_SPLIT.split(match.group("cols"))) if c)
    if not cols:
        return None
    note = f"The rows of this table are not in the source, which only says: {text}"
    return Block("table", columns=cols, note=note)


def row_cells(text: str) -> tuple[str, ...] | None:
    """The cells of a pipe or tab separated row, or None when text is not such a row."""
    if "|" not in text and "｜" not in text and "\t" not in text:
        return None
    cells = _ROW_SEP.split(text.strip().strip("|｜").strip())
    if len(cells) < 2:
        return None
    return tuple(cells)


def grid_table(rows: list[tuple[str, ...]], lines: list[str]) -> Block:
    """A table block for a real grid: the first row names the columns, the rest are its rows.

    `lines` are the source lines, kept for callers that show where the table came from.
    """
    header, body = rows[0], rows[1:]
    return Block("table", columns=header, rows=tuple(body))


# Columns set apart by a run of two or more spaces (ASCII, full-width or no-break) or a tab.
# A single space, even a full-width one, sits inside names and headlines (王　五).
_ALIGNED_SEP = later(r"[ \u3000\u00a0]{2,}|\t")
# A cell of an aligned table is short and is no sentence.
_CELL_MAX = 24
_SENTENCE_MARK = later(r"[。！？；]")
# An aligned table needs a header and at least this many rows: two lines that happen to
# split alike are more likely verse or a signature.
ALIGNED_MIN_ROWS = 2


def aligned_cells(raw: str) -> tuple[str, ...] | None:
    """The cells of a line laid out in space-aligned columns, or None."""
    if "  " not in raw and "\u3000" not in raw and "\t" not in raw and "\u00a0" not in raw:
        # Cheap test first: every line of a page comes through here.
        return None
    cells = tuple(c for c in _ALIGNED_SEP.split(raw.strip()) if c)
    if len(cells) < 2 or any(len(c) > _CELL_MAX or _SENTENCE_MARK.search(c) for c in cells):
        return None
    return cells
