"""One immutable index segment file: folded section texts and n-gram bitmaps of ordinals."""

from __future__ import annotations

import mmap
import os
import struct
import zlib
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from operator import add
from pathlib import Path

import orjson
from pyroaring import BitMap

from store.models import Section
from store.search.fields import field_texts
from store.search.normalise import fold

MAGIC = b"BRSEG\x00\x03\x00"
_PARTS = ("ids", "ords", "offs", "keys", "gidx", "grams", "text", "oidx", "orig")
_HEADER = struct.Struct("<8s" + "QQ" * len(_PARTS))
SEP = "\x1f"  # between fields; folding drops control characters, so no query contains it
HEAD = "\x02"  # key prefix: the gram occurs in kicker, headline or deck
TIERS = (2, 4, 8, 16, 32)  # key prefix chr(0x10 + i): the gram occurs at least TIERS[i] times
ENCODING = "utf-16-le"


def tier_key(i: int, gram: str) -> str:
    """The key of the bitmap of sections holding `gram` at least TIERS[i] times."""
    return chr(0x10 + i) + gram


@dataclass(frozen=True, slots=True)
class Record:
    """A section as the index keeps it: id, folded fields joined by SEP, compressed source."""

    id: str
    text: str
    head_len: int
    orig: bytes


def record(section: Section) -> Record:
    """Fold a section's fields for indexing."""
    source = [text for _f, _b, text in field_texts(section)]
    folded = [fold(text) for text in source]
    head_len = len(folded[0]) + len(folded[1]) + len(folded[2]) + 2
    # The source text rides along so results never need to open the store's JSON files.
    orig = zlib.compress(orjson.dumps(source), 6)
    return Record(section.id, SEP.join(folded), head_len, orig)


def _postings(ords: list[int], recs: list[Record]) -> dict[str, BitMap]:
    """Bitmaps of ordinals for every gram, head gram and frequency tier of the records."""
    lists: defaultdict[str, list[int]] = defaultdict(list)
    tiers: list[defaultdict[str, list[int]]] = [defaultdict(list) for _ in TIERS]
    for o, rec in zip(ords, recs, strict=True):
        text = rec.text
        counts = Counter(text)
        counts.update(map(add, text, text[1:]))
        for gram in counts:
            lists[gram].append(o)
        frequent = [g for g, n in counts.items() if n >= TIERS[0]]
        for i, threshold in enumerate(TIERS):
            if i:
                frequent = [g for g in frequent if counts[g] >= threshold]
            for gram in frequent:
                tiers[i][gram].append(o)
        head = text[: rec.head_len]
        head_grams = set(head)
        head_grams.update(map(add, head, head[1:]))
        for gram in head_grams:
            lists[HEAD + gram].append(o)
    out = {key: BitMap(values) for key, values in lists.items() if SEP not in key}
    for i, table in enumerate(tiers):
        out.update((tier_key(i, g), BitMap(v)) for g, v in table.items() if SEP not in g)
    return out


def write(
    path: Path,
    ords: list[int],
    texts: list[bytes],
    heads: list[int],
    ids: list[str],
    origs: list[bytes],
    grams: dict[str, BitMap],
) -> None:
    """Write a segment file atomically (temp file, fsync, rename)."""
    keys = sorted(k for k, bm in grams.items() if bm)
    for k in keys:
        grams[k].run_optimize()
    blobs = [grams[k].serialize() for k in keys]
    gidx = array("Q", [0])
    for blob in blobs:
        gidx.append(gidx[-1] + len(blob))
    offs = array("Q")
    pos = 0
    for text, head in zip(texts, heads, strict=True):
        offs.extend((pos, pos + head, pos + len(text)))
        pos += len(text)
    oidx = array("Q", [0])
    for blob in origs:
        oidx.append(oidx[-1] + len(blob))
    parts = [
        "\n".join(ids).encode("utf-8"),
        BitMap(ords).serialize(),
        offs.tobytes(),
        "\n".join(keys).encode("utf-8"),
        gidx.tobytes(),
        b"".join(blobs),
        b"".join(texts),
        oidx.tobytes(),
        b"".join(origs),
    ]
    header: list[object] = [MAGIC]
    at = _HEADER.size
    for part in parts:
        header.extend((at, len(part)))
        at += len(part)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(_HEADER.pack(*header))
        for part in parts:
            handle.write(part)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def build(path: Path, ords: list[int], recs: list[Record]) -> None:
    """Write a new segment holding the given records at the given ordinals."""
    texts = [r.text.encode(ENCODING) for r in recs]
    heads = [2 * r.head_len for r in recs]
    ids = [r.id for r in recs]
    write(path, ords, texts, heads, ids, [r.orig for r in recs], _postings(ords, recs))


class Segment:
    """A memory-mapped segment: bitmaps are read on first use and kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with open(path, "rb") as handle:
            self._mm = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        fields = _HEADER.unpack_from(self._mm, 0)
        if fields[0] != MAGIC:
            raise ValueError(f"{path.name} is not a search segment")
        self._parts = {
            name: (fields[1 + 2 * i], fields[2 + 2 * i]) for i, name in enumerate(_PARTS)
        }
        self.ids = self._part("ids").decode("utf-8").split("\n") if self._size("ids") else []
        self.ords = BitMap.deserialize(self._part("ords"))
        self.offs = array("Q")
        self.offs.frombytes(self._part("offs"))
        keys = self._part("keys").decode("utf-8")
        self.keys = keys.split("\n") if keys else []
        self.gidx = array("Q")
        self.gidx.frombytes(self._part("gidx"))
        self._grams_at = self._parts["grams"][0]
        self._text_at = self._parts["text"][0]
        self._orig_at = self._parts["orig"][0]
        self.oidx = array("Q")
        self.oidx.frombytes(self._part("oidx"))
        self._cache: dict[str, BitMap] = {}

    def _size(self, name: str) -> int:
        return self._parts[name][1]

    def _part(self, name: str) -> bytes:
        at, size = self._parts[name]
        return self._mm[at : at + size]

    def __len__(self) -> int:
        return len(self.ids)

    def bitmap(self, key: str) -> BitMap:
        """The ordinals whose sections hold the key (empty if none); do not mutate."""
        got = self._cache.get(key)
        if got is None:
            i = bisect_left(self.keys, key)
            if i < len(self.keys) and self.keys[i] == key:
                a, b = self.gidx[i], self.gidx[i + 1]
                start = self._grams_at + a
                got = BitMap.deserialize(self._mm[start : start + (b - a)])
            else:
                got = BitMap()
            self._cache[key] = got
        return got

    def has_key(self, key: str) -> bool:
        """Whether the key has a bitmap in this segment."""
        i = bisect_left(self.keys, key)
        return i < len(self.keys) and self.keys[i] == key

    def containing(self, ordinals: Iterable[int], needle: bytes) -> list[int]:
        """The ordinals whose folded text holds the UTF-16 needle."""
        find, offs, base = self._mm.find, self.offs, self._text_at
        first = self.ords.min() if self.ords else 0
        dense = bool(self.ords) and self.ords.max() - first + 1 == len(self.ords)
        rank = self.ords.rank
        keep = []
        for o in ordinals:
            slot = o - first if dense else rank(o) - 1
            a = base + offs[3 * slot]
            b = base + offs[3 * slot + 2]
            pos = find(needle, a, b)
            while pos >= 0 and (pos - a) & 1:
                pos = find(needle, pos + 1, b)
            if pos >= 0:
                keep.append(o)
        return keep

    def slot(self, ordinal: int) -> int:
        """Position of an ordinal in this segment's tables."""
        return self.ords.rank(ordinal) - 1

    def span(self, slot: int, head: bool = False) -> tuple[int, int]:
        """Absolute byte range of a section's folded text (or only its head) in the map."""
        start, head_end, end = self.offs[3 * slot : 3 * slot + 3]
        return self._text_at + start, self._text_at + (head_end if head else end)

    def count(self, slot: int, needle: bytes, head: bool = False, first: bool = False) -> int:
        """Non-overlapping occurrences of the UTF-16 needle in a section (stop at 1 if first)."""
        a, b = self.span(slot, head)
        mm, n, step = self._mm, 0, len(needle)
        pos = mm.find(needle, a, b)
        while pos >= 0:
            if (pos - a) & 1:  # half-way into a character: not a real match
                pos = mm.find(needle, pos + 1, b)
                continue
            n += 1
            if first:
                return n
            pos = mm.find(needle, pos + step, b)
        return n

    def text_bytes(self, slot: int) -> bytes:
        """The stored folded text of a section, UTF-16-LE."""
        a, b = self.span(slot)
        return self._mm[a:b]

    def orig_bytes(self, slot: int) -> bytes:
        """The compressed source fields of a section."""
        a = self._orig_at + self.oidx[slot]
        return self._mm[a : a + self.oidx[slot + 1] - self.oidx[slot]]

    def source(self, slot: int) -> list[str]:
        """The source fields of a section: kicker, headline, deck, byline, dateline, blocks."""
        return orjson.loads(zlib.decompress(self.orig_bytes(slot)))

    def fields(self, slot: int) -> list[str]:
        """The folded fields of a section: kicker, headline, deck, byline, dateline, blocks."""
        return self.text_bytes(slot).decode(ENCODING).split(SEP)

    def length(self, slot: int) -> int:
        """Folded length of a section in characters."""
        start, _h, end = self.offs[3 * slot : 3 * slot + 3]
        return (end - start) // 2

    def head_bytes(self, slot: int) -> int:
        """Bytes of the section's head region."""
        start, head_end, _e = self.offs[3 * slot : 3 * slot + 3]
        return head_end - start

    def all_keys(self) -> Iterable[str]:
        """Every key with a bitmap."""
        return self.keys

    def close(self) -> None:
        """Release the map (bitmaps already read stay usable)."""
        self._mm.close()


def merge(path: Path, segments: list[Segment], drop: BitMap) -> BitMap:
    """Write one segment holding every live section of `segments`; returns its ordinals."""
    live = list(
        (o, seg, slot) for seg in segments for slot, o in enumerate(seg.ords) if o not in drop
    )
    live.sort(key=lambda t: t[0])
    ords = [o for o, _seg, _slot in live]
    texts = [seg.text_bytes(slot) for _o, seg, slot in live]
    heads = [seg.head_bytes(slot) for _o, seg, slot in live]
    ids = [seg.ids[slot] for _o, seg, slot in live]
    origs = [seg.orig_bytes(slot) for _o, seg, slot in live]
    keys = set().union(*(seg.all_keys() for seg in segments))
    grams: dict[str, BitMap] = {}
    for key in keys:
        bm = (
            BitMap.union(*(seg.bitmap(key) for seg in segments))
            if len(segments) > 1
            else (BitMap(segments[0].bitmap(key)))
        )
        bm -= drop
        if bm:
            grams[key] = bm
    for seg in segments:
        seg._cache.clear()
    write(path, ords, texts, heads, ids, origs, grams)
    return BitMap(ords)
