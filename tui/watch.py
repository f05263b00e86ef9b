"""Noticing, while the reader is open, what other processes changed in the library.

Once a second a thread stats the catalog (`catalog.json` and its journal) and `user.json` (a
hung network disk never freezes the screen). When the catalog changed, its briefings (id and
import time) are compared with those seen before, and the outline is rebuilt only if they
differ; the app's own imports and deletes (shown through `Library.on_change`) are marked as
seen, so they cost nothing twice. When the user file changed, only a change to the bookmarks,
notes or watches tables counts: the reader's own saves of the reading position rewrite that
file every time the cursor settles and must not cause any refresh.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import orjson
from textual.message import Message

from store import paths
from store.catalog import Catalog, catalog_stamp
from store.errors import BriefingError

if TYPE_CHECKING:
    from textual.app import App

    from store import Briefing, Library

    _AppBase = App[None]
else:
    _AppBase = object

POLL_INTERVAL = 1.0
# The tables of user.json whose changes show in the reader (positions and settings do not):
# marks in the text, and watches in the status line's note of new matches.
MARK_TABLES = ("bookmarks", "notes", "watches")

Signature = tuple[int, int, int, int] | None
CatalogKey = frozenset[tuple[str | None, ...]]


def file_signature(path: Path) -> Signature:
    """(inode, size, mtime, ctime) of a file, or None when it is missing or unreadable."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def marks_digest(path: Path) -> bytes | None:
    """A digest of the bookmarks, notes and watches tables of a user file (None when unreadable)."""
    try:
        doc = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(doc, dict):
        return None
    tables = {name: doc.get(name) for name in MARK_TABLES}
    import hashlib  # in the polling thread, after the first frame

    return hashlib.blake2b(orjson.dumps(tables, option=orjson.OPT_SORT_KEYS)).digest()


def catalog_key(briefings: list[Briefing]) -> CatalogKey:
    """What the outline shows of the catalog: which briefings, and which import of each."""
    return frozenset((b.id, b.imported_at, b.title, b.date, b.source) for b in briefings)


def catalog_file_key(catalog: Catalog) -> CatalogKey | None:
    """The same key read from the catalog's files (None when unreadable)."""
    try:
        rows = catalog.state().values()
        return frozenset(
            (str(r["id"]), r.get("imported_at"), r.get("title"), r.get("date"), r.get("source"))
            for r in rows
        )
    except (OSError, BriefingError, KeyError, TypeError, AttributeError):
        return None


class StoreChanged(Message):
    """Another process changed the catalog and/or the bookmarks, notes or watches."""

    # The app hands it on to the screen on top; it must not bubble back to the app.
    bubble = False

    def __init__(self, catalog: bool, user: bool) -> None:
        self.catalog = catalog
        self.user = user
        super().__init__()


class StoreWatcher:
    """Compares the library's two shared files with what it saw at the previous poll."""

    def __init__(self, home: Path) -> None:
        self.catalog_path = Path(home) / paths.CATALOG
        # Its own reader of the catalog: it follows the journal as it grows.
        self._catalog = Catalog(Path(home))
        self.user_path = Path(home) / paths.USER
        self._catalog_sig: list[int] | None = None
        self._catalog_key: CatalogKey | None = None
        self._user_sig: Signature = None
        self._marks: bytes | None = None
        self._started = False
        self._lock = threading.Lock()

    def poll(self) -> tuple[bool, bool]:
        """(briefings changed, bookmarks, notes or watches changed) since the previous poll.

        The first poll only takes note of the files as they are.
        """
        with self._lock:
            catalog = self._check_catalog()
            user = self._check_user()
            if not self._started:
                self._started = True
                return False, False
            return catalog, user

    def seen_catalog(self, key: CatalogKey) -> None:
        """This process changed the catalog itself and shows `key` already."""
        with self._lock:
            self._catalog_sig = catalog_stamp(self.catalog_path.parent)
            self._catalog_key = key

    def _check_catalog(self) -> bool:
        sig = catalog_stamp(self.catalog_path.parent)
        if sig == self._catalog_sig:
            return False
        key = catalog_file_key(self._catalog)
        if key is None:
            # Unreadable (being repaired, say): looked at again next time.
            return False
        self._catalog_sig = sig
        changed = key != self._catalog_key
        self._catalog_key = key
        return changed

    def _check_user(self) -> bool:
        sig = file_signature(self.user_path)
        if sig == self._user_sig:
            return False
        marks = marks_digest(self.user_path)
        if marks is None:
            return False
        self._user_sig = sig
        changed = marks != self._marks
        self._marks = marks
        return changed


class StoreWatch(_AppBase):
    """App mixin (before `App` in the bases): polls the library, posts `StoreChanged` to the app."""

    STORE_POLL_INTERVAL: ClassVar[float] = POLL_INTERVAL

    library: Library

    def on_mount(self) -> None:
        self._store_watcher = StoreWatcher(self.library.home)
        self._polling = False
        self.library.on_change(self._own_catalog_change)
        # The first poll notes the files as the reader has just read them; after the first
        # frame, so its thread does not compete with it.
        self.call_after_refresh(self._poll_store)
        self.set_interval(self.STORE_POLL_INTERVAL, self._poll_store, name="store-watch")

    def _own_catalog_change(self, _added: list[str], _removed: list[str]) -> None:
        # This process's imports and deletes reach the screens through on_change already.
        self._store_watcher.seen_catalog(catalog_key(self.library.briefings()))

    def _poll_store(self) -> None:
        if self._polling:
            # The previous stat has not come back (a slow disk): never pile threads up.
            return
        self._polling = True
        self.run_worker(self._poll_in_thread, thread=True, group="store-watch", exit_on_error=False)

    def _poll_in_thread(self) -> None:
        try:
            catalog, user = self._store_watcher.poll()
            if catalog or user:
                self.post_message(StoreChanged(catalog, user))
        finally:
            self._polling = False
