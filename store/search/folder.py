"""The index folder of one library and the public handle that reads and writes it."""

from __future__ import annotations

import _thread
import contextlib
import os
from pathlib import Path

from pyroaring import BitMap

from store.errors import StoreCorrupt, WriteFailed
from store.files import atomic_write_bytes, os_reason
from store.search import folder_files, postings
from store.search.manifest import Manifest, ManifestDamaged, View
from store.search.segfile import SegmentDamaged
from store.search.segment import Segment

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FOLDER = "index"
MANIFEST = "index.json"
LOCK = ".lock"
# Segments this big are left alone by tier merges (only purged when mostly deleted), so adding
# one briefing never waits for a rewrite of the whole index.
MERGE_CAP = 16384
HEAD_BYTES = 96  # the manifest opens with its version, generation and token


class IndexRefused(StoreCorrupt):
    """An index folder the library will not use (a link out of the library, or a file)."""


class IndexHandle:
    """Per-folder state of this process (loaded view, opened segments) and the file operations.

    Readers call `load()`; writers hold `mutex` and `lock`, change a Manifest with
    `add_segment` and `compact`, then publish it with `write_manifest`, which deletes the
    segments it no longer names only once the new manifest is on disk.
    """

    def __init__(self, home: Path) -> None:
        self.home = home
        self.dir = home / FOLDER
        self._lock: Any = None
        self.mutex = _thread.RLock()  # threading's own, without loading threading
        self.stamp: tuple[Any, ...] = ()
        self.view: View | None = None
        self.opened: dict[str, Segment] = {}
        # Segments found damaged after they were opened (a chunk failed its check when read).
        self.bad: set[str] = set()
        self.rows_opened: dict[Any, Any] = {}  # the rows file read last, checked

    @property
    def lock(self) -> Any:
        """The index's cross-process lock, made on first use: a search that finds the index
        up to date never loads it."""
        if self._lock is None:
            from store.locks import file_lock

            with self.mutex:
                if self._lock is None:
                    self._lock = file_lock(str(self.dir / LOCK), thread_local=False)
        return self._lock

    def refuse_outside(self) -> None:
        """Raise IndexRefused unless the index folder is a real folder (or absent)."""
        if self.dir.is_symlink():
            raise IndexRefused(
                self.dir, "is a symbolic link; the index must stay inside the library"
            )
        if self.dir.exists() and not self.dir.is_dir():
            raise IndexRefused(self.dir, "is not a folder")

    def prepare(self) -> None:
        """Make the folder (refusing one that leads outside the library)."""
        self.refuse_outside()
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteFailed(self.dir, os_reason(exc)) from exc

    # -- reading -------------------------------------------------------------------------
    def segment(self, name: str) -> Segment:
        """The opened segment of that name (opened and its header checked on first use)."""
        if name in self.bad:
            raise SegmentDamaged(self.dir / name, "failed a check while being read")
        seg = self.opened.get(name)
        if seg is None:
            seg = Segment(self.dir / name)
            self.opened[name] = seg
        return seg

    def parse_manifest(self) -> Manifest | None:
        """The manifest on disk (None when there is none); raises ManifestDamaged."""
        raw = folder_files.read_manifest(self.dir / MANIFEST)
        return None if raw is None else Manifest.parse(raw, self.dir, self.rows_opened)

    def read_manifest(self) -> Manifest | None:
        """The manifest on disk; None when missing, damaged or of another version."""
        try:
            return self.parse_manifest()
        except ManifestDamaged:
            return None

    def mark_bad(self, path: Path) -> None:
        """Remember that a segment failed a check while being read; it is never used again."""
        self.bad.add(Path(path).name)
        self.opened.pop(Path(path).name, None)
        self.view, self.stamp = None, ()

    def unreadable(self, man: Manifest) -> list[str]:
        """Names of the manifest's segments that are missing or fail their checks."""
        bad = []
        for s in man.segments:
            if s["name"] in self.bad:
                bad.append(s["name"])
                continue
            try:
                self.segment(s["name"])
            except (OSError, SegmentDamaged):
                bad.append(s["name"])
        return bad

    def _stamp(self) -> tuple[Any, ...]:
        """What changes whenever the manifest is replaced: its stat and its first bytes."""
        return folder_files.stamp(self.dir / MANIFEST, HEAD_BYTES)

    def load(self) -> View | None:
        """The current view, re-read when the manifest changed on disk; None if unusable."""
        self.refuse_outside()
        stamp = self._stamp()
        if self.view is not None and stamp == self.stamp:
            return self.view
        for _ in range(3):
            man = self.read_manifest()
            if man is None or man.old:  # an older version's manifest waits for a writer
                return None
            if any(s["name"] in self.bad for s in man.segments):
                return None
            try:
                segs = [self.segment(s["name"]) for s in man.segments]
                man.agrees_with(segs)
            except FileNotFoundError:
                # A writer may have replaced the manifest and removed old segments since.
                again = self._stamp()
                if again == stamp:
                    return None
                stamp = again
                continue
            except (OSError, SegmentDamaged, ManifestDamaged):
                return None
            names = {s["name"] for s in man.segments}
            for name in [n for n in self.opened if n not in names]:
                self.opened.pop(name)  # stays mapped for any search still using it
            self.view, self.stamp = View(man, segs), stamp
            return self.view
        return None

    def reset(self) -> None:
        """Forget the loaded view and remove the manifest, so the next sync builds afresh."""
        with contextlib.suppress(OSError):
            (self.dir / MANIFEST).unlink()
        self.view, self.stamp = None, ()
        self.opened.clear()

    # -- writing (under mutex and lock) --------------------------------------------------
    def start_over(self, old: Manifest | None = None) -> Manifest:
        """An empty manifest numbered after `old`; stale files go when it is published."""
        self.opened.clear()
        self._clear_strangers()
        man = Manifest()
        if old is not None:
            man.generation, man.next_seg = old.generation, old.next_seg
        return man

    def _clear_strangers(self, keep: set[str] | frozenset[str] = frozenset()) -> None:
        """Remove index files not in `keep`; what is not a regular file is moved aside."""
        for name in folder_files.clear_strangers(self.dir, keep, MANIFEST):
            self.opened.pop(name, None)

    def new_name(self, man: Manifest) -> str:
        """A segment name the manifest never used (numbered after its last)."""
        return self._new_name(man)

    def _new_name(self, man: Manifest) -> str:
        name = f"seg-{man.next_seg:06d}-{os.urandom(4).hex()}.bin"
        man.next_seg += 1
        return name

    def add_segment(self, man: Manifest, first: int, recs: list[postings.Record]) -> None:
        """Write the records as a new segment at ordinals first, first + 1, ..."""
        from store.search import segwrite  # a writer's: a search process never loads it

        name = self._new_name(man)
        self._write(segwrite.build, self.dir / name, first, recs)
        man.segments.append({"name": name, "count": len(recs)})
        man.next_ord = first + len(recs)

    def reserve_segment(self, man: Manifest, count: int) -> tuple[Path, int]:
        """The path and first ordinal of a segment of `count` records that another process
        builds (segwrite.build); `adopt_segment` names it once it is written."""
        first = man.next_ord
        man.next_ord = first + count
        return self.dir / self._new_name(man), first

    def adopt_segment(self, man: Manifest, path: Path, count: int) -> None:
        """Name a segment built at a reserved path (in the order they were reserved)."""
        man.segments.append({"name": path.name, "count": count})

    def _write(self, writer: Any, path: Path, *args: Any) -> Any:
        try:
            return writer(path, *args)
        except OSError as exc:
            raise WriteFailed(path, os_reason(exc)) from exc

    def compact(self, man: Manifest, cap: int = MERGE_CAP, purge: bool = True) -> None:
        """Merge segments under `cap` that share a size tier, and (purge) mostly deleted ones."""
        from store.search import compaction

        compaction.compact(self, man, cap, purge)

    def merge(self, man: Manifest, group: list[dict[str, Any]]) -> None:
        """Replace these segments of the manifest with one holding their live sections."""
        from store.search import segmerge  # a writer's, as segwrite

        segs = [self.segment(s["name"]) for s in group]
        name = self._new_name(man)
        kept = self._write(segmerge.merge, self.dir / name, segs, man.deleted)
        gone = BitMap.union(*(seg.ords for seg in segs)) - kept
        man.deleted -= gone
        names = {s["name"] for s in group}
        man.segments = [s for s in man.segments if s["name"] not in names]
        if kept:
            man.segments.append({"name": name, "count": len(kept)})

    def write_manifest(self, man: Manifest, fold: bool = False) -> View:
        """Publish the manifest (a new generation), then remove the files it no longer names.

        The rows changed since the rows file are folded into a new one once they are many
        (or when `fold`).
        """
        man.generation += 1
        man.token = os.urandom(8).hex()
        try:
            if man.folded(self.dir, force=fold):
                # Once per rows file, before a manifest names it: the first section at each
                # briefing's ordinals is its own (recent rows are checked at every read).
                man.agrees_with([self.segment(s["name"]) for s in man.segments], deep=True)
        except ManifestDamaged as exc:
            reason = f"would name rows that fail their checks ({exc.reason})"
            raise StoreCorrupt(self.dir, reason) from exc
        raw = man.to_json()
        atomic_write_bytes(self.dir / MANIFEST, raw)
        keep = {MANIFEST, *(s["name"] for s in man.segments)}
        if man.rows_file is not None:
            keep.add(man.rows_file["name"])
        self._clear_strangers(keep)
        # Read back as any reader would: what this writer got wrong is never published as
        # good (the next writer starts over instead).
        view = self.load()
        if view is None:
            raise StoreCorrupt(self.dir / MANIFEST, "was not readable straight after writing it")
        return view


_handles: dict[Path, IndexHandle] = {}
_handles_lock = _thread.allocate_lock()


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
