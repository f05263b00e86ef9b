"""The rows a user journal's records change: TinyDB's upsert and a replacement by one
field's value, applied one by one or through an index of the table's rows."""

from __future__ import annotations

from typing import Any

Doc = dict[str, dict[str, Any]]


def upsert(
    table: dict[str, dict[str, Any]], field: str, value: Any, fields: dict[str, Any]
) -> None:
    """Update every row of a table whose `field` is `value` with `fields`, or add a row of
    them under the next id, as TinyDB's `upsert(fields, Query()[field] == value)` does
    (rows are replaced, never changed in place: a reader may hold the old ones)."""
    found = False
    for key, row in list(table.items()):
        if field in row and row[field] == value:
            table[key] = {**row, **fields}
            found = True
    if not found:
        table[_next_id(table)] = dict(fields)


def replace(table: dict[str, dict[str, Any]], field: str, value: Any, row: Any) -> None:
    """Make `row` the one row whose `field` is `value` (in the first such row's place, else
    under the next id), or remove every such row when `row` is None."""
    keys = [k for k, r in table.items() if field in r and r[field] == value]
    if row is not None:
        table[keys.pop(0) if keys else _next_id(table)] = dict(row)
    for key in keys:
        del table[key]


def _next_id(table: dict[str, dict[str, Any]]) -> str:
    return str(max((int(k) for k in table if k.isdigit()), default=0) + 1)


def apply_record(data: Doc, record: dict[str, Any]) -> None:
    """Apply one record to a user document: its table is replaced by a changed copy, so a
    reader holding the document as it was never sees it change under it."""
    table = dict(data.get(record["t"]) or {})
    if "u" in record:
        upsert(table, record["f"], record["v"], record["u"])
    else:
        replace(table, record["f"], record["v"], record["r"])
    data[record["t"]] = table


class Where:
    """Where a table's rows are by one field's value, and its highest id: a record applied
    through it costs the same however many rows the table has (`apply_indexed`)."""

    def __init__(self, table: dict[str, dict[str, Any]], field: str) -> None:
        self.field = field
        self.keys: dict[Any, list[str]] = {}
        self.top: int | None = None
        for key, row in table.items():
            if field in row:
                self.keys.setdefault(row[field], []).append(key)  # TypeError: unhashable

    def next_id(self, table: dict[str, dict[str, Any]]) -> str:
        """The id a new row gets (as `upsert` and `replace` give it)."""
        if self.top is None:
            self.top = max((int(k) for k in table if k.isdigit()), default=0)
        self.top += 1
        return str(self.top)

    def dropped(self, key: str) -> None:
        """A row left the table: the highest id is found again should it have been it."""
        if self.top is not None and key.isdigit() and int(key) >= self.top:
            self.top = None


def apply_indexed(
    data: Doc, record: dict[str, Any], where: dict[str, Where], *, copy: bool = True
) -> None:
    """`apply_record` through the tables' `Where`s (made on a table's first record, and
    dropped for anything they cannot follow, where `apply_record` does it instead); without
    `copy` the record's table, a copy the caller made, is changed in place."""
    name, field, value = record["t"], record["f"], record["v"]
    fields = record.get("u")
    row = record.get("r")
    moves = (fields is not None and field in fields and fields[field] != value) or (
        fields is None and row is not None and (field not in row or row[field] != value)
    )
    table = dict(data.get(name) or {}) if copy else data.setdefault(name, {})
    index = where.get(name)
    try:
        if moves:
            raise TypeError  # a row whose field changes: left to the plain way
        if index is None or index.field != field:
            index = where[name] = Where(table, field)
        keys = list(index.keys.get(value, ()))
    except TypeError:  # an unhashable value
        where.pop(name, None)
        apply_record(data, record)
        return
    if fields is not None:
        for key in keys:
            table[key] = {**table[key], **fields}
        if not keys:
            key = index.next_id(table)
            table[key] = dict(fields)
            if field in fields:
                index.keys[value] = [key]
    else:
        if row is not None:
            key = keys.pop(0) if keys else index.next_id(table)
            table[key] = dict(row)
            index.keys[value] = [key]
        else:
            index.keys.pop(value, None)
        for key in keys:
            del table[key]
            index.dropped(key)
    data[name] = table


def apply_records(
    data: Doc, records: list[dict[str, Any]], where: dict[str, Where] | None = None
) -> Doc:
    """Apply records in order to a user document: each table they touch is replaced by a
    copy once, which they then change in place through its rows' index (`where`, kept by a
    caller that goes on applying), so many records over a large file cost the records and
    the rows, not their product."""
    where = {} if where is None else where
    for name in {record["t"] for record in records}:
        data[name] = dict(data.get(name) or {})
    for record in records:
        apply_indexed(data, record, where, copy=False)
    return data
