"""What a process may trust of the catalog's journal without parsing its lines again.

Every journal line must be a change before anything is written, and parsing the journal of a
large library costs a fresh process tens of milliseconds. So a process that wrote to the
journal (holding the catalog's lock) leaves `catalog.checked`: the journal's token, where the
lines it checked end, how many there are, the CRC-32 of every byte up to there and the highest
`seq` they hold, with the highest `seq` of `catalog.json` and that file's stat. A process
whose journal has the same token and the same CRC-32 over those bytes holds the very bytes
that were checked (the journal only grows under one token), so it parses only the lines after
them and scans only those for `seq`; bytes changed in place fail the CRC-32 and the journal
is checked whole, as before.

The record is a hint, never the data: it is written without a sync (lost or torn by a crash,
it is ignored), it carries a CRC-32 of its own, and a record that does not match the journal
in every respect is ignored.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson

from store import regular
from store.catalog_journal import check_lines, journal_header, open_regular
from store.catalog_peek import highest_seq
from store.errors import StoreCorrupt
from store.storage import NOFOLLOW, TEMP_SUFFIX, os_reason

CHECKED = "catalog.checked"
VERSION = 1
MAX_BYTES = 4096  # a record is a few hundred bytes; anything bigger is not one


@dataclass(frozen=True, slots=True)
class Checked:
    """A prefix of the journal whose lines were all found to be changes."""

    token: str  # the journal's token (a new journal is never mistaken for this one)
    end: int  # where the checked lines end, in bytes from the journal's start (after a newline)
    lines: int  # how many lines come before `end`, the header included
    crc: int  # CRC-32 of the journal's bytes before `end`
    seq: int  # the highest `seq` in those lines
    base: tuple[int, ...] | None = None  # catalog.json's (inode, size, mtime, ctime)
    base_seq: int = 0  # the highest `seq` in that catalog.json

    def holds(self, token: str, raw: bytes | memoryview) -> bool:
        """Whether `raw` (the journal's bytes from its start) begins with the checked bytes."""
        end = self.end
        return (
            token == self.token
            and 0 < end <= len(raw)
            and raw[end - 1 : end] == b"\n"
            and zlib.crc32(memoryview(raw)[:end]) == self.crc
        )

    def extended(self, added: bytes, seq: int) -> Checked:
        """The record once `added` (whole lines, checked or written by this process) follows."""
        return replace(
            self,
            end=self.end + len(added),
            lines=self.lines + added.count(b"\n"),
            crc=zlib.crc32(added, self.crc),
            seq=max(self.seq, seq),
        )

    def to_bytes(self) -> bytes:
        """The record as stored: its JSON, a newline, and the JSON's CRC-32 in hex."""
        body = orjson.dumps(
            {
                "catalog_checked": VERSION,
                "token": self.token,
                "end": self.end,
                "lines": self.lines,
                "crc": self.crc,
                "seq": self.seq,
                "base": list(self.base) if self.base is not None else None,
                "base_seq": self.base_seq,
            }
        )
        return body + b"\n" + b"%08x" % zlib.crc32(body)


def started(token: str, header: bytes) -> Checked:
    """The record of a journal holding only its header line."""
    return Checked(token, len(header), 1, zlib.crc32(header), 0)


def parse_record(raw: bytes) -> Checked | None:
    """A stored record, or None for anything that is not an intact one of this version."""
    body, _, check = raw.rpartition(b"\n")
    try:
        if int(check, 16) != zlib.crc32(body) or len(check) != 8:
            return None
        data = orjson.loads(body)
    except (ValueError, orjson.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("catalog_checked") != VERSION:
        return None
    numbers = [data.get(k) for k in ("end", "lines", "crc", "seq", "base_seq")]
    base = data.get("base")
    if not isinstance(data.get("token"), str) or not all(_count(n) for n in numbers):
        return None
    if base is not None and not (isinstance(base, list) and all(_count(n) for n in base)):
        return None
    end, lines, crc, seq, base_seq = numbers
    return Checked(data["token"], end, lines, crc, seq, _stat(base), base_seq)


def read_record(home: Path) -> Checked | None:
    """The record a writer left in the library folder (None when absent or not intact)."""
    try:
        fd, _ = regular.open_regular(home / CHECKED)
    except OSError:  # NotRegular too
        return None
    try:
        raw = os.read(fd, MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return parse_record(raw) if len(raw) <= MAX_BYTES else None


def write_record(home: Path, record: Checked) -> None:
    """Replace the record (atomically, not synced: losing it costs one whole check)."""
    tmp = home / f".{CHECKED}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
    with contextlib.suppress(OSError):
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
        try:
            os.write(fd, record.to_bytes())
        finally:
            os.close(fd)
        os.replace(tmp, home / CHECKED)
        return
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _stat(base: list[int] | None) -> tuple[int, ...] | None:
    return tuple(base) if base is not None else None


def journal_bytes(path: Path) -> tuple[tuple[str, int] | None, bytes]:
    """The journal's token and header end, and its bytes up to its last complete line."""
    fd = open_regular(path)
    if fd is None:
        return None, b""
    try:
        token = journal_header(fd, path)
        if token is None:
            return None, b""
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise StoreCorrupt(path, f"cannot be read: {os_reason(exc)}") from exc
    finally:
        os.close(fd)
    return token, raw[: raw.rfind(b"\n") + 1]


def check_journal(path: Path, token: tuple[str, int], raw: bytes, known: Checked | None) -> Checked:
    """StoreCorrupt unless every line of the journal (`raw`, from its start) is a change;
    only the lines after a prefix checked already (`known` from this process, or the record
    a writer left) are parsed. Returns the record of what is now checked."""
    trusted = None
    for record in (known, read_record(path.parent)):
        if record is not None and record.end >= token[1] and record.holds(token[0], raw):
            trusted = record
            break
    if trusted is None:
        trusted = started(token[0], raw[: token[1]])
    added = raw[trusted.end :]
    check_lines(added, path, trusted.lines - 1)
    return trusted.extended(added, highest_seq(added))
