"""Recover whole rows from a damaged TinyDB document (truncated, overwritten in part)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

_DECODER = json.JSONDecoder()
# A row opens as `"<doc id>": {`; a quote inside a JSON string is escaped, so this never
# matches text inside a note.
_ROW = re.compile(r'"(\d+)"\s*:\s*\{')


def _table_re(names: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(r'"(' + alternatives + r')"\s*:\s*\{')


def _rows_of(table: Any) -> dict[str, dict[str, Any]]:
    if isinstance(table, dict):
        return {str(k): v for k, v in table.items() if isinstance(v, dict)}
    if isinstance(table, list):
        return {str(n): v for n, v in enumerate(table, 1) if isinstance(v, dict)}
    return {}


def salvage(raw: bytes, tables: Iterable[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """Every complete row of the named tables that can still be read from `raw`."""
    names = tuple(tables)
    text = raw.decode("utf-8", errors="replace")
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if isinstance(whole, dict):
        return {name: _rows_of(whole.get(name)) for name in names}
    found: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in names}
    starts = [(m.start(), m.group(1)) for m in _table_re(names).finditer(text)]
    if not starts:
        return found
    pos = starts[0][0]
    for match in _ROW.finditer(text):
        if match.start() < pos:
            continue  # inside a row already recovered
        brace = match.end() - 1
        try:
            row, end = _DECODER.raw_decode(text, brace)
        except ValueError:
            continue
        table = _owner(starts, match.start())
        if table is not None and isinstance(row, dict):
            found[table][match.group(1)] = row
            pos = end
    return found


def _owner(starts: list[tuple[int, str]], at: int) -> str | None:
    owner = None
    for start, name in starts:
        if start > at:
            break
        owner = name
    return owner
