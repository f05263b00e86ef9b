"""The briefings of a library as Briefing objects, built from the catalog's rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from store.briefing_rows import briefing_from_row
from store.catalog import Catalog
from store.errors import NotFound, StoreCorrupt
from store.models import Briefing

if TYPE_CHECKING:
    from store.outline_order import Walk


class Roster:
    """Briefings by id and in import order, rebuilt only when the catalog changed."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._cache: tuple[int, list[Briefing], dict[str, Briefing]] | None = None
        # Briefings built one at a time by find, for one generation of the catalog.
        self._found: tuple[int, dict[str, Briefing]] = (-1, {})
        # The outline's order, made once per generation of the catalog.
        self._walk: tuple[int, Walk] | None = None
        # The briefings before the last change of the catalog: their walk when it was made,
        # else the briefings, walked only when `walk_holding` needs them.
        self._before: Walk | list[Briefing] = []

    def briefings(self) -> list[Briefing]:
        """Every briefing in import order, with its section count but not its heads."""
        return list(self._current()[1])

    def walk(self) -> Walk:
        """Every briefing in the order the outline shows them (see store.outline_order),
        sorted once per change of the catalog, not on each step through it."""
        from store.outline_order import walk_of  # not needed to open a library

        generation, briefings, _ = self._current()
        walk = self._walk
        if walk is None or walk[0] != generation:
            walk = self._walk = (generation, walk_of(briefings))
        return walk[1]

    def walk_made(self) -> Walk | None:
        """The outline's order of the catalog as it is now when `walk` has made it already
        (None when not: nothing is sorted here)."""
        self.catalog.state()  # a stat of the files: the generation as of now
        walk = self._walk
        return walk[1] if walk is not None and walk[0] == self.catalog.generation else None

    def walk_holding(self, briefing_id: str) -> Walk | None:
        """The outline's order as it is now when it holds `briefing_id`, else as it was
        before the last change of the catalog (from before that briefing was deleted, say),
        if it held it then."""
        now = self._walk[1] if self._walk is not None else None
        if now is not None and briefing_id in now.at:
            return now
        before = self._before
        if isinstance(before, list):
            if not any(b.id == briefing_id for b in before):
                return None
            from store.outline_order import walk_of

            before = self._before = walk_of(before)
        return before if briefing_id in before.at else None

    def in_order(self, *, by_date: bool = False) -> Iterator[Briefing]:
        """Every briefing in import order (or `store.outline_order.by_date`'s), each built
        as it is asked for when the rows changed since the last full build (a listing that
        streams starts at once)."""
        from store.outline_order import by_date as dated
        from store.outline_order import rows_by_date

        rows = self.catalog.state()
        cached = self._cache
        if cached is not None and cached[0] == self.catalog.generation:
            yield from dated(cached[1]) if by_date else cached[1]
            return
        try:
            ordered = sorted(rows.values(), key=_seq)
            if by_date:
                ordered = rows_by_date(ordered)
        except TypeError as exc:
            raise StoreCorrupt(self.catalog.path, f"a briefing row is malformed ({exc!r})") from exc
        for row in ordered:
            yield self._briefing_of(row)

    def _current(self) -> tuple[int, list[Briefing], dict[str, Briefing]]:
        """The briefings as of now (shared: never changed in place)."""
        # Stats of the files tell whether the cached answer still holds; parse only if not.
        rows = self.catalog.state().values()
        generation = self.catalog.generation
        cached = self._cache
        if cached is not None and cached[0] == generation:
            return cached
        try:
            result = [briefing_from_row(row) for row in sorted(rows, key=_seq)]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreCorrupt(self.catalog.path, f"a briefing row is malformed ({exc!r})") from exc
        if cached is not None:  # for walk_holding: the briefings as they were
            walk = self._walk
            self._before = walk[1] if walk is not None and walk[0] == cached[0] else cached[1]
        self._cache = (generation, result, {b.id: b for b in result})
        return self._cache

    def find(self, briefing_id: str) -> Briefing | None:
        """A briefing by exact id, without its heads (None when there is none); reads its
        own row only, so opening one briefing of a large library builds no other."""
        if not self.catalog.loaded:
            return self.find_many([briefing_id]).get(briefing_id)
        row = self.catalog.state().get(briefing_id)
        generation = self.catalog.generation
        cached = self._cache
        if cached is not None and cached[0] == generation:
            return cached[2].get(briefing_id)
        if row is None:
            return None
        found = self._found
        if found[0] != generation:
            found = self._found = (generation, {})
        b = found[1].get(briefing_id)
        if b is None:
            b = found[1][briefing_id] = self._briefing_of(row)
        return b

    def _briefing_of(self, row: dict[str, Any]) -> Briefing:
        try:
            return briefing_from_row(row)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreCorrupt(self.catalog.path, f"a briefing row is malformed ({exc!r})") from exc

    def find_many(self, ids: Iterable[str]) -> dict[str, Briefing]:
        """Briefings by exact id (those that exist), without heads: before anything read
        every row (a command changing a few briefings), one lookup of their own lines."""
        if not self.catalog.loaded:
            rows = self.catalog.lookup(ids, seq=False)[0]
            return {bid: self._briefing_of(row) for bid, row in rows.items()}
        return {bid: b for bid in ids if (b := self.find(bid)) is not None}

    def resolve_many(self, idents: Iterable[str]) -> list[Briefing]:
        """Briefings by id or unique id prefix, in the order given (NotFound for any that
        names none or several)."""
        wanted = list(idents)
        found = self.find_many(wanted)
        return [found.get(i) or self.resolve(i) for i in wanted]

    def resolve(self, briefing_id: str) -> Briefing:
        """One briefing by id or unique id prefix, without its heads (NotFound)."""
        found = self.find(briefing_id)
        matches = [found] if found is not None else []
        if not matches and briefing_id:
            matches = [b for b in self.briefings() if b.id.startswith(briefing_id)]
        if len(matches) > 1:
            named = ", ".join(sorted(b.id for b in matches)[:3])
            more = ", …" if len(matches) > 3 else ""
            raise NotFound(
                f"{briefing_id!r} starts {len(matches)} briefing ids ({named}{more}): "
                "give more of the id"
            )
        if not matches:
            raise NotFound(f"no briefing with id {briefing_id!r}")
        return matches[0]


def _seq(row: dict[str, Any]) -> int:
    value = row.get("seq", 0)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"seq {value!r} is not a number")
    return value
