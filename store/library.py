"""A library folder: the catalog, one section file per briefing, and the user's file."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store import heads, paths
from store.briefing_rows import briefing_from_row
from store.catalog import Catalog
from store.editing import UNSET, apply_changes, changes_of
from store.errors import BriefingError, NotFound, StoreCorrupt
from store.library_imports import LibraryImports
from store.models import Briefing, Section, SectionHead
from store.readstate import ReadState
from store.roster import Roster
from store.schema import check_schema, refuse_newer
from store.storage import clean_stray_temp_files, find_row, open_db
from store.userdata import UserData

if TYPE_CHECKING:
    from store.importing import ImportResult, content_hash
    from store.outline_order import Walk
    from store.storage import StoreDB
    from store.unread_index import UnreadIndex

ChangeCallback = Callable[[list[str], list[str]], None]

__all__ = ["ImportResult", "Library", "briefing_from_row", "content_hash", "open_library"]

# Named here for callers, loaded from store.importing (the writers' module) on first use, so
# opening a library to read or search it loads no importer.
_FROM_IMPORTING = ("ImportResult", "content_hash")


def __getattr__(name: str) -> Any:
    if name in _FROM_IMPORTING:
        import store.importing

        return getattr(store.importing, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Library(LibraryImports):
    """One library folder and the operations the CLI, the app and the tests share."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.sections_dir = home / "sections"
        self._callbacks: list[ChangeCallback] = []
        self._shards: dict[str, StoreDB] = {}
        self._heads_cache: dict[str, tuple[str, tuple[SectionHead, ...]]] = {}
        self.catalog = Catalog(home)
        check_schema(self.catalog.db, home / paths.CATALOG)
        self.roster = Roster(self.catalog)
        self.user = UserData(home / paths.USER)
        self.read_state = ReadState(self.user)
        self._unread_index: UnreadIndex | None = None

    @property
    def rows_read(self) -> bool:
        """Whether this process has read every catalog row (the index then checks its view
        against them once)."""
        return self.catalog.loaded

    # -- reading -------------------------------------------------------------------------
    def briefings(self) -> list[Briefing]:
        """Every briefing in import order, with its section count but not its heads."""
        return self.roster.briefings()

    def walk(self) -> Walk:
        """Every briefing in the order the outline shows them, with each one's place."""
        return self.roster.walk()

    @property
    def unread_index(self) -> UnreadIndex:
        """Where the briefings with a section unread are in the outline's order (made on
        first use, kept as the catalog and the read state change)."""
        if self._unread_index is None:
            from store.unread_index import UnreadIndex

            self._unread_index = UnreadIndex(self.walk, self.read_state)
        return self._unread_index

    def walk_made(self) -> Walk | None:
        """The outline's order when made already for the catalog as it is now (else None)."""
        return self.roster.walk_made()

    def walk_holding(self, briefing_id: str) -> Walk | None:
        """The outline's order now, or before the last change, holding `briefing_id`."""
        return self.roster.walk_holding(briefing_id)

    def iter_briefings(self, *, by_date: bool = False) -> Iterator[Briefing]:
        """Every briefing in import order, or by date (one date's in import order, undated
        ones last), built one at a time (for listings that stream)."""
        return self.roster.in_order(by_date=by_date)

    def briefing_count(self) -> int:
        """How many briefings the library holds (from the rows, building none)."""
        return len(self.catalog.state())

    def find_briefing(self, briefing_id: str) -> Briefing | None:
        """A briefing by exact id, without its heads (None when there is none)."""
        return self.roster.find(briefing_id)

    def find_briefings(self, ids: Iterable[str]) -> dict[str, Briefing]:
        """Briefings by exact id (those that exist), without heads, found together."""
        return self.roster.find_many(ids)

    def resolve(self, briefing_id: str) -> Briefing:
        """One briefing by id or unique id prefix, without its heads (NotFound)."""
        return self.roster.resolve(briefing_id)

    def resolve_many(self, idents: Iterable[str]) -> list[Briefing]:
        """Briefings by id or unique id prefix, in the order given (NotFound)."""
        return self.roster.resolve_many(idents)

    def briefing(self, briefing_id: str) -> Briefing:
        """One briefing by id (or unique id prefix), with its section heads."""
        found = self.resolve(briefing_id)
        return found.with_sections(self.heads(found.id))

    def heads(self, briefing_id: str) -> tuple[SectionHead, ...]:
        """The section heads of one briefing, from its head file (or its section file)."""
        b = self.find_briefing(briefing_id)
        if b is None:
            raise NotFound(f"no briefing with id {briefing_id!r}")
        return self.heads_of(b)

    def heads_of(self, b: Briefing) -> tuple[SectionHead, ...]:
        """The section heads of a briefing in hand (from briefings()): no catalog read, so
        going through every briefing costs a head file each."""
        briefing_id = b.id
        stamp = heads.heads_stamp(b)
        cached = self._heads_cache.get(briefing_id)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        got = heads.read_heads(self.home, briefing_id, stamp)
        if got is None:
            got = tuple(s.head() for s in self.iter_sections(briefing_id))
        self._heads_cache[briefing_id] = (stamp, got)
        return got

    def section_heads(self, briefing_id: str | None = None) -> list[SectionHead]:
        """Section heads in reading order (briefing import order, then section order).

        Every briefing's heads without `briefing_id`: that reads a file per briefing, so the
        reader and the library screen ask briefing by briefing instead.
        """
        if briefing_id is not None:
            return list(self.heads(briefing_id))
        return [head for b in self.briefings() for head in self.heads_of(b)]

    def head_dicts(self, b: Briefing) -> list[dict[str, Any]]:
        """A briefing's section heads in their JSON shape (`SectionHead.to_dict`), taken from
        its head file as written, without building the heads; listings of every briefing."""
        rows = heads.read_head_rows(self.home, b.id, heads.heads_stamp(b))
        if rows is None:
            return [h.to_dict() for h in self.heads_of(b)]
        return [heads.listed(r) for r in rows]

    def section(self, section_id: str) -> Section:
        """One section with its blocks."""
        briefing_id, _, _ = section_id.rpartition("-")
        if not briefing_id or self.find_briefing(briefing_id) is None:
            raise NotFound(f"no section with id {section_id!r}")
        # Found as a query finds it, from the file's one parse (no TinyDB for reading).
        row = find_row(self.shard(briefing_id).storage, "sections", "id", section_id)
        if row is None:
            if any(h.id == section_id for h in self.section_heads(briefing_id)):
                # The catalog lists it, so the section file lost it: say which file.
                path = self.sections_dir / f"{briefing_id}.json"
                what = "is missing" if not path.exists() else f"has no section {section_id}"
                raise StoreCorrupt(path, f"{what} (the catalog lists it)")
            raise NotFound(f"no section with id {section_id!r}")
        return self._section_from_row(briefing_id, row)

    def iter_sections(self, briefing_id: str | None = None) -> Iterator[Section]:
        """Every section with its blocks, in reading order."""
        chosen = self.briefings() if briefing_id is None else [self.find_briefing(briefing_id)]
        for b in chosen:
            if b is None:
                continue
            rows = self.shard(b.id).table("sections").all()
            for row in sorted(rows, key=lambda r: _seq(r, "order")):
                yield self._section_from_row(b.id, row)

    # -- writing (imports: store.library_imports) ------------------------------------------
    def delete_briefing(self, briefing_id: str) -> None:
        """Remove a briefing and its sections; the user's notes on it are kept."""
        self.delete_briefings([briefing_id])

    def delete_briefings(self, briefing_ids: Iterable[str]) -> list[Briefing]:
        """Remove briefings (ids or unique prefixes) with one catalog write; NotFound for
        any of them deletes none. The user's notes on them are kept."""
        chosen = {b.id: b for b in self.resolve_many(briefing_ids)}
        if not chosen:
            return []
        with self.catalog.transaction():
            self.catalog.delete(list(chosen))
            for bid in chosen:
                shard = self._shards.pop(bid, None)
                if shard is not None:
                    shard.close()
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.sections_dir / f"{bid}.json")
                heads.remove_heads(self.home, bid)
                self._heads_cache.pop(bid, None)
        self.notify([], list(chosen))
        return list(chosen.values())

    def edit_briefing(
        self, briefing_id: str, *, title: Any = UNSET, date: Any = UNSET, source: Any = UNSET
    ) -> Briefing:
        """Change a briefing's title, date or source; touches its catalog row and its own
        section file, and the search index re-reads that briefing alone."""
        found = self.resolve(briefing_id)
        changes = changes_of(title, date, source)
        if not changes:
            return found
        row = apply_changes(self.catalog, self.shard, found.id, changes)
        self.notify([found.id], [])
        return briefing_from_row(row)

    def on_change(self, callback: ChangeCallback) -> None:
        """Call `callback(added_ids, removed_ids)` after each import or delete."""
        self._callbacks.append(callback)

    def shard(self, briefing_id: str) -> StoreDB:
        """The section file of one briefing (opened once, kept open)."""
        shard = self._shards.get(briefing_id)
        if shard is None:
            path = self.sections_dir / f"{briefing_id}.json"
            shard = open_db(path)
            refuse_newer(shard, path)
            self._shards[briefing_id] = shard
        return shard

    def notify(self, added: list[str], removed: list[str]) -> None:
        """Tell every listener of briefings added (or changed) and removed."""
        for callback in list(self._callbacks):
            callback(added, removed)

    # -- internals -----------------------------------------------------------------------

    def _section_from_row(self, briefing_id: str, row: dict[str, Any]) -> Section:
        try:
            return Section.from_dict(row)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            path = self.sections_dir / f"{briefing_id}.json"
            raise StoreCorrupt(path, f"a section row is malformed ({exc!r})") from exc


def _seq(row: dict[str, Any], key: str = "seq") -> int:
    value = row.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{key} {value!r} is not a number")
    return value


def open_library(
    home: Path | str | None = None, *, seed: bool = True, tidy: bool = True
) -> Library:
    """Open (creating if needed) a library folder and seed the embedded briefing on first run.

    `tidy=False` leaves the section and head folders' stray temp files for `tidy_folders`
    (listing those folders costs a few milliseconds at ten thousand briefings).
    """
    folder = paths.resolve_home(home)
    if folder.exists() and not folder.is_dir():
        raise BriefingError(f"{folder} is a file, not a library folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "sections").mkdir(exist_ok=True)
        (folder / heads.FOLDER).mkdir(exist_ok=True)
    except OSError as exc:
        raise BriefingError(f"cannot create the library folder {folder}: {exc.strerror}") from exc
    clean_stray_temp_files(folder)
    if tidy:
        tidy_folders(folder)
    library = Library(folder)
    paths.write_readme(folder)
    if seed:
        from store.embedded import seed_embedded

        seed_embedded(library)
    return library


def tidy_folders(folder: Path) -> None:
    """Remove the temp files a crashed writer left in a library's section and head folders."""
    # Section and head files are written under the catalog's lock.
    guard = folder / (paths.CATALOG + ".lock")
    clean_stray_temp_files(folder / "sections", guard)
    clean_stray_temp_files(folder / heads.FOLDER, guard)
