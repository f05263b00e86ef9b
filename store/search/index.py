"""The search index of a library: kept in step with imports and deletes, rebuilt when lost."""

from __future__ import annotations

import contextlib
import os
import weakref
from pathlib import Path

from store.errors import BriefingError, StoreCorrupt, WriteFailed
from store.files import os_reason
from store.paths import catalog_stamp, file_stamp
from store.search import upkeep
from store.search.folder import FOLDER, LOCK, MANIFEST, IndexHandle, forget_handles, handle
from store.search.manifest import INDEX_VERSION, View
from store.search.normalise import FOLD_VERSION
from store.search.segfile import SegmentDamaged

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

VERSIONS = (INDEX_VERSION, FOLD_VERSION)
TRIES = 4  # segments found damaged while being read, one after another, before giving up

__all__ = [
    "FOLDER",
    "LOCK",
    "IndexHandle",
    "View",
    "add_records",
    "file_stamp",
    "forget",
    "forget_handles",
    "handle",
    "ready",
    "rebuild",
    "recover",
    "refuse_newer",
    "register",
    "sync",
    "update_index",
]


def sync(lib: Any, progress: upkeep.Progress | None = None) -> View:
    """Bring the index in step with the library (building what is missing) and return a view.

    `progress(done, total)` hears of each briefing indexed when something must be built.
    """
    h = handle(lib.home)
    with h.mutex:
        view = h.load()
        if view is not None and view.manifest.catalog == catalog_stamp(lib.home):
            if not view.checked:
                # The writer compared this manifest with the catalog of exactly this stamp
                # (times, size and inode of the catalog and its journal). A process holding
                # the catalog's rows anyway checks once per view that both list the same
                # briefings; one that has not read them (a command searching once) trusts
                # the stamp rather than read every row of a large catalog.
                loaded = getattr(lib, "rows_read", True)
                view.checked = upkeep.agrees(lib, view.manifest) if loaded else True
            if view.checked:
                return view
        h.prepare()
        with h.lock:
            return _full_sync(lib, h, progress)


def _full_sync(lib: Any, h: IndexHandle, progress: upkeep.Progress | None = None) -> View:
    """A full sync that indexes again the briefings of any segment found damaged on the way."""
    for _ in range(TRIES):
        try:
            return upkeep.full_sync(lib, h, progress)
        except SegmentDamaged as exc:
            h.mark_bad(exc.path)
    raise StoreCorrupt(h.dir, "keeps failing its checks; run briefing doctor --repair")


def recover(lib: Any, damage: SegmentDamaged) -> View:
    """After a segment failed a check while a search read it: index its briefings again.

    Returns the new view, on which the search is run again.
    """
    h = handle(lib.home)
    with h.mutex:
        h.mark_bad(damage.path)
        h.prepare()
        with h.lock:
            return _full_sync(lib, h)


def ready(lib: Any, progress: upkeep.Progress | None = None) -> View:
    """The view to search: kept in step from now on, synced now; OS errors name a path."""
    register(lib)
    try:
        return sync(lib, progress)
    except OSError as exc:
        where = getattr(exc, "filename", None)
        if not isinstance(where, str | os.PathLike):  # a descriptor names nothing to a user
            where = lib.home / FOLDER
        raise WriteFailed(where, os_reason(exc)) from exc


def update_index(
    lib: Any, added: list[str], removed: list[str], changes: upkeep.Changes = ()
) -> None:
    """Apply an import or delete to the index: a small segment append when possible.

    `changes`: the catalog's stamps around the change (or changes) that added and removed
    exactly these briefings (`Catalog.take_change`), so the next search need not check the
    catalog against the index."""
    if not upkeep.can_apply(lib) or not (added or removed):
        sync(lib)
        return
    h = handle(lib.home)
    with h.mutex:
        h.prepare()
        with h.lock:
            try:
                upkeep.apply(lib, h, added, removed, changes=changes)
            except SegmentDamaged as exc:
                h.mark_bad(exc.path)
                _full_sync(lib, h)


def forget(lib: Any, removed: list[str], changes: upkeep.Changes = ()) -> None:
    """Mark a delete's briefings deleted in the index at once, within the delete's own
    time: an index that is missing, damaged or stale is left to the next search, which
    builds or mends it (and refuses one a newer version wrote, as this does:
    IndexTooNew). `changes` as for `update_index`."""
    h = handle(lib.home)
    h.refuse_outside()
    if not removed or not (h.dir / MANIFEST).is_file():
        return  # never searched: the next search builds the index
    # A segment found damaged on the way is left to the next search, which indexes its
    # briefings again.
    with h.mutex, h.lock, contextlib.suppress(SegmentDamaged):
        upkeep.apply(lib, h, [], removed, changes=changes, catch_up=False)


def add_records(
    lib: Any,
    entries: list[tuple[str, dict[str, Any], list[Any]]],
    changes: upkeep.Changes = (),
) -> None:
    """Index briefings an import stored and folded already: (id, catalog row, records);
    `changes` as for `update_index`."""
    if not entries:
        return
    made = {bid: (row, recs) for bid, row, recs in entries}
    h = handle(lib.home)
    with h.mutex:
        h.prepare()
        with h.lock:
            try:
                upkeep.apply(lib, h, list(made), [], made, changes)
            except SegmentDamaged as exc:
                h.mark_bad(exc.path)
                _full_sync(lib, h)


def rebuild(lib: Any, progress: upkeep.Progress | None = None) -> View:
    """Throw the index away and build it again from the library."""
    h = handle(lib.home)
    with h.mutex:
        h.prepare()
        with h.lock:
            h.reset()
            return _full_sync(lib, h, progress)


def refuse_newer(home: Path) -> None:
    """Raise IndexTooNew when a newer briefing wrote the library's index, so an import
    refuses before it changes anything (a search meets the same check as it reads)."""
    import zlib

    import orjson

    from store.search import newer
    from store.search.manifest import TAIL

    path = Path(home) / FOLDER / MANIFEST
    from store.regular import NotRegular, read_regular

    try:
        raw = read_regular(path)
    except NotRegular:
        raw = b""
    except OSError:
        return  # no index yet, or one a search will report
    tail = TAIL.search(raw)
    if tail is None:
        newer.refuse_unchecked(raw, path, *VERSIONS)
        return
    body = raw[: tail.start()] + b"}"
    if b"%08x" % zlib.crc32(body) != tail.group(1):
        return  # damaged: a search rebuilds it
    with contextlib.suppress(orjson.JSONDecodeError):
        data = orjson.loads(body)
        if isinstance(data, dict):
            newer.refuse(data, path, *VERSIONS)


_registered: weakref.WeakSet[Any] = weakref.WeakSet()


def register(lib: Any) -> None:
    """Keep the index in step with every import and delete of this library object."""
    if lib in _registered:
        return
    _registered.add(lib)

    def changed(added: list[str], removed: list[str]) -> None:
        # The import or delete itself is done; should the index update fail, the manifest
        # keeps its catalog stamp, so the next search checks everything and reports failures.
        took = getattr(getattr(lib, "catalog", None), "take_change", None)
        change = took() if took is not None else None
        with contextlib.suppress(BriefingError, OSError):
            update_index(lib, added, removed, [change] if change else [])

    lib.on_change(changed)
