"""One rendering of a table for every output: a header row of column names, then body rows.

`grid` draws it with box characters for a terminal (the reader and `briefing read`), each cell
wrapped with the reader's line breaker when the table is wider than the column (or, for the
reader, which scrolls a wide table sideways, at its natural width); `pipe_rows`
gives the same rows unwrapped for plain text and Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence

from store.sanitize import clean_line
from store.typeset import cell_width, wrap

# The narrowest a column may be squeezed to: one CJK character.
MIN_CELL = 2


def table_cells(
    columns: Sequence[str], rows: Sequence[Sequence[str]]
) -> tuple[list[str], list[list[str]]]:
    """Header and body cleaned to one line each, every row as wide as the widest."""
    count = max([len(columns), *(len(r) for r in rows)]) if (columns or rows) else 0
    head = [clean_line(c).strip() for c in columns] + [""] * (count - len(columns))
    body = [[clean_line(c).strip() for c in r] + [""] * (count - len(r)) for r in rows]
    return head, body


def _widths(natural: list[int], room: int) -> list[int]:
    """Column widths that fit `room` cells, squeezing the widest columns first."""
    if sum(natural) <= room:
        return natural
    # The largest cap that lets every column fit: columns under it keep their width.
    low, high = MIN_CELL, max(natural)
    while low < high:
        cap = (low + high + 1) // 2
        if sum(min(w, cap) for w in natural) <= room:
            low = cap
        else:
            high = cap - 1
    return [min(w, low) for w in natural]


def _row_lines(cells: list[str], widths: list[int], pad: str) -> list[str]:
    parts = [wrap(c, w) if c else [""] for c, w in zip(cells, widths, strict=True)]
    height = max(len(p) for p in parts)
    lines = []
    for i in range(height):
        pieces = []
        for part, w in zip(parts, widths, strict=True):
            # A space hung past a wrapped cell's margin is not drawn: the border stays in line.
            text = part[i].rstrip(" ") if i < len(part) else ""
            pieces.append(pad + text + " " * max(0, w - cell_width(text)) + pad)
        lines.append("│" + "│".join(pieces) + "│")
    return lines


def grid(
    columns: Sequence[str], rows: Sequence[Sequence[str]], width: int, *, fit: bool = True
) -> list[str]:
    """The table drawn in at most `width` cells (when it can be): header, rule, body rows.

    With `fit=False` every column keeps its natural width and no cell is wrapped, however
    wide the table gets: for a view that scrolls sideways.
    """
    head, body = table_cells(columns, rows)
    if not head:
        return []
    natural = [max(MIN_CELL, *(cell_width(r[i]) for r in [head, *body])) for i in range(len(head))]
    # Each column costs its text, a space either side and one border; in a narrow column
    # the spaces go first, so many columns still fit.
    pad = " " if not fit or 1 + (MIN_CELL + 3) * len(head) <= width else ""
    widths = natural if not fit else _widths(natural, width - 1 - (1 + 2 * len(pad)) * len(head))

    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2 * len(pad)) for w in widths) + right

    lines = [rule("┌", "┬", "┐"), *_row_lines(head, widths, pad)]
    if body:
        lines.append(rule("├", "┼", "┤"))
        wrapped = [_row_lines(r, widths, pad) for r in body]
        # Rows that take several lines are told apart by a rule between them.
        ruled = any(len(w) > 1 for w in wrapped)
        for i, row in enumerate(wrapped):
            if ruled and i:
                lines.append(rule("├", "┼", "┤"))
            lines.extend(row)
    lines.append(rule("└", "┴", "┘"))
    return lines


def pipe_rows(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """The header then each body row as lists of one-line cells (for text and Markdown)."""
    head, body = table_cells(columns, rows)
    return [head, *body] if head else []
