"""Rows as CSV text a spreadsheet opens directly (UTF-8 with a byte order mark)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from store.export.csv_readwise import BOM, defuse
from store.sanitize import clean_line


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV with a header row; text cells are cleaned and defused against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [defuse(clean_line(c)) if isinstance(c, str) else ("" if c is None else c) for c in row]
        )
    return BOM + buffer.getvalue()
