"""New and total matches of every watch: counting goes briefing by briefing and each count is
kept, so after an import only the new briefing is searched."""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from store.analysis.grown import brought, is_brought, new_from
from store.analysis.watches import Watch, list_watches
from store.userdata import stamp_key

if TYPE_CHECKING:
    from store.search.corpus import Corpus

_SHARED: weakref.WeakKeyDictionary[Any, WatchCounter] = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()


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
        self._starts: dict[Key, int] = {}  # a briefing's sections before its last import
        self._grown: dict[tuple[str, Key], int] = {}  # query, key -> new matches of a grown one
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
                new = self._new(live, watch.query, live.since(watch.last_seen), known)
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
                out.append((watch, self._new(live, watch.query, fresh, known)))
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

    def _new(self, live: _Live, query: str, keys: list[Key], known: dict[Key, int]) -> int:
        """The new matching sections of these briefings: every one of a new briefing, the
        ones its last import added to a briefing that grew."""
        total = 0
        for key in keys:
            count = known[key]
            if count:
                start = self._starts.get(key)
                if start is None:
                    start = self._starts[key] = new_from(self.lib, key[0])
                if start:
                    count = self._brought(live, query, key, start)
            total += count
        return total

    def _brought(self, live: _Live, query: str, key: Key, start: int) -> int:
        """Matching sections of a grown briefing after order `start` (kept per query)."""
        got = self._grown.get((query, key))
        if got is None:
            bid = key[0]
            matches = live.corpus.match(self._parse(query), [bid], count_hits=False)
            got = len(brought((m.section_id for m in matches.in_briefing(bid)), start))
            self._grown[(query, key)] = got
        return got

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
        out = []
        for bid in fresh:
            start = new_from(self.lib, bid)
            out.extend(
                (bid, m.section_id, m.hits)
                for m in matches.in_briefing(bid)
                if is_brought(m.section_id, start)
            )
        return out
