"""The index manifest (segments, briefings and their ordinals, deletions) and a view of it."""

from __future__ import annotations

import binascii
import json
import os
import re
import zlib
from functools import cached_property
from pathlib import Path

from pyroaring import BitMap

from store.files import atomic_write_bytes
from store.search import manifest_check, newer
from store.search import rows as rowfile
from store.search.manifest_check import ManifestDamaged
from store.search.normalise import FOLD_VERSION
from store.search.postings import Record, text_chars
from store.search.rows import Rows
from store.search.rowsfile import RowsFile, encode, header_check
from store.search.segment import Segment

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

INDEX_VERSION = 10
NAME = "index.json"
# The previous version's manifest holds every briefing's row itself: it is read as one
# whose rows are all recent, and the next write folds them into a rows file.
OLD_VERSIONS = (9,)
ROWS_NAME = re.compile(r"rows-\d{6,}-[0-9a-f]{8}\.bin")
TAIL = re.compile(rb',"checksum":"([0-9a-f]{8})"\}\s*$')


class Manifest:
    """What the index holds: segments, briefings with their ordinal ranges, deleted ordinals.

    `generation` grows with every write and `token` is new with every write, so a process
    holding an older view sees the change even when the folder was replaced wholesale.
    The briefings' rows live in a rows file (`rows_file`: its name, size and header
    checksum) and, for those changed since it was written, in the manifest itself.
    """

    # A plain class, as the search's other values are: a search process loads no dataclasses.
    def __init__(
        self,
        segments: list[dict[str, Any]] | None = None,
        briefings: Rows | None = None,
        deleted: BitMap | None = None,
        next_ord: int = 0,
        next_seg: int = 0,
        catalog: list[int] | None = None,
        generation: int = 0,
        token: str = "",
        rows_file: dict[str, Any] | None = None,
        old: bool = False,  # read from a file of an older version
    ) -> None:
        self.segments = [] if segments is None else segments
        self.briefings = Rows() if briefings is None else briefings
        self.deleted = BitMap() if deleted is None else deleted
        self.next_ord = next_ord
        self.next_seg = next_seg
        self.catalog = [] if catalog is None else catalog
        self.generation = generation
        self.token = token
        self.rows_file = rows_file
        self.old = old

    def to_json(self) -> bytes:
        """The manifest file's bytes: JSON whose last member is a CRC-32 of all before it."""
        import orjson  # written by imports and deletes; a search only reads

        body = orjson.dumps(
            {
                "version": INDEX_VERSION,
                "fold": FOLD_VERSION,
                "formats": newer.formats(),
                "generation": self.generation,
                "token": self.token,
                "segments": self.segments,
                "rows": self.rows_file,
                "briefings": self.briefings.recent,
                "dropped": sorted(self.briefings.dropped),
                "deleted": binascii.b2a_base64(self.deleted.serialize(), newline=False).decode(
                    "ascii"
                ),
                "next_ord": self.next_ord,
                "next_seg": self.next_seg,
                "catalog": self.catalog,
            }
        )
        return body[:-1] + b',"checksum":"%08x"}' % zlib.crc32(body)

    @classmethod
    def parse(cls, raw: bytes, folder: Path, opened: dict[Any, RowsFile] | None = None) -> Manifest:
        """Verify and parse a manifest (and open the rows file it names in `folder`).

        `opened` keeps the rows file read last, for the next manifest naming it again (its
        name is never reused). Raises ManifestDamaged (stale=True: an older version), or
        IndexTooNew for a newer version's manifest.
        """
        tail = TAIL.search(raw)
        if tail is None:
            newer.refuse_unchecked(raw, folder / NAME, INDEX_VERSION, FOLD_VERSION)
            raise ManifestDamaged("has no checksum (truncated or not written by briefing)")
        body = raw[: tail.start()] + b"}"
        if b"%08x" % zlib.crc32(body) != tail.group(1):
            raise ManifestDamaged("fails its checksum")
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise ManifestDamaged(f"is not valid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise ManifestDamaged("is not a JSON object")
        newer.refuse(data, folder / NAME, INDEX_VERSION, FOLD_VERSION)
        version = data.get("version")
        if data.get("fold") != FOLD_VERSION or (
            version != INDEX_VERSION and version not in OLD_VERSIONS
        ):
            raise ManifestDamaged("was written by another version", stale=True)
        if version in OLD_VERSIONS:
            data = {**data, "rows": None, "dropped": []}
        got = manifest_check.fields(data)
        meta = got.pop("rows_file")
        base = None
        if meta is not None:
            if not ROWS_NAME.fullmatch(meta["name"]):
                raise ManifestDamaged(f"rows file name {meta['name']!r} is not valid")
            key = (meta["name"], meta["size"], meta["check"])
            base = opened.get(key) if opened is not None else None
            if base is None:
                base = RowsFile(folder / meta["name"], meta["size"], meta["check"])
                if opened is not None:
                    opened.clear()
                    opened[key] = base
        rows = Rows(base, got.pop("briefings"), got.pop("dropped"))
        manifest_check.rows(rows, got["next_ord"], got["deleted"])
        return cls(briefings=rows, rows_file=meta, old=version != INDEX_VERSION, **got)

    def agrees_with(self, segments: list[Segment], *, deep: bool = False) -> None:
        """Check the opened segments hold what the manifest says; raises ManifestDamaged.

        `deep` also reads the id of each briefing's first section (a read of every segment's
        ids, for the doctor).
        """
        manifest_check.against_segments(self, segments, deep=deep)

    def add_briefing(self, bid: str, first: int, recs: list[Record], row: dict[str, Any]) -> None:
        """Record a briefing's sections at ordinals first, first + 1, ... (row: catalog fields)."""
        self.briefings.put(
            bid,
            {
                "first": first,
                "count": len(recs),
                "hash": row.get("content_hash"),
                "imported_at": row.get("imported_at"),
                "date": row.get("date"),
                "title": row.get("title"),
                "chars": text_chars(recs),
            },
        )

    def drop_briefing(self, bid: str) -> None:
        """Forget a briefing; its ordinals count as deleted until a merge drops them."""
        info = self.briefings.drop(bid)
        if info is not None and info["count"]:
            self.deleted.add_range(info["first"], info["first"] + info["count"])

    def forget_segments(self, names: list[str], kept: list[Segment]) -> None:
        """Drop lost segments and every briefing they held part of (to be indexed again)."""
        self.segments = [s for s in self.segments if s["name"] not in names]
        held = BitMap.union(*(seg.ords for seg in kept)) if kept else BitMap()
        for bid, info in list(self.briefings.items()):
            span = BitMap(range(info["first"], info["first"] + info["count"]))
            if span.intersection_cardinality(held) != len(span):
                self.briefings.drop(bid)
                self.deleted |= span & held
        self.deleted &= held

    @property
    def live(self) -> int:
        """Sections indexed and not deleted."""
        return self.briefings.totals()[0]

    @property
    def chars(self) -> int:
        """Folded characters of the live sections."""
        return self.briefings.totals()[1]

    def folded(self, folder: Path, force: bool = False) -> bool:
        """Write every row into a new rows file in `folder` when the rows changed since the
        current one have grown past FOLD_ROWS (or the file is of an older version, or `force`);
        True if so.

        The file is on disk before the manifest naming it is written; the old one goes once
        a manifest no longer names it.
        """
        if self.briefings.pending <= rowfile.FOLD_ROWS and not self.old and not force:
            return False
        rows = sorted(self.briefings.items(), key=lambda r: r[1]["first"])
        raw = encode(rows)
        name = f"rows-{self.generation:06d}-{os.urandom(4).hex()}.bin"
        atomic_write_bytes(folder / name, raw)
        meta = {"name": name, "size": len(raw), "check": header_check(raw)}
        self.briefings = Rows(RowsFile(folder / name, meta["size"], meta["check"]))
        self.rows_file, self.old = meta, False
        return True


class View:
    """A consistent snapshot of the index to search: manifest and opened segments."""

    def __init__(self, manifest: Manifest, segments: list[Segment], checked: bool = False) -> None:
        self.manifest = manifest
        self.segments = segments
        self.checked = checked  # the manifest's briefings were found to match the catalog

    @cached_property
    def sizes(self) -> tuple[int, int]:
        """Live sections and their folded characters (summed once per view)."""
        return self.manifest.briefings.totals()

    def briefing_of(self, ordinal: int) -> str | None:
        """The briefing holding an ordinal (None when deleted)."""
        return self.manifest.briefings.briefing_of(ordinal)
