"""The catalog's journal file: its header, its lines of changes, and reading them back.

`catalog.journal` is a header line (`{"catalog_journal": version, "token": ...}`), then one
JSON line per change: `{"put": row}` or `{"del": id}`. Only a line cut short by a crash (after
the last newline) may be incomplete; any other line that is not a change is damage.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson

from store import regular
from store.errors import StoreCorrupt, StoreTooNew
from store.files import unreadable_reason
from store.paths import JOURNAL

HEADER = "catalog_journal"  # the first line: {"catalog_journal": version, "token": ...}
JOURNAL_VERSION = 1


def open_regular(path: Path) -> int | None:
    """A read descriptor of a store file, None when there is none; a link or anything but a
    regular file is refused."""
    opened = open_journal_file(path)
    return None if opened is None else opened[0]


def open_journal_file(path: Path) -> tuple[int, os.stat_result] | None:
    """A read descriptor of a store file and its stat, None when there is none; a link or
    anything but a regular file is refused (StoreCorrupt, as for damage)."""
    try:
        return regular.open_regular(path)
    except FileNotFoundError:
        return None
    except regular.NotRegular as exc:
        raise StoreCorrupt(path, regular.not_a_file_reason(exc.mode)) from None
    except OSError as exc:
        raise StoreCorrupt(path, unreadable_reason(path, exc)) from exc


def journal_header(
    fd: int, path: Path, header: str = HEADER, version_now: int = JOURNAL_VERSION
) -> tuple[str, int] | None:
    """A journal's token and where its header line ends (`{header: version, "token": ...}`);
    None while it has no header."""
    head = os.pread(fd, 256, 0)
    end = head.find(b"\n") + 1
    if not end:
        if len(head) >= 256:
            raise StoreCorrupt(path, "does not start with a journal header")
        return None  # empty, or its first write was cut short: nothing in it counts
    try:
        data = orjson.loads(head[:end])
    except orjson.JSONDecodeError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("token"), str):
        raise StoreCorrupt(path, "does not start with a journal header")
    version = data.get(header)
    if isinstance(version, bool) or not isinstance(version, int):
        raise StoreCorrupt(path, f"journal version {version!r} is not a number")
    if version > version_now:
        raise StoreTooNew(path, version, version_now)
    return data["token"], end


def change_line(change: dict[str, Any]) -> bytes:
    """One journal line for a change (text that is not valid Unicode is repaired)."""
    from store.files import dump_document

    try:
        return orjson.dumps(change) + b"\n"
    except orjson.JSONEncodeError:
        # Text that is not valid Unicode is repaired the way the store files repair it.
        return orjson.dumps(orjson.loads(dump_document(change))) + b"\n"


def apply_line(rows: dict[str, dict[str, Any]], line: bytes) -> bool:
    """Apply one journal line to rows by id; False when the line is not a change."""
    try:
        change = orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return apply_change(rows, change)


def apply_change(rows: dict[str, dict[str, Any]], change: Any) -> bool:
    """Apply one parsed journal line to rows by id; False when it is not a change."""
    if isinstance(change, dict) and len(change) == 1:
        row, gone = change.get("put"), change.get("del")
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            rows.pop(row["id"], None)
            rows[row["id"]] = row
            return True
        if isinstance(gone, str):
            rows.pop(gone, None)
            return True
    return False


def journal_rows(
    rows: dict[str, dict[str, Any]], raw: bytes, ids: list[str], path: Path, start: int = 0
) -> dict[str, dict[str, Any]]:
    """Apply the journal's complete lines that name any of `ids` to rows, in order (`raw`:
    the journal's bytes up to its last complete line; `start`: where its header line ends,
    0 when `raw` holds the lines after it only)."""
    spans: set[tuple[int, int]] = set()
    for bid in ids:
        quoted = b'"' + bid.encode() + b'"'
        at = raw.find(quoted, start)
        while at >= 0:
            begin = raw.rfind(b"\n", start, at) + 1 or start
            end = raw.find(b"\n", at) + 1
            spans.add((begin, end))
            at = raw.find(quoted, end)
    for begin, end in sorted(spans):
        if not apply_line(rows, raw[begin:end]):
            number = raw.count(b"\n", start, begin) + 2  # after the header line
            raise StoreCorrupt(path, f"line {number} is not a catalog change")
    return rows


def check_lines(lines: bytes, path: Path, before: int = 0) -> None:
    """StoreCorrupt unless every complete journal line after the header is a change
    (`before`: how many checked lines come ahead of these, for the line number told)."""
    if not lines:
        return
    count = lines.count(b"\n")
    try:
        # One parse for all the lines; a line that is not one value spoils the count.
        changes = orjson.loads(b"[" + lines[:-1].replace(b"\n", b",") + b"]")
    except orjson.JSONDecodeError:
        changes = None
    probe: dict[str, dict[str, Any]] = {}
    if (
        isinstance(changes, list)
        and len(changes) == count
        and all(apply_change(probe, c) for c in changes)
    ):
        return
    for n, line in enumerate(lines.splitlines()):
        if not apply_line(probe, line):
            raise StoreCorrupt(path, f"line {n + 2 + before} is not a catalog change")


def replay_journal(
    home: Path, rows: dict[str, dict[str, Any]], *, salvage: bool = False
) -> dict[str, dict[str, Any]]:
    """Rows by id after the journal's changes (for checks and repairs; rows are changed).

    StoreCorrupt or StoreTooNew for a damaged or newer journal; with `salvage`, every line
    that is a change is applied and the rest skipped.
    """
    path = home / JOURNAL
    fd = open_regular(path)
    if fd is None:
        return rows
    try:
        try:
            start = (journal_header(fd, path) or ("", None))[1]
        except StoreCorrupt:
            if not salvage:
                raise
            start = 0
        raw = regular.read_open(fd)
    except OSError as exc:
        raise StoreCorrupt(path, unreadable_reason(path, exc)) from exc
    finally:
        os.close(fd)
    if start is None:
        return rows
    complete = raw[start : raw.rfind(b"\n") + 1]
    for n, line in enumerate(complete.splitlines()):
        if not apply_line(rows, line) and not salvage:
            raise StoreCorrupt(path, f"line {n + 2} is not a catalog change")
    return rows
