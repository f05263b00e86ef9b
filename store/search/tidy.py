"""Merging the small segments that one-page imports leave, after the import has answered.

Each `briefing import one.txt` appends its page as a segment of its own, and merges only
segments of one size tier under `upkeep.QUICK_CAP` (so the page is added in milliseconds):
a month of daily pages left a 100k-section index with six small segments, each costing a
cold search about 0.3 ms (its gram tables, and the matches it offers the ranking pool). When
an index of at least `LARGE` sections holds `TAIL_COUNT` segments under `TAIL_CAP` sections,
the import, once it has answered, merges them into one in a process of its own
(`tui.cli.import_cmd`), so the user never waits for it; a search or an import meanwhile
reads and writes the index as it was until the new manifest names the merged segment.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from pyroaring import BitMap

from store.files import fsync_dir
from store.search import segment
from store.search.folder import MANIFEST, IndexHandle, handle
from store.search.manifest import ManifestDamaged
from store.search.segfile import SegmentDamaged

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from store.search.manifest import Manifest

ROUNDS = 3  # merges one tidying makes at most, one after another
TIDYING = ".tidying.lock"  # held by the process merging small segments
STAGED = ".tidy-"  # a merged segment being written, before a manifest names it
TAIL_CAP = 4096  # segments under this many sections are merged into one, together
TAIL_COUNT = 3  # once there are this many of them
# Below this many sections an index is searched in a millisecond or two whatever its
# segments; its small segments wait for a folder import or a full check.
LARGE = 16384


def _tail(man: Manifest) -> list[dict[str, Any]]:
    return [s for s in man.segments if s["count"] < TAIL_CAP]


def wanted(home: Path) -> bool:
    """Whether the index as it stands has small segments worth merging (read, never written)."""
    view = handle(home).load()
    if view is None:
        return False
    man = view.manifest
    return len(_tail(man)) >= TAIL_COUNT and sum(s["count"] for s in man.segments) >= LARGE


def tidy(home: Path) -> bool:
    """Merge the index's small segments into one; True if it did.

    The merged segment is written without the index's lock (segments never change once
    written), so an import meanwhile does not wait for it; the lock is taken to name it in
    a new manifest, and only if every segment it replaces is still named then (otherwise
    the file goes and nothing changes). What the index holds does not change, so the
    manifest keeps its catalog stamp. A missing or damaged index is left to the next
    search, which builds or mends it.
    """
    from store.locks import LockTimeout, file_lock

    h = handle(home)
    if not (h.dir / MANIFEST).is_file():
        return False  # never searched: the next search builds the index
    # One tidying at a time: another already at it (imports in a row) does the work.
    alone = file_lock(str(h.dir / TIDYING), timeout=0, thread_local=False)
    try:
        alone.acquire()
    except LockTimeout:
        return False
    try:
        done = False
        # Pages imported while it merged (others' tidying stood aside) are merged in turn.
        for _ in range(ROUNDS):
            if not _tidy(h):
                break
            done = True
        return done
    finally:
        alone.release()


def _tidy(h: IndexHandle) -> bool:
    from store.search import segmerge  # a writer's, as in folder.py

    with h.mutex:
        h.refuse_outside()
        man = h.read_manifest()
        if man is None or man.old or h.unreadable(man):
            return False
        group = _fitting(h, _tail(man))
        if len(group) < TAIL_COUNT:
            return False
        segs = [h.segment(s["name"]) for s in group]
        _clear_stale(h.dir)
        # Named so that no other writer's clearing of the folder takes it while it is written.
        built = h.dir / f"{STAGED}{os.urandom(6).hex()}.bin"
        try:
            kept = segmerge.merge(built, segs, man.deleted)
            with h.lock:
                return _adopt(h, group, segs, built, kept)
        finally:
            with contextlib.suppress(OSError):
                built.unlink()


def _adopt(
    h: IndexHandle, group: list[dict[str, Any]], segs: list[Any], built: Path, kept: BitMap
) -> bool:
    """Name the merged segment in place of the group, if the manifest still names the
    group (under the lock)."""
    man = h.read_manifest()
    names = {s["name"] for s in group}
    if man is None or not kept or not names <= {s["name"] for s in man.segments}:
        return False
    path = h.dir / h.new_name(man)
    os.replace(built, path)
    fsync_dir(h.dir)
    man.deleted -= BitMap.union(*(seg.ords for seg in segs)) - kept
    man.segments = [s for s in man.segments if s["name"] not in names]
    man.segments.append({"name": path.name, "count": len(kept)})
    try:
        man.agrees_with([h.segment(s["name"]) for s in man.segments])
    except (ManifestDamaged, SegmentDamaged, OSError):
        with contextlib.suppress(OSError):
            path.unlink()
        return False
    h.write_manifest(man)
    return True


def _clear_stale(folder: Path) -> None:
    """Remove merged segments a tidying process killed on the way left (an hour old)."""
    import time

    for entry in folder.glob(f"{STAGED}*"):
        with contextlib.suppress(OSError):
            if entry.is_file() and entry.stat().st_mtime < time.time() - 3600:
                entry.unlink()


def _fitting(h: IndexHandle, tail: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The newest of these segments whose merge fits one segment (all of them, usually)."""
    spans = sorted(
        ((h.segment(s["name"]).ords, s) for s in tail),
        key=lambda r: r[0].max() if r[0] else -1,
        reverse=True,
    )
    group: list[dict[str, Any]] = []
    low = high = -1
    for ords, s in spans:
        if ords:
            lo = ords.min() if low < 0 else min(low, ords.min())
            hi = max(high, ords.max())
            if hi - lo >= segment.MAX_SPAN:
                break
            low, high = lo, hi
        group.append(s)
    return group
