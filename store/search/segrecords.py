"""What a segment keeps per section, by local index: ids, head lengths, ranking's lengths, the
folded texts and the edits that give back their source (`Sections`, which `Segment` is)."""

from __future__ import annotations

import json
import zlib
from array import array
from codecs import utf_16_le_decode
from functools import cached_property
from pathlib import Path

from pyroaring import BitMap

from store.search.normalise import unfold
from store.search.segfile import CHUNK, Checked, SegmentDamaged
from store.search.units import SEP

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Sections:
    """The per-section parts of a mapped segment, each entry read (and checked) when asked."""

    path: Path
    span: int
    _body: Checked

    def _array(self, code: str, name: str) -> array:
        out = array(code)
        out.frombytes(self._body.part(name))
        return out

    def _agree(self, ok: bool) -> None:
        if not ok:
            raise SegmentDamaged(self.path, "its parts do not agree")

    @cached_property
    def ids(self) -> list[str]:
        """Section ids by local index (empty for ordinals the segment does not hold)."""
        at = self._bounds("iidx", 0, self.span)
        raw = self._body.part("ids").decode("utf-8")
        if len(raw.encode("utf-8")) != at[-1]:
            raise SegmentDamaged(self.path, "its parts do not agree")
        if raw.isascii():  # ids are hex and digits: bytes offsets are character offsets
            return [raw[at[i] : at[i + 1]] for i in range(self.span)]
        data = raw.encode("utf-8")
        return [data[at[i] : at[i + 1]].decode("utf-8") for i in range(self.span)]

    def id_of(self, local: int) -> str:
        """The id of one section (read alone: no list of every id is built)."""
        if "ids" in self.__dict__:
            return self.ids[local]
        a, b = self._bounds("iidx", local, local + 1)
        return self._body.part("ids", a, b).decode("utf-8")

    @cached_property
    def heads(self) -> array:
        """Head length (kicker, headline and deck with their separators) by local index."""
        return self._array("I", "heads")

    @cached_property
    def wide(self) -> BitMap:
        """Local indexes whose text holds characters outside the BMP (units are not characters)."""
        try:
            got = BitMap.deserialize(self._body.part("wide"))
        except ValueError as exc:
            raise SegmentDamaged(self.path, f"a bitmap cannot be read ({exc})") from exc
        self._agree(not got or got.max() < self.span)
        return got

    def lengths(self, local: BitMap) -> list[int]:
        """Ranking's length of these sections' texts (characters, SEPs not counted), in order."""
        return self._entries("lens", local)

    def head_lengths(self, local: BitMap) -> list[int]:
        """The head length of these sections (as `heads` holds them), in order."""
        if "heads" in self.__dict__:
            return list(map(self.heads.__getitem__, local))
        return self._entries("heads", local)

    def _entries(self, name: str, local: BitMap) -> list[int]:
        """Entries of a table of 32-bit numbers by local index, reading only what they need."""
        if not local:
            return []
        lo, hi = local.min(), local.max() + 1
        if hi - lo > 1024 * len(local):
            # Far apart (a chunk or more between each): each entry alone.
            at, word = self._body.parts[name][0], self._body.word
            return [word(at + 4 * i) for i in local]
        run = array("I")
        run.frombytes(self._body.part(name, 4 * lo, 4 * hi))
        self._agree(len(run) == hi - lo)
        return [run[i - lo] for i in local]

    def _bounds(self, idx: str, lo: int, hi: int) -> array:
        """Offsets lo..hi (inclusive) of an offset table, read from the file."""
        out = array("Q")
        out.frombytes(self._body.part(idx, 8 * lo, 8 * (hi + 1)))
        self._agree(len(out) == hi - lo + 1)
        return out

    def texts(self, local: BitMap) -> list[str]:
        """The folded texts of these local indexes, in order."""
        if not local:
            return []
        lo, hi = local.min(), local.max() + 1
        if hi - lo > 2 * len(local):
            return list(map(_utf16, self.raw_texts(local)))
        # Near neighbours: one check of the run, then each text decoded from the map.
        at = self._bounds("tidx", lo, hi)
        base = at[0]
        with self._run("texts", base, at[-1]) as run:
            return [_utf16(run[at[i - lo] - base : at[i - lo + 1] - base]) for i in local]

    def raw_texts(self, local: BitMap) -> list[bytes]:
        """The folded texts of these local indexes as their UTF-16-LE bytes (checked, not
        decoded), in order."""
        if not local:
            return []
        lo, hi = local.min(), local.max() + 1
        if hi - lo > 512 * len(local):
            # Very far apart: each text alone, touching only the pages that hold it.
            return [self._raw_text(i) for i in local]
        # One read (and check) of their offsets, a chunk or less per text.
        at = self._bounds("tidx", lo, hi)
        base = at[0]
        if at[-1] - base > 2 * CHUNK * len(local):
            part = self._body.part
            return [part("texts", at[i - lo], at[i - lo + 1]) for i in local]
        # At most two chunks of the run for each text: each text alone would check most of
        # them anyway, so one check of the run, then each text copied out of the map.
        with self._run("texts", base, at[-1]) as run:
            return [run[at[i - lo] - base : at[i - lo + 1] - base].tobytes() for i in local]

    def _run(self, name: str, lo: int, hi: int) -> memoryview:
        """Bytes [lo, hi) of a part as a view of the map, checked; never copied whole (a copy
        of a long run costs fresh pages of memory): release it (`with`) before returning."""
        at, size = self._body.parts[name]
        hi = min(hi, size)
        return self._body.view(at + lo, max(hi - lo, 0))

    def _raw_text(self, local: int) -> bytes:
        a, b = self._bounds("tidx", local, local + 1)
        return self._body.part("texts", a, b)

    def text(self, local: int) -> str:
        """The folded text of one section (fields joined by SEP)."""
        return _utf16(self._raw_text(local))

    def fields(self, local: int) -> list[str]:
        """The folded fields of a section: kicker, headline, deck, byline, dateline, blocks."""
        return self.text(local).split(SEP)

    def packed_edits(self, local: int) -> bytes:
        """The stored bytes of a section's edits."""
        a, b = self._bounds("eidx", local, local + 1)
        return self._body.part("edits", a, b)

    def edits(self, local: int) -> list[Any]:
        """The edits that turn a section's folded fields back into its source."""
        raw = self.packed_edits(local)
        if not raw:
            return []
        try:
            return json.loads(zlib.decompress(raw[1:]) if raw[:1] == b"z" else raw)
        except ValueError as exc:
            raise SegmentDamaged(self.path, f"an edit list cannot be read ({exc})") from exc

    def source(self, local: int) -> list[str]:
        """The source fields of a section, rebuilt from the folded text and its edits."""
        fields = self.fields(local)
        for entry in self.edits(local):
            fields[entry[0]] = unfold(fields[entry[0]], entry[1:])
        return fields


def _utf16(raw: bytes) -> str:
    return utf_16_le_decode(raw, "surrogatepass", True)[0]
