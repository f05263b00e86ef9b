"""The index manifest (segments, briefings and their ordinals, deletions) and a view of it."""

from __future__ import annotations

import base64
import re
import zlib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import orjson
from pyroaring import BitMap

from store.search import manifest_check
from store.search.manifest_check import ManifestDamaged
from store.search.normalise import FOLD_VERSION
from store.search.postings import SEP, Record
from store.search.segment import Segment

INDEX_VERSION = 9
_TAIL = re.compile(rb',"checksum":"([0-9a-f]{8})"\}\s*$')


@dataclass
class Manifest:
    """What the index holds: segments, briefings with their ordinal ranges, deleted ordinals.

    `generation` grows with every write and `token` is new with every write, so a process
    holding an older view sees the change even when the folder was replaced wholesale.
    """

    segments: list[dict[str, Any]] = field(default_factory=list)
    briefings: dict[str, dict[str, Any]] = field(default_factory=dict)
    deleted: BitMap = field(default_factory=BitMap)
    next_ord: int = 0
    next_seg: int = 0
    catalog: list[int] = field(default_factory=list)
    generation: int = 0
    token: str = ""

    def to_json(self) -> bytes:
        """The manifest file's bytes: JSON whose last member is a CRC-32 of all before it."""
        body = orjson.dumps(
            {
                "version": INDEX_VERSION,
                "fold": FOLD_VERSION,
                "generation": self.generation,
                "token": self.token,
                "segments": self.segments,
                "briefings": self.briefings,
                "deleted": base64.b64encode(self.deleted.serialize()).decode("ascii"),
                "next_ord": self.next_ord,
                "next_seg": self.next_seg,
                "catalog": self.catalog,
            }
        )
        return body[:-1] + b',"checksum":"%08x"}' % zlib.crc32(body)

    @classmethod
    def parse(cls, raw: bytes) -> Manifest:
        """Verify and parse a manifest; raises ManifestDamaged (stale=True: another version)."""
        tail = _TAIL.search(raw)
        if tail is None:
            raise ManifestDamaged("has no checksum (truncated or not written by briefing)")
        body = raw[: tail.start()] + b"}"
        if b"%08x" % zlib.crc32(body) != tail.group(1):
            raise ManifestDamaged("fails its checksum")
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise ManifestDamaged(f"is not valid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise ManifestDamaged("is not a JSON object")
        if data.get("version") != INDEX_VERSION or data.get("fold") != FOLD_VERSION:
            raise ManifestDamaged("was written by another version", stale=True)
        return cls(**manifest_check.fields(data))

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest | None:
        """Parse a manifest; None when it is of another version or fails its checks."""
        try:
            return cls.parse(raw)
        except ManifestDamaged:
            return None

    def agrees_with(self, segments: list[Segment]) -> None:
        """Check the opened segments hold what the manifest says; raises ManifestDamaged."""
        manifest_check.against_segments(self, segments)

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

    def forget_segments(self, names: list[str], kept: list[Segment]) -> None:
        """Drop lost segments and every briefing they held part of (to be indexed again)."""
        self.segments = [s for s in self.segments if s["name"] not in names]
        held = BitMap.union(*(seg.ords for seg in kept)) if kept else BitMap()
        for bid, info in list(self.briefings.items()):
            span = BitMap(range(info["first"], info["first"] + info["count"]))
            if span.intersection_cardinality(held) != len(span):
                del self.briefings[bid]
                self.deleted |= span & held
        self.deleted &= held

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
    checked: bool = False  # the manifest's briefings were found to match the catalog

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
