"""Tables in a text dump: ones the dump only describes, and pipe or tab separated ones."""

from __future__ import annotations

import re

from store.models import Block

# Some converters replace a table by one sentence naming its columns, e.g.
# "Table with 7 columns: 序号, 受理编号, …. It contains 11 rows of detailed case information."
# The stated count is not trusted: every listed name is a column.
_DESCRIBED = re.compile(
    r"^(?:table|表格?)\s*(?:with|共|有)?\s*\d*\s*(?:columns?|列)\s*[:：]\s*"
    r"(?P<cols>.+?)(?:[.。]\s*(?P<rest>(?:it|共|含|包含).*))?$",
    re.IGNORECASE,
)
_COL_SPLIT = re.compile(r"\s*[,，、;；]\s*")
_ROW_SEP = re.compile(r"\s*[|｜\t]\s*")


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
    """A table block for a real grid: header cells are the columns, body rows go in the note.

    Block has no place for cells, so the body is kept verbatim (one source line per row)
    in the note rather than dropped.
    """
    header, body = rows[0], lines[1:]
    note = f"{len(body)} rows:\n" + "\n".join(body) if body else "No rows."
    return Block("table", columns=header, note=note)
