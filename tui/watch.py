"""Noticing, while the reader is open, what other processes changed in the library.

Once a second a thread stats the catalog (`catalog.json` and its journal) and `user.json` and
its journal (a hung network disk never freezes the screen). When the catalog changed, its
briefings (id and import time) are compared with those seen before, and the outline is rebuilt
only if they differ; the app's own imports and deletes (shown through `Library.on_change`) are
marked as seen, so they cost nothing twice. The rows come from the library's own catalog
reader, which the app has read already (or which keeps what the watcher read for the app): the
catalog is parsed once per change, not once for the app and again for the watcher, and what the
outline shows of the rows is worked out only when they have changed. When the user file changed,
only a change to the bookmarks, notes, highlights, watches or read state counts: the reader's
own saves of the reading position reach that file's journal every time the cursor settles and
must not cause any refresh. A write this process made and shows already is told to the watcher
with what it replaced and wrote and the files' signatures just after
(`AtomicJSONStorage.last_write`, taken under the lock; an append to the journal gives the
documents before and after it), never by reading the files again: another process's write
landing meanwhile, or one the write built on, is still told at the next poll.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import orjson
from textual.message import Message

from store import paths
from store.catalog import Catalog, catalog_stamp
from store.errors import BriefingError
from store.user_journal import journal_path, read_user_document

if TYPE_CHECKING:
    from textual.app import App

    from store import Library

    _AppBase = App[None]
else:
    _AppBase = object

POLL_INTERVAL = 1.0
# The tables of user.json whose changes show in the reader (positions and settings do not):
# marks in the text, watches in the status line's note of new matches, and the read sections
# in the unread counts.
MARK_TABLES = ("bookmarks", "notes", "highlights", "watches", "read_state")

Signature = tuple[int, int, int, int] | None
# A write of this process: what it replaced and wrote (bytes of user.json, or the documents
# with the journal applied) and the signatures after.
OwnWrite = tuple[bytes | dict[str, Any] | None, bytes | dict[str, Any], tuple[Any, ...]]
CatalogKey = frozenset[tuple[str | None, ...]]
# The catalog's rows by id, as Catalog.state() gives them: replaced, never changed in place.
Rows = dict[str, dict[str, Any]]


def file_signature(path: Path) -> Signature:
    """(inode, size, mtime, ctime) of a file, or None when it is missing or unreadable."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def user_signature(path: Path) -> tuple[Signature, Signature]:
    """The signatures of a user file and of its journal (read marks are appended there)."""
    return file_signature(path), file_signature(journal_path(path))


def marks_digest(path: Path) -> bytes | None:
    """A digest of the tables of a user file (its journal applied) that show in the reader
    (None when unreadable)."""
    return marks_digest_of(read_user_document(path))  # a FIFO or a link is refused


def marks_digest_of(raw: bytes | dict[str, Any] | None) -> bytes | None:
    """The digest `marks_digest` gives of a user file holding these bytes (or, with its
    journal applied, this document)."""
    if raw is None:
        return None
    try:
        doc = orjson.loads(raw) if isinstance(raw, bytes) else raw
    except orjson.JSONDecodeError:
        return None
    if not isinstance(doc, dict):
        return None
    tables = {name: doc.get(name) for name in MARK_TABLES}
    import hashlib  # in the polling thread, after the first frame

    return hashlib.blake2b(orjson.dumps(tables, option=orjson.OPT_SORT_KEYS)).digest()


def rows_key(rows: Rows) -> CatalogKey | None:
    """What the outline shows of the catalog's rows: which briefings, which import of each,
    and their titles, dates and sources (None when a row is not one)."""
    try:
        return frozenset(
            (str(r["id"]), r.get("imported_at"), r.get("title"), r.get("date"), r.get("source"))
            for r in rows.values()
        )
    except (KeyError, TypeError, AttributeError):
        return None


def own_user_write(app: object) -> None:
    """Tell the app's store watcher, when it has one, that this process wrote the read state
    or marks and shows them already (call it in the thread that wrote, right after)."""
    seen = getattr(app, "seen_own_user_write", None)
    if seen is not None:
        seen()


class StoreChanged(Message, bubble=False):
    """Another process changed the catalog and/or the bookmarks, notes or watches."""

    # The app hands it on to the screen on top; it must not bubble back to the app, which
    # would hand it on again, for ever. (A `bubble = False` in the class body is overridden
    # by Message.__init_subclass__'s own default.)

    def __init__(self, catalog: bool, user: bool) -> None:
        self.catalog = catalog
        self.user = user
        super().__init__()


class StoreWatcher:
    """Compares the library's two shared files with what it saw at the previous poll."""

    def __init__(self, home: Path, catalog: Catalog | None = None) -> None:
        """`catalog` is the library's own reader of the catalog (it follows the journal as
        it grows), shared so the rows are read once; without it the watcher has its own."""
        self.catalog_path = Path(home) / paths.CATALOG
        self._catalog = catalog if catalog is not None else Catalog(Path(home))
        self.user_path = Path(home) / paths.USER
        self._catalog_sig: list[int] | None = None
        # The rows seen last (state() replaces them whole on any change) and, once a change
        # needed it, their key.
        self._rows: Rows | None = None
        self._catalog_key: CatalogKey | None = None
        self._user_sig: tuple[Signature, Signature] | None = None
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

    def seen_catalog(self) -> None:
        """This process changed the catalog itself and shows its rows as they are now."""
        with self._lock:
            sig = catalog_stamp(self.catalog_path.parent)
            rows = self._read_rows()
            if rows is not None:
                self._catalog_sig, self._rows, self._catalog_key = sig, rows, None

    def seen_user(self, write: OwnWrite | None) -> None:
        """This process changed the read state or marks itself, in `write` (the bytes it
        replaced, those it wrote, the file's signature after), and shows them: not to be
        told back to it as another process's change. Taken only when what it replaced is
        what this watcher saw last: a change of another process that the write built on
        (or one landing after it) is still told at the next poll."""
        if write is None:
            return
        before, after, sig = write
        with self._lock:
            if self._marks is None or marks_digest_of(before) != self._marks:
                return
            marks = marks_digest_of(after)
            if marks is not None:
                self._user_sig, self._marks = tuple(sig), marks  # type: ignore[assignment]

    def _read_rows(self) -> Rows | None:
        try:
            return self._catalog.state()
        except (OSError, BriefingError):
            return None  # unreadable (being repaired, say): looked at again next time

    def _check_catalog(self) -> bool:
        sig = catalog_stamp(self.catalog_path.parent)
        if sig == self._catalog_sig:
            return False
        rows = self._read_rows()
        if rows is None:
            return False
        if rows is self._rows or self._rows is None:
            self._catalog_sig, self._rows = sig, rows
            return False  # the same rows (or the first look): nothing to compare
        before = self._catalog_key if self._catalog_key is not None else rows_key(self._rows)
        key = rows_key(rows)
        if key is None:
            return False
        self._catalog_sig, self._rows, self._catalog_key = sig, rows, key
        return key != before

    def _check_user(self) -> bool:
        sig = user_signature(self.user_path)
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
        self._store_watcher = StoreWatcher(self.library.home, self.library.catalog)
        self._polling = False
        self.library.on_change(self._own_catalog_change)
        # The first poll notes the files as the reader has just read them; after the first
        # frame, so its thread does not compete with it.
        self.call_after_refresh(self._poll_store)
        self.set_interval(self.STORE_POLL_INTERVAL, self._poll_store, name="store-watch")

    def _own_catalog_change(self, _added: list[str], _removed: list[str]) -> None:
        # This process's imports and deletes reach the screens through on_change already.
        self._store_watcher.seen_catalog()

    def seen_own_user_write(self) -> None:
        """This process wrote the read state and has shown it already: the next poll need
        not tell the screens (call it in the thread that wrote, right after the write)."""
        watcher = getattr(self, "_store_watcher", None)
        if watcher is not None:
            storage = self.library.user.db.storage
            watcher.seen_user(storage.last_write())  # this thread's write, just made

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
