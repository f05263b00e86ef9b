"""The search index folder: manifest, immutable segments and deletions, kept in step."""

from __future__ import annotations

import contextlib
import math
import os
import struct
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock
from pyroaring import BitMap

from store.errors import BriefingError
from store.search import postings, segment
from store.search.manifest import Manifest, View
from store.search.segment import Segment

FOLDER = "index"
MANIFEST = "index.json"
CATALOG = "catalog.json"
BATCH = 32768  # sections per new segment when many briefings arrive at once
FANOUT = 4  # merge when this many segments share a size tier
# Segments this big are left alone by tier merges (only purged when mostly deleted), so adding
# one briefing never waits for a rewrite of the whole index.
MERGE_CAP = 16384


def _stat(path: Path) -> list[int]:
    try:
        st = path.stat()
    except OSError:
        return []
    return [st.st_mtime_ns, st.st_size, st.st_ino]


class _Handle:
    """Per-folder state of this process: the loaded view and opened segments."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.dir = home / FOLDER
        self.lock = FileLock(str(self.dir / ".lock"), thread_local=False)
        self.mutex = threading.RLock()
        self.stamp: list[int] = []
        self.view: View | None = None
        self.opened: dict[str, Segment] = {}

    def _segment(self, name: str) -> Segment:
        seg = self.opened.get(name)
        if seg is None:
            seg = Segment(self.dir / name)
            self.opened[name] = seg
        return seg

    def read_manifest(self) -> Manifest | None:
        try:
            raw = (self.dir / MANIFEST).read_bytes()
        except OSError:
            return None
        return Manifest.from_json(raw)

    def load(self) -> View | None:
        """The current view, re-read when the manifest changed on disk; None if unusable."""
        stamp = _stat(self.dir / MANIFEST)
        if self.view is not None and stamp == self.stamp:
            return self.view
        man = self.read_manifest()
        if man is None:
            return None
        try:
            segs = [self._segment(s["name"]) for s in man.segments]
        except (OSError, ValueError, struct.error):
            return None
        names = {s["name"] for s in man.segments}
        for name in [n for n in self.opened if n not in names]:
            self.opened.pop(name)  # stays mapped for any search still using it
        self.view, self.stamp = View(man, segs), stamp
        return self.view


_handles: dict[Path, _Handle] = {}
_handles_lock = threading.Lock()


def handle(home: Path) -> _Handle:
    """The process-wide handle of a library folder's index."""
    key = Path(home).resolve()
    with _handles_lock:
        got = _handles.get(key)
        if got is None:
            got = _Handle(key)
            _handles[key] = got
        return got


def _changed(info: dict[str, Any], b: Any) -> bool:
    return info.get("hash") != b.content_hash or info.get("imported_at") != b.imported_at


def sync(lib: Any) -> View:
    """Bring the index in step with the library (building it when missing) and return a view."""
    h = handle(lib.home)
    with h.mutex:
        view = h.load()
        if view is not None and view.manifest.catalog == _stat(lib.home / CATALOG):
            return view
        h.dir.mkdir(parents=True, exist_ok=True)
        with h.lock:
            return _sync_locked(lib, h)


def _sync_locked(lib: Any, h: _Handle) -> View:
    catalog = _stat(lib.home / CATALOG)  # before reading, so a later change is seen next time
    man = h.read_manifest()
    if man is not None and not _segments_readable(h, man):
        man = None  # a segment went missing or is damaged: start again
    if man is None:
        man = Manifest()
        for stale in h.dir.glob("seg-*"):
            with contextlib.suppress(OSError):
                stale.unlink()
    elif man.briefings and _catalog_rows(lib) == {
        bid: (info.get("hash"), info.get("imported_at")) for bid, info in man.briefings.items()
    }:
        # The catalog changed only in ways the index already holds (its own upkeep ran).
        man.catalog = catalog
        _write_manifest(h, man)
        checked = h.load()
        assert checked is not None
        return checked
    want = {b.id: b for b in lib.briefings()}
    for bid in [
        bid for bid, info in man.briefings.items() if bid not in want or _changed(info, want[bid])
    ]:
        info = man.briefings.pop(bid)
        man.deleted |= BitMap(range(info["first"], info["first"] + info["count"]))
    batch: list[postings.Record] = []
    first = man.next_ord
    missing = [bid for bid in want if bid not in man.briefings]
    for bid, sections in _sections_of(lib, missing):
        b = want[bid]
        recs = [postings.record(s) for s in sections]
        man.briefings[bid] = {
            "first": man.next_ord + len(batch),
            "count": len(recs),
            "hash": b.content_hash,
            "imported_at": b.imported_at,
            "date": b.date,
            "title": b.title,
            "chars": sum(len(r.text) - r.text.count(postings.SEP) for r in recs),
        }
        batch.extend(recs)
        if len(batch) >= BATCH:
            _add_segment(h, man, first, batch)
            batch, first = [], man.next_ord
    if batch:
        _add_segment(h, man, first, batch)
    _compact(h, man)
    man.catalog = catalog
    _write_manifest(h, man)
    view = h.load()
    assert view is not None
    return view


def _catalog_rows(lib: Any) -> dict[str, tuple[Any, Any]] | None:
    """Id, content hash and import time of every briefing, read from the raw catalog.

    Much cheaper than lib.briefings(), which builds every section head; None when the
    library has no TinyDB catalog to read or its rows look unexpected.
    """
    read = getattr(getattr(getattr(lib, "catalog", None), "storage", None), "read", None)
    if read is None:
        return None
    try:
        rows = (read() or {}).get("briefings") or {}
        return {r["id"]: (r.get("content_hash"), r.get("imported_at")) for r in rows.values()}
    except (AttributeError, KeyError, TypeError, ValueError, OSError, BriefingError):
        return None


def _segments_readable(h: _Handle, man: Manifest) -> bool:
    try:
        for s in man.segments:
            h._segment(s["name"])
    except (OSError, ValueError, struct.error):
        h.opened.clear()
        return False
    return True


def _sections_of(lib: Any, ids: list[str]) -> Iterator[tuple[str, list[Any]]]:
    """(briefing id, sections) for each id, in the library's order."""
    if len(ids) <= 2:
        for bid in ids:
            yield bid, list(lib.iter_sections(bid))
        return
    # One pass over the whole library beats asking briefing by briefing.
    wanted = set(ids)
    current: str | None = None
    group: list[Any] = []
    for section in lib.iter_sections():
        if section.briefing_id not in wanted:
            continue
        if section.briefing_id != current:
            if current is not None:
                yield current, group
            current, group = section.briefing_id, []
        group.append(section)
    if current is not None:
        yield current, group


def _add_segment(h: _Handle, man: Manifest, first: int, recs: list[postings.Record]) -> None:
    name = f"seg-{man.next_seg:06d}.bin"
    segment.build(h.dir / name, first, recs)
    man.segments.append({"name": name, "count": len(recs)})
    man.next_seg += 1
    man.next_ord = first + len(recs)


def _tier(count: int) -> int:
    return int(math.log(max(count, 1), FANOUT))


def _compact(h: _Handle, man: Manifest, cap: int = MERGE_CAP, purge: bool = True) -> None:
    """Merge segments under `cap` that share a size tier, and (purge) mostly deleted ones."""
    while True:
        tiers: dict[int, list[dict[str, Any]]] = {}
        for s in man.segments:
            if s["count"] < cap:
                tiers.setdefault(_tier(s["count"]), []).append(s)
        group = next((g for g in tiers.values() if len(g) >= FANOUT), None)
        if group is None and purge:
            group = [s for s in man.segments if _mostly_deleted(h, man, s)][:1]
        if not group:
            return
        segs = [h._segment(s["name"]) for s in group]
        name = f"seg-{man.next_seg:06d}.bin"
        man.next_seg += 1
        kept = segment.merge(h.dir / name, segs, man.deleted)
        gone = BitMap.union(*(seg.ords for seg in segs)) - kept
        man.deleted -= gone
        names = {s["name"] for s in group}
        man.segments = [s for s in man.segments if s["name"] not in names]
        man.segments.append({"name": name, "count": len(kept)})
        for old in names:
            h.opened.pop(old, None)
            with contextlib.suppress(OSError):
                os.unlink(h.dir / old)
        if not kept:
            man.segments = [s for s in man.segments if s["name"] != name]
            with contextlib.suppress(OSError):
                os.unlink(h.dir / name)


def _mostly_deleted(h: _Handle, man: Manifest, s: dict[str, Any]) -> bool:
    if not man.deleted:
        return False
    ords = h._segment(s["name"]).ords
    return ords.intersection_cardinality(man.deleted) * 2 >= max(len(ords), 1)


def _write_manifest(h: _Handle, man: Manifest) -> None:
    from store.storage import atomic_write_bytes

    atomic_write_bytes(h.dir / MANIFEST, man.to_json())


def update_index(lib: Any, added: list[str], removed: list[str]) -> None:
    """Apply an import or delete to the index: a small segment append when possible."""
    from store.search.upkeep import apply

    apply(lib, added, removed)


def rebuild(lib: Any) -> View:
    """Throw the index away and build it again from the library."""
    h = handle(lib.home)
    with h.mutex:
        h.dir.mkdir(parents=True, exist_ok=True)
        with h.lock:
            with contextlib.suppress(OSError):
                (h.dir / MANIFEST).unlink()
            h.view, h.stamp = None, []
            h.opened.clear()
            return _sync_locked(lib, h)


_registered: weakref.WeakSet[Any] = weakref.WeakSet()


def register(lib: Any) -> None:
    """Keep the index in step with every import and delete of this library object."""
    if lib in _registered:
        return
    _registered.add(lib)
    lib.on_change(lambda added, removed: update_index(lib, added, removed))
