"""The index manifest (segments, briefings and their ordinals, deletions) and a view of it."""

from __future__ import annotations

import base64
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import orjson
from pyroaring import BitMap

from store.search.normalise import FOLD_VERSION
from store.search.postings import SEP, Record
from store.search.segment import Segment

INDEX_VERSION = 7


@dataclass
class Manifest:
    """What the index holds: segments, briefings with their ordinal ranges, deleted ordinals."""

    segments: list[dict[str, Any]] = field(default_factory=list)
    briefings: dict[str, dict[str, Any]] = field(default_factory=dict)
    deleted: BitMap = field(default_factory=BitMap)
    next_ord: int = 0
    next_seg: int = 0
    catalog: list[int] = field(default_factory=list)

    def to_json(self) -> bytes:
        """The manifest file's bytes."""
        return orjson.dumps(
            {
                "version": INDEX_VERSION,
                "fold": FOLD_VERSION,
                "segments": self.segments,
                "briefings": self.briefings,
                "deleted": base64.b64encode(self.deleted.serialize()).decode("ascii"),
                "next_ord": self.next_ord,
                "next_seg": self.next_seg,
                "catalog": self.catalog,
            }
        )

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest | None:
        """Parse a manifest; None when it is of another version or unreadable."""
        try:
            data = orjson.loads(raw)
            if data.get("version") != INDEX_VERSION or data.get("fold") != FOLD_VERSION:
                return None
            return cls(
                segments=list(data["segments"]),
                briefings=dict(data["briefings"]),
                deleted=BitMap.deserialize(base64.b64decode(data["deleted"])),
                next_ord=int(data["next_ord"]),
                next_seg=int(data["next_seg"]),
                catalog=list(data.get("catalog") or []),
            )
        except (ValueError, KeyError, TypeError):
            return None

    def add_briefing(self, bid: str, first: int, recs: list[Record], row: dict[str, Any]) -> None:
        """Record a briefing's sections at ordinals first, first + 1, ... (row: catalog fields)."""
        self.briefings[bid] = {
            "first": first,
            "count": len(recs),
            "hash": row.get("content_hash"),
            "imported_at": row.get("imported_at"),
            "date": row.get("date"),
            "title": row.get("title"),
            "chars": sum(len(r.text) - r.text.count(SEP) for r in recs),
        }

    def drop_briefing(self, bid: str) -> None:
        """Forget a briefing; its ordinals count as deleted until a merge drops them."""
        info = self.briefings.pop(bid, None)
        if info is not None:
            self.deleted |= BitMap(range(info["first"], info["first"] + info["count"]))

    @property
    def live(self) -> int:
        """Sections indexed and not deleted."""
        return sum(b["count"] for b in self.briefings.values())

    @property
    def chars(self) -> int:
        """Folded characters of the live sections."""
        return sum(b.get("chars", 0) for b in self.briefings.values())


@dataclass
class View:
    """A consistent snapshot of the index to search: manifest and opened segments."""

    manifest: Manifest
    segments: list[Segment]

    @cached_property
    def sizes(self) -> tuple[int, int]:
        """Live sections and their folded characters (summed once per view)."""
        return self.manifest.live, self.manifest.chars

    @cached_property
    def _starts(self) -> tuple[list[int], list[str], list[int]]:
        """First ordinal, id and end ordinal of each briefing, by first ordinal."""
        rows = sorted(
            (i["first"], bid, i["first"] + i["count"]) for bid, i in self.manifest.briefings.items()
        )
        return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]

    def briefing_of(self, ordinal: int) -> str | None:
        """The briefing holding an ordinal (None when deleted)."""
        firsts, ids, ends = self._starts
        at = bisect_right(firsts, ordinal) - 1
        return ids[at] if at >= 0 and ordinal < ends[at] else None
