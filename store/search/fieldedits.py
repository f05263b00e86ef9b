"""A section's edits read only as far as a result turns its fields back into source text.

A section's edits are stored as one JSON list of `[field, start, piece, size, ...]` entries,
one per changed field in field order (`postings.record` writes them so, and each chunk's
checksum keeps them so). A result shows its headline and one block, so its entries are
parsed one at a time up to the last field it asks for; the rest waits until every hit's
position is asked (`upto(None)`).
"""

from __future__ import annotations

import json
import zlib

from store.search.segfile import SegmentDamaged
from store.search.segment import Segment

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_DECODER = json.JSONDecoder()


class FieldEdits:
    """The edits of one section of a segment by field index, parsed as far as asked."""

    def __init__(self, seg: Segment, local: int) -> None:
        """Reads the section's packed edits (checked), parsing none of them yet."""
        self._path = seg.path
        raw = seg.packed_edits(local)
        try:
            self._text = (zlib.decompress(raw[1:]) if raw[:1] == b"z" else raw).decode("utf-8")
        except (zlib.error, UnicodeDecodeError) as exc:
            raise self._damaged(exc) from exc
        self.got: dict[int, list[Any]] = {}
        self._at = 1  # where the next entry starts in the text
        self._last = -1  # the field of the last entry parsed
        self._done = not self._text
        if not self._done and self._text[:1] != "[":
            self._all()

    def _damaged(self, exc: Exception) -> SegmentDamaged:
        return SegmentDamaged(self._path, f"an edit list cannot be read ({exc})")

    def _all(self) -> None:
        """Parse the whole list at once (a layout the entry reader does not expect)."""
        try:
            entries = json.loads(self._text)
            self.got = {e[0]: e for e in entries}
        except (ValueError, TypeError, IndexError, KeyError) as exc:
            raise self._damaged(exc) from exc
        self._done = True

    def upto(self, field: int | None) -> dict[int, list[Any]]:
        """The entries of every field up to `field` (of every field for None), by field."""
        text = self._text
        while not self._done and (field is None or self._last < field):
            if self._at == 1 and text == "[]":
                self._done = True
                break
            try:
                entry, end = _DECODER.raw_decode(text, self._at)
            except ValueError:
                self._all()  # not laid out as the writer lays it out: read it whole
                break
            number = entry[0] if isinstance(entry, list) and entry else None
            after = text[end : end + 1]
            if not isinstance(number, int) or number <= self._last or after not in (",", "]"):
                self._all()
                break
            self.got[number] = entry
            self._last = number
            if after == ",":
                self._at = end + 1
            elif end + 1 == len(text):
                self._done = True
            else:
                self._all()
        return self.got

    def of(self, field: int) -> list[Any] | None:
        """The edit entry of one field (None when the field has no edits)."""
        return self.upto(field).get(field)
