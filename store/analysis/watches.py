"""Watches: saved queries with the time they were last looked at, and their new matches.

A watch's new matches are the matching sections of briefings imported after it was last
seen. Counting goes briefing by briefing and each count is kept, so after an import only the
new briefing is searched (`watch_news.new_matches` counts an import's briefings alone).
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tinydb import Query as Where

from store.errors import BriefingError, NotFound
from store.sanitize import clean_line
from store.userdata import now_stamp, stamp_key

if TYPE_CHECKING:
    from store.search.corpus import Corpus

TABLE = "watches"
_SHARED: weakref.WeakKeyDictionary[Any, WatchCounter] = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class Watch:
    """A saved query under a name, and when its matches were last looked at."""

    name: str
    query: str
    created: str
    last_seen: str

    def to_dict(self) -> dict[str, Any]:
        """The stored and exported shape."""
        return {
            "name": self.name,
            "query": self.query,
            "created": self.created,
            "last_seen": self.last_seen,
        }

    @classmethod
    def from_dict(cls, row: Any) -> Watch:
        """A watch from a stored or exported row; ValueError when it is not one."""
        try:
            name, query = row["name"], row["query"]
            created = row.get("created") or row.get("last_seen")
            seen = row.get("last_seen") or created
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a watch: {exc!r}") from exc
        values = (name, query, created, seen)
        if not all(isinstance(v, str) and v for v in values):
            raise ValueError("a watch needs a name, a query and times")
        return cls(name, query, created, seen)


@dataclass(frozen=True, slots=True)
class WatchCount:
    """A watch with its new and total matching sections."""

    watch: Watch
    new: int
    total: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `briefing watch --json` rows."""
        w = self.watch
        return {
            "name": w.name,
            "query": w.query,
            "new": self.new,
            "total": self.total,
            "last_seen": w.last_seen,
        }


def check_name(name: str) -> str:
    """A watch name made one clean line; ValueError when nothing is left."""
    clean = " ".join(clean_line(name).split())[:MAX_NAME]
    if not clean:
        raise ValueError("a watch needs a name")
    return clean


def list_watches(lib: Any) -> list[Watch]:
    """Every watch, by name; rows that are not watches are skipped."""
    out = []
    for row in lib.user.table(TABLE).all():
        try:
            out.append(Watch.from_dict(row))
        except ValueError:
            continue
    return sorted(out, key=lambda w: w.name)


def get_watch(lib: Any, name: str) -> Watch:
    """One watch by name; NotFound when there is none."""
    for w in list_watches(lib):
        if w.name == name:
            return w
    raise NotFound(f"no watch named {clean_line(name)!r}")


def add_watch(lib: Any, name: str, query: str, *, replace: bool = True) -> Watch:
    """Save a query under a name (a new query for an old name starts unseen from now)."""
    from store.search.query import parse

    name = check_name(name)
    if parse(query).empty:
        raise ValueError("a watch needs a query")
    now = now_stamp()
    watch = Watch(name, query.strip(), now, now)
    table = lib.user.table(TABLE)
    with lib.user.db.transaction():
        if table.get(Where().name == name) is not None:
            if not replace:
                raise BriefingError(f"a watch named {name!r} exists")
            table.update(watch.to_dict(), Where().name == name)
        else:
            table.insert(watch.to_dict())
    return watch


def remove_watch(lib: Any, name: str) -> None:
    """Delete a watch; NotFound when there is none."""
    if not lib.user.table(TABLE).remove(Where().name == name):
        raise NotFound(f"no watch named {clean_line(name)!r}")


def mark_seen(lib: Any, name: str, when: str | None = None) -> Watch:
    """Record that a watch's matches were looked at now: nothing is new any more."""
    watch = get_watch(lib, name)
    seen = when or now_stamp()
    lib.user.table(TABLE).update({"last_seen": seen}, Where().name == name)
    return Watch(watch.name, watch.query, watch.created, seen)


def restore_watches(lib: Any, rows: list[Any]) -> tuple[int, int]:
    """Add exported watches whose names are not here yet: (added, skipped)."""
    added = skipped = 0
    table = lib.user.table(TABLE)
    with lib.user.db.transaction():
        names = {r.get("name") for r in table.all()}
        for row in rows:
            try:
                watch = Watch.from_dict(row)
                check_name(watch.name)
            except ValueError:
                continue
            if watch.name in names:
                skipped += 1
                continue
            table.insert(watch.to_dict())
            names.add(watch.name)
            added += 1
    return added, skipped


Key = tuple[str, str | None]  # (briefing id, import time): a re-import is counted afresh


class _Live:
    """The briefings of one index view as counting keys, in the order they were imported."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        sizes = sorted(corpus.sizes.values(), key=lambda b: stamp_key(b.imported_at))
        self.keys: list[Key] = [(b.briefing_id, b.imported_at) for b in sizes]
        self._stamps = [stamp_key(b.imported_at) for b in sizes]

    def since(self, seen: str) -> list[Key]:
        """The keys of briefings imported after `seen` (an ISO time)."""
        return self.keys[bisect_right(self._stamps, stamp_key(seen)) :]


class WatchCounter:
    """New and total matches of every watch, each briefing searched once per query."""

    def __init__(self, lib: Any) -> None:
        self.lib = lib
        # query -> (briefing id, import time) -> matching sections
        self._known: dict[str, dict[Key, int]] = {}
        self._parsed: dict[str, Any] = {}  # query -> its parsed form (None: does not parse)
        self._lock = threading.Lock()

    @classmethod
    def shared(cls, lib: Any) -> WatchCounter:
        """The counter kept for this library object: a later count searches only new briefings."""
        with _SHARED_LOCK:
            counter = _SHARED.get(lib)
            if counter is None:
                counter = _SHARED[lib] = cls(lib)
            return counter

    def counts(self, watches: list[Watch] | None = None) -> list[WatchCount]:
        """Every watch with its counts, against the library as it is now."""
        from store.search.corpus import Corpus

        with self._lock:
            watches = list_watches(self.lib) if watches is None else watches
            live = _Live(Corpus(self.lib))
            out = []
            for watch in watches:
                known = self._fill(live, watch.query, live.keys)
                total = sum(map(known.__getitem__, live.keys))
                new = sum(map(known.__getitem__, live.since(watch.last_seen)))
                out.append(WatchCount(watch, new, total))
            return out

    def new_counts(self, watches: list[Watch] | None = None) -> list[tuple[Watch, int]]:
        """Each watch's new matching sections; only briefings imported since it was seen are
        searched (and of those only the ones not counted before)."""
        from store.search.corpus import Corpus

        with self._lock:
            watches = list_watches(self.lib) if watches is None else watches
            if not watches:
                return []
            live = _Live(Corpus(self.lib))
            out = []
            for watch in watches:
                fresh = live.since(watch.last_seen)
                known = self._fill(live, watch.query, fresh)
                out.append((watch, sum(map(known.__getitem__, fresh))))
            return out

    def _fill(self, live: _Live, query: str, wanted: list[Key]) -> dict[Key, int]:
        """The kept counts of a query, with the wanted briefings not counted yet searched."""
        known = self._known.setdefault(query, {})
        missing = set(wanted).difference(known)
        if missing:
            ids = [bid for bid, _at in missing]
            scope = None if len(ids) == len(live.keys) else ids
            parsed = self._parse(query)
            found = {}  # a query that no longer parses matches nothing
            if parsed is not None:
                found = live.corpus.match(parsed, scope, count_hits=False).by_briefing(ids)
            for key in missing:
                known[key] = found.get(key[0], (0, 0))[0]
        return known

    def _parse(self, query: str) -> Any:
        """The parsed query, parsed once per counter (None when it does not parse)."""
        from store.search.query import parse

        if query not in self._parsed:
            try:
                self._parsed[query] = parse(query)
            except ValueError:
                self._parsed[query] = None
        return self._parsed[query]

    def new_briefings(self, watch: Watch, corpus: Corpus | None = None) -> list[str]:
        """The briefings imported since the watch was last seen, newest first."""
        from store.search.corpus import Corpus

        corpus = corpus or Corpus(self.lib)
        sizes = corpus.sizes
        seen = stamp_key(watch.last_seen)
        fresh = [b for b, size in sizes.items() if stamp_key(size.imported_at) > seen]
        fresh.sort(key=lambda bid: stamp_key(sizes[bid].imported_at), reverse=True)
        return fresh

    def new_sections(self, watch: Watch) -> list[tuple[str, str, int]]:
        """(briefing id, section id, hits) of a watch's new matches, newest briefing first."""
        from store.search.corpus import Corpus

        corpus = Corpus(self.lib)
        fresh = self.new_briefings(watch, corpus)
        if not fresh:
            return []
        matches = corpus.match(watch.query, fresh)
        return [(bid, m.section_id, m.hits) for bid in fresh for m in matches.in_briefing(bid)]
