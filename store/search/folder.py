"""The index folder of one library and the public handle that reads and writes it."""

from __future__ import annotations

import contextlib
import math
import os
import struct
import threading
from pathlib import Path
from typing import Any

from filelock import FileLock
from pyroaring import BitMap

from store.search import postings, segment
from store.search.manifest import Manifest, View
from store.search.segment import Segment
from store.storage import atomic_write_bytes

FOLDER = "index"
MANIFEST = "index.json"
FANOUT = 4  # merge when this many segments share a size tier
# Segments this big are left alone by tier merges (only purged when mostly deleted), so adding
# one briefing never waits for a rewrite of the whole index.
MERGE_CAP = 16384


def file_stamp(path: Path) -> list[int]:
    """Modification time, size and inode of a file (empty when it cannot be read)."""
    try:
        st = path.stat()
    except OSError:
        return []
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def _tier(count: int) -> int:
    return int(math.log(max(count, 1), FANOUT))


class IndexHandle:
    """Per-folder state of this process (loaded view, opened segments) and the file operations.

    Readers call `load()`; writers hold `mutex` and `lock`, change a Manifest with
    `add_segment` and `compact`, then publish it with `write_manifest`.
    """

    def __init__(self, home: Path) -> None:
        self.home = home
        self.dir = home / FOLDER
        self.lock = FileLock(str(self.dir / ".lock"), thread_local=False)
        self.mutex = threading.RLock()
        self.stamp: list[int] = []
        self.view: View | None = None
        self.opened: dict[str, Segment] = {}

    # -- reading -------------------------------------------------------------------------
    def segment(self, name: str) -> Segment:
        """The opened segment of that name (opened on first use)."""
        seg = self.opened.get(name)
        if seg is None:
            seg = Segment(self.dir / name)
            self.opened[name] = seg
        return seg

    def read_manifest(self) -> Manifest | None:
        """The manifest on disk; None when missing or unusable."""
        try:
            raw = (self.dir / MANIFEST).read_bytes()
        except OSError:
            return None
        return Manifest.from_json(raw)

    def readable(self, man: Manifest) -> bool:
        """Whether every segment the manifest names opens."""
        try:
            for s in man.segments:
                self.segment(s["name"])
        except (OSError, ValueError, struct.error):
            self.opened.clear()
            return False
        return True

    def load(self) -> View | None:
        """The current view, re-read when the manifest changed on disk; None if unusable."""
        stamp = file_stamp(self.dir / MANIFEST)
        if self.view is not None and stamp == self.stamp:
            return self.view
        man = self.read_manifest()
        if man is None:
            return None
        try:
            segs = [self.segment(s["name"]) for s in man.segments]
        except (OSError, ValueError, struct.error):
            return None
        names = {s["name"] for s in man.segments}
        for name in [n for n in self.opened if n not in names]:
            self.opened.pop(name)  # stays mapped for any search still using it
        self.view, self.stamp = View(man, segs), stamp
        return self.view

    def reset(self) -> None:
        """Forget the loaded view and remove the manifest, so the next sync builds afresh."""
        with contextlib.suppress(OSError):
            (self.dir / MANIFEST).unlink()
        self.view, self.stamp = None, []
        self.opened.clear()

    # -- writing (under mutex and lock) --------------------------------------------------
    def start_over(self) -> Manifest:
        """An empty manifest, with the segments of any previous one removed."""
        for stale in self.dir.glob("seg-*"):
            with contextlib.suppress(OSError):
                stale.unlink()
        return Manifest()

    def add_segment(self, man: Manifest, first: int, recs: list[postings.Record]) -> None:
        """Write the records as a new segment at ordinals first, first + 1, ..."""
        name = f"seg-{man.next_seg:06d}.bin"
        segment.build(self.dir / name, first, recs)
        man.segments.append({"name": name, "count": len(recs)})
        man.next_seg += 1
        man.next_ord = first + len(recs)

    def compact(self, man: Manifest, cap: int = MERGE_CAP, purge: bool = True) -> None:
        """Merge segments under `cap` that share a size tier, and (purge) mostly deleted ones."""
        while True:
            tiers: dict[int, list[dict[str, Any]]] = {}
            for s in man.segments:
                if s["count"] < cap:
                    tiers.setdefault(_tier(s["count"]), []).append(s)
            group = next((g for g in tiers.values() if len(g) >= FANOUT), None)
            if group is None and purge:
                group = [s for s in man.segments if self._mostly_deleted(man, s)][:1]
            if not group:
                return
            segs = [self.segment(s["name"]) for s in group]
            name = f"seg-{man.next_seg:06d}.bin"
            man.next_seg += 1
            kept = segment.merge(self.dir / name, segs, man.deleted)
            gone = BitMap.union(*(seg.ords for seg in segs)) - kept
            man.deleted -= gone
            names = {s["name"] for s in group}
            man.segments = [s for s in man.segments if s["name"] not in names]
            man.segments.append({"name": name, "count": len(kept)})
            for old in names:
                self.opened.pop(old, None)
                with contextlib.suppress(OSError):
                    os.unlink(self.dir / old)
            if not kept:
                man.segments = [s for s in man.segments if s["name"] != name]
                with contextlib.suppress(OSError):
                    os.unlink(self.dir / name)

    def _mostly_deleted(self, man: Manifest, s: dict[str, Any]) -> bool:
        if not man.deleted:
            return False
        ords = self.segment(s["name"]).ords
        return ords.intersection_cardinality(man.deleted) * 2 >= max(len(ords), 1)

    def write_manifest(self, man: Manifest) -> View:
        """Publish the manifest and return the view it gives."""
        atomic_write_bytes(self.dir / MANIFEST, man.to_json())
        view = self.load()
        assert view is not None
        return view


_handles: dict[Path, IndexHandle] = {}
_handles_lock = threading.Lock()


def handle(home: Path) -> IndexHandle:
    """The process-wide handle of a library folder's index."""
    key = Path(home).resolve()
    with _handles_lock:
        got = _handles.get(key)
        if got is None:
            got = IndexHandle(key)
            _handles[key] = got
        return got


def forget_handles() -> None:
    """Drop every handle, as a new process would start (for tests and tools)."""
    with _handles_lock:
        _handles.clear()
