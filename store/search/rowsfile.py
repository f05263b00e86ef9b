"""The rows file of the index: every briefing's row by column, written whole at each fold.

Layout: 8 bytes of magic and version, a little-endian u32 header length, a JSON header
(`count`, and per column its offset, length and CRC-32 within the body), then the columns:
`ids` and the texts as JSON lists, the numbers as little-endian int64 arrays.
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from array import array
from functools import cached_property
from itertools import compress, pairwise
from operator import add, le, ne
from pathlib import Path

from pyroaring import BitMap

from store.regular import NotRegular, read_regular
from store.search.manifest_check import ManifestDamaged
from store.search.segfile import checksum  # zlib's CRC-32, faster

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAGIC = b"BRROWS\x00\x01"
_PREFIX = struct.Struct("<8sI")
MAX_HEADER = 1 << 16
NUMBERS = ("first", "count", "chars")
TEXTS = ("hash", "imported_at", "date", "title")
COLUMNS = ("ids", *NUMBERS, *TEXTS)
FIELDS = (*NUMBERS, *TEXTS)
# The bytes of an ids column as `encode` writes ids of ASCII letters and digits.
_ID_BYTES = b'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",[]'
# Ids looked up in the ids column's bytes before it is decoded for good (a lookup there
# costs about a hundredth of decoding it).
LOOKUPS = 64


def _numbers(values: list[int]) -> bytes:
    out = array("q", values)
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()


def encode(rows: list[tuple[str, dict[str, Any]]]) -> bytes:
    """The bytes of a rows file holding these rows (in order of their first ordinal)."""
    import orjson  # written by imports and deletes; a search only reads

    blobs = {"ids": orjson.dumps([bid for bid, _ in rows])}
    for name in NUMBERS:
        blobs[name] = _numbers([int(info.get(name) or 0) for _, info in rows])
    for name in TEXTS:
        blobs[name] = orjson.dumps([info.get(name) for _, info in rows])
    columns, at = {}, 0
    for name in COLUMNS:
        columns[name] = [at, len(blobs[name]), zlib.crc32(blobs[name])]
        at += len(blobs[name])
    header = orjson.dumps({"count": len(rows), "columns": columns})
    return _PREFIX.pack(MAGIC, len(header)) + header + b"".join(blobs[n] for n in COLUMNS)


def header_check(raw: bytes) -> int:
    """The CRC-32 of a rows file's magic and header (what the manifest records of it)."""
    _magic, size = _PREFIX.unpack_from(raw)
    return zlib.crc32(raw[: _PREFIX.size + size])


class RowsFile:
    """An opened rows file: every column's checksum checked, columns decoded on first use."""

    def __init__(self, path: Path, size: int, check: int) -> None:
        """Read a rows file, checked against what the manifest says of it (ManifestDamaged)."""
        self.path = path
        raw = _read(path)
        if raw[:6] == MAGIC[:6] and raw[:8] != MAGIC:
            raise ManifestDamaged(f"{path.name} was written by another version", stale=True)
        if len(raw) != size or len(raw) < _PREFIX.size or raw[:8] != MAGIC:
            raise ManifestDamaged(f"{path.name} is not the rows file the manifest names")
        _magic, hsize = _PREFIX.unpack_from(raw)
        if hsize > MAX_HEADER or _PREFIX.size + hsize > len(raw) or header_check(raw) != check:
            raise ManifestDamaged(f"{path.name} fails its checksum")
        try:
            header = json.loads(raw[_PREFIX.size : _PREFIX.size + hsize])
            self.count = int(header["count"])
            spans = {name: header["columns"][name] for name in COLUMNS}
        except (KeyError, TypeError, ValueError) as exc:
            raise ManifestDamaged(f"{path.name} has no valid header") from exc
        body = memoryview(raw)[_PREFIX.size + hsize :]
        # Every column is checked now; each is copied out of the file's bytes when first used
        # (a search uses a few small ones), as `_raw` is asked for it.
        checked: dict[str, memoryview] = {}
        for name, span in spans.items():
            if not (isinstance(span, list) and len(span) == 3 and all(_count(v) for v in span)):
                raise ManifestDamaged(f"{path.name} has no valid header")
            at, length, crc = span
            part = body[at : at + length]
            if len(part) != length or checksum(part) != crc:
                raise ManifestDamaged(f"{path.name} fails its checksum")
            checked[name] = part
        if self.count < 0 or any(len(checked[n]) != 8 * self.count for n in NUMBERS):
            raise ManifestDamaged(f"{path.name}: its columns do not agree")
        self._raw = _Columns(checked)
        self._decoded: dict[str, Any] = {}
        self._cut: dict[str, list[bytes] | None] = {}
        self._widths: dict[str, int] = {}
        self._asked = 0  # ids looked up in the column's bytes

    def column(self, name: str) -> Any:
        """A column, decoded and checked on first use (kept: the file never changes)."""
        got = self._decoded.get(name)
        if got is None:
            got = self.numbers(name) if name in NUMBERS else self.texts(name)
            self._decoded[name] = got
        return got

    def may_hold(self, bid: str) -> bool:
        """False only when no row has this id, told from the ids column's bytes undecoded (the
        column is JSON written by this module: an id appears in it as itself, quoted)."""
        if "where" in self.__dict__ or not (bid.isascii() and bid.isalnum()):
            return bid in self.where  # decoded already, or an id JSON might escape
        return b'"' + bid.encode("ascii") + b'"' in self._raw["ids"]

    def index_of(self, bid: str) -> int | None:
        """The row of this id (None when no row has it).

        A process looking up a few ids (a search placing its hits) finds each in the ids
        column's bytes when they are laid out as `encode` writes ids of letters and digits
        all of one length: the id quoted, once, its row told by where it lies. Anything
        else, or a process asking often, decodes the column and looks ids up there.
        """
        width = self._width
        if "where" in self.__dict__ or not width or self._asked >= LOOKUPS:
            return self.where.get(bid)
        self._asked += 1
        if len(bid) != width or not (bid.isascii() and bid.isalnum()):
            return None
        raw = self._raw["ids"]
        needle = b'"' + bid.encode("ascii") + b'"'
        at = raw.find(needle)
        if at < 0:
            return None
        if raw.find(needle, at + len(needle)) >= 0:
            raise ManifestDamaged(f"{self.path.name} names a briefing twice")
        return (at - 1) // (width + 3)

    def id_is(self, i: int, bid: str) -> bool | None:
        """Whether row i has this id, read in place from the ids column's bytes when they are laid
        out as `encode` writes ids of letters and digits of one length (None when they are not)."""
        width = self._width
        if not width:
            return None
        at = 2 + i * (width + 3)
        return (
            0 <= i < self.count
            and bid.isascii()
            and self._raw["ids"][at : at + width] == bid.encode()
        )

    @cached_property
    def _width(self) -> int:
        """The length of every id when the ids column is `["id","id",...]` of `count` ids of
        ASCII letters and digits all of that length, checked on its bytes; else 0."""
        raw, n = self._raw["ids"], self.count
        width = _one_width(raw, n)
        if not width or raw.translate(None, _ID_BYTES):
            return 0
        # Only letters and digits between the quotes: no comma or bracket elsewhere.
        marks = (raw.count(b","), raw.count(b"["), raw.count(b"]"))
        return width if marks == (n - 1, 1, 1) else 0

    def text_at(self, name: str, i: int) -> Any:
        """Row i of a column of texts (hash, imported_at, date, title).

        A column of plain ASCII texts and nulls with no comma, quote or backslash inside (as
        dates and import times are) is cut at its commas once and its rows read alone, each
        checked as it is read; any other column, or a row that is neither, is decoded whole.
        """
        got = self._decoded.get(name)
        if got is None:
            # Texts all of one length (as dates and import times mostly are) are read in place.
            width = self._widths.get(name)
            if width is None:
                width = self._widths[name] = _one_width(self._raw[name], self.count)
            if width and 0 <= i < self.count:
                at = 2 + i * (width + 3)
                return self._raw[name][at : at + width].decode("ascii")
            parts = self._parts(name)
            if parts is not None:
                part = parts[i]
                if part == b"null":
                    return None
                if len(part) >= 2 and part[0] == part[-1] == 0x22 and part.count(b'"') == 2:
                    return part[1:-1].decode("ascii")
            got = self.column(name)
        return got[i]

    def _parts(self, name: str) -> list[bytes] | None:
        got = self._cut.get(name, False)
        if got is False:
            raw = self._raw[name]
            got = None
            if (
                raw[:1] == b"["
                and raw[-1:] == b"]"
                and raw.isascii()
                and b"\\" not in raw
                and raw.count(b",") == self.count - 1
            ):
                got = raw[1:-1].split(b",")
            self._cut[name] = got
        return got

    @cached_property
    def where(self) -> dict[str, int]:
        """Row number by id."""
        ids = self.column("ids")
        where = {bid: i for i, bid in enumerate(ids)}
        if len(where) != len(ids):
            raise ManifestDamaged(f"{self.path.name} names a briefing twice")
        return where

    @cached_property
    def live(self) -> BitMap:
        """The ordinals of every row (checked in order, none overlapping another)."""
        firsts, counts = self.column("first"), self.column("count")
        ends = list(map(add, firsts, counts))
        if not all(map(le, ends[:-1], firsts[1:])):
            raise ManifestDamaged(f"{self.path.name}: its briefings overlap or are out of order")
        out = BitMap()
        # Rows whose ranges meet form one run (ends[i - 1] == firsts[i]): a range per run.
        cuts = [0, *compress(range(1, len(ends)), map(ne, ends[:-1], firsts[1:])), len(ends)]
        for a, b in pairwise(cuts):
            if b > a and ends[b - 1] > firsts[a]:
                out.add_range(firsts[a], ends[b - 1])
        return out

    def numbers(self, name: str) -> array:
        """A column of counts (first, count, chars)."""
        out = array("q")
        out.frombytes(self._raw[name])
        if sys.byteorder == "big":
            out.byteswap()
        if out and min(out) < 0:
            raise ManifestDamaged(f"{self.path.name}: {name} holds a negative number")
        return out

    def texts(self, name: str) -> list[Any]:
        """A column of texts or nulls (ids, hash, imported_at, date, title)."""
        try:
            got = json.loads(self._raw[name])
        except ValueError as exc:
            raise ManifestDamaged(f"{self.path.name}: {name} is not valid JSON") from exc
        # Ids are non-empty texts, other columns texts or nulls (checked by type, not row by row).
        allowed = {str} if name == "ids" else {str, type(None)}
        if (
            not isinstance(got, list)
            or len(got) != self.count
            or not set(map(type, got)) <= allowed
            or (name == "ids" and "" in got)
        ):
            raise ManifestDamaged(f"{self.path.name}: {name} is not a column of texts")
        return got


class _Columns(dict[str, bytes]):
    """A column's bytes, copied out of the checked file on first use."""

    def __init__(self, parts: dict[str, memoryview]) -> None:
        super().__init__()
        self._parts = parts

    def __missing__(self, name: str) -> bytes:
        got = self[name] = self._parts[name].tobytes()
        return got


def _one_width(raw: bytes, n: int) -> int:
    """The length of every text when a column is `["text","text",...]` of n ASCII texts all of
    that length, with no quote or backslash inside, checked on its bytes; else 0."""
    width = raw.find(b'"', 2) - 2
    step = width + 3
    if n == 0 or width <= 0 or len(raw) != n * step + 1 or raw[:2] != b'["':
        return 0
    if raw[1::step] != b'"' * n or raw[width + 2 :: step] != b'"' * n:
        return 0
    if raw[step::step] != b"," * (n - 1) + b"]" or not raw.isascii() or b"\\" in raw:
        return 0
    return width if raw.count(b'"') == 2 * n else 0


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _read(path: Path) -> bytes:
    try:
        return read_regular(path)
    except NotRegular:
        raise ManifestDamaged(f"{path.name} is not a regular file") from None
    except OSError as exc:
        raise ManifestDamaged(f"{path.name} cannot be read ({exc.strerror})") from exc
