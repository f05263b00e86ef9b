"""The user file's journal: reading positions, settings and read marks appended beside
`user.json` as short records, so saving one costs the same however large the file is.

`user.journal` is a header line (`{"user_journal": version, "token": ...}`), then one record
per line: the CRC-32 of the record's JSON (8 hex digits), a space, the JSON. A record is
`{"t": table, "f": field, "v": value, "u": fields}` (TinyDB's upsert of `fields` into the rows
whose `field` is `value`) or the same with `"r": row` (those rows replaced by `row`, or
removed when it is null). A record sets rows to what it holds, so replaying records over a
file that holds them already changes nothing: a crash between a compaction's write of
`user.json` and its removal of the journal is harmless. Only the journal changes these
tables' rows (`store.userdata`, `store.readstate`). A last line cut short or failing its
checksum was never acknowledged: ignored, and cut off by the next append. Any other line
that is not a record is damage (StoreCorrupt); a newer header is StoreTooNew.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson

from store import regular
from store.catalog_journal import journal_header, open_journal_file
from store.errors import StoreCorrupt, StoreTooNew
from store.files import unreadable_reason

NAME = "user.journal"
HEADER = "user_journal"
VERSION = 1
# The tables a record may change: what the reader writes as it goes.
TABLES = ("positions", "settings", "read_state")

Doc = dict[str, dict[str, Any]]


def journal_path(user_path: Path) -> Path:
    """The journal beside a user file."""
    return Path(user_path).with_name(NAME)


def header_line(token: str) -> bytes:
    """A new journal's first line."""
    return orjson.dumps({HEADER: VERSION, "token": token}) + b"\n"


def record_line(record: dict[str, Any]) -> bytes:
    """One record's line: its checksum, a space, its JSON."""
    from store.files import dump_document

    try:
        body = orjson.dumps(record)
    except orjson.JSONEncodeError:
        # Text that is not valid Unicode is repaired the way the store files repair it.
        body = orjson.dumps(orjson.loads(dump_document(record)))
    import zlib  # (loaded by the first record: a reader with no journal needs none of it)

    return b"%08x " % zlib.crc32(body) + body + b"\n"


def is_record(record: Any) -> bool:
    """Whether a parsed line is a record this version applies."""
    if not isinstance(record, dict) or record.get("t") not in TABLES:
        return False
    if not isinstance(record.get("f"), str) or "v" not in record:
        return False
    if "u" in record:
        return len(record) == 4 and isinstance(record["u"], dict)
    return (
        len(record) == 4
        and "r" in record
        and (record["r"] is None or isinstance(record["r"], dict))
    )


def parse_line(line: bytes) -> dict[str, Any] | None:
    """A record from its line (without the newline), None when the line is not one."""
    body = line[9:]
    if len(line) < 10 or line[8:9] != b" ":
        return None
    import zlib

    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        record = orjson.loads(body)
    except ValueError:  # a checksum that is not hex, or JSON that is not JSON
        return None
    return record if is_record(record) else None


def read_header(fd: int, path: Path) -> tuple[str, int] | None:
    """The journal's token and where its header line ends; None while it has none (empty,
    or its first write was cut short: nothing in it counts)."""
    return journal_header(fd, path, HEADER, VERSION)


def parse_records(
    raw: bytes, path: Path, start: int, *, salvage: bool = False
) -> tuple[list[dict[str, Any]], int]:
    """The records of a journal's bytes from `start` (where a line begins) and where the last
    good one ends. A bad last line is a write cut short and ignored; any other bad line is
    StoreCorrupt (skipped with `salvage`)."""
    records: list[dict[str, Any]] = []
    end = at = start
    limit = raw.rfind(b"\n") + 1
    while at < limit:
        stop = raw.index(b"\n", at) + 1
        record = parse_line(raw[at : stop - 1])
        if record is not None:
            records.append(record)
            end = stop
        elif stop < limit and not salvage:
            number = raw.count(b"\n", 0, at) + 1
            raise StoreCorrupt(path, f"line {number} is not a user record")
        at = stop
    return records, end


def open_journal(path: Path) -> tuple[int, os.stat_result] | None:
    """A read descriptor of the journal and its stat, None when there is none; a link or
    anything but a regular file is refused."""
    return open_journal_file(path)


def check_version(path: Path) -> None:
    """StoreTooNew for a journal of a newer briefing, StoreCorrupt for a header that is not
    one (reads the header line alone; no journal is fine)."""
    opened = open_journal(path)
    if opened is not None:
        try:
            read_header(opened[0], path)
        finally:
            os.close(opened[0])


def read_journal(
    path: Path, *, salvage: bool = False
) -> tuple[str | None, list[dict[str, Any]], int]:
    """(token, records, end of the last good record) of a whole journal; no token and no
    records when there is none."""
    opened = open_journal(path)
    if opened is None:
        return None, [], 0
    fd = opened[0]
    try:
        try:
            header = read_header(fd, path)
        except StoreCorrupt:
            if not salvage:
                raise
            header = ("", 0)
        raw = regular.read_open(fd)
    except OSError as exc:
        raise StoreCorrupt(path, unreadable_reason(path, exc)) from exc
    finally:
        os.close(fd)
    if header is None:
        return None, [], 0
    records, end = parse_records(raw, path, header[1], salvage=salvage)
    return header[0], records, end


def read_user_document(user_path: Path) -> Doc | None:
    """The user file as its journal leaves it, read afresh (None when either is unreadable)."""
    from store.files import parse_document

    try:
        doc = parse_document(user_path, regular.read_regular(user_path))
        records = read_journal(journal_path(user_path))[1]
    except (OSError, StoreCorrupt, StoreTooNew):
        return None
    from store.user_rows import apply_records

    return apply_records(doc, records)
