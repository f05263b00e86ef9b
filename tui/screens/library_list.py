"""The library screen's list as its worker reads it: briefings, read state, unread counts and
both sort orders, worked out off the event loop."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from store.errors import BriefingError
from store.models import Briefing
from store.shelf import Filter, group_key, ordered, unread_count

if TYPE_CHECKING:
    from store import Library


class Shelf(NamedTuple):
    """The library's list as a worker read it, counted and sorted for the screen."""

    briefings: list[Briefing]
    seen: int  # the catalog's generation (-2: unreadable)
    read: dict[str, frozenset[int]]
    unread: dict[str, int]
    ordered: dict[str, list[Briefing]]
    # The unread counts the screen had when the worker read it, and the briefings whose
    # count differs from them: a change of the read state alone relabels only those.
    base: dict[str, int]
    changed: list[Briefing]
    # Each sort order's groups (see `groups_of`), for the tree of every briefing.
    groups: dict[str, Groups]


# A group of the tree by its key so far ((): the whole list; (source,); (source, year);
# (source, year, month)): its briefings in order, their unread sections, its groups' keys.
Groups = dict[tuple[str, ...], tuple[list[Briefing], int, list[tuple[str, ...]]]]


def groups_of(briefings: list[Briefing], unread: dict[str, int]) -> Groups:
    """The sources, years and months of `briefings` (in shelf order) with their unread
    sections, so the tree of them all is built without a pass over every briefing."""
    out: Groups = {(): ([], 0, [])}
    for b in briefings:
        left = unread.get(b.id, 0)
        keys = group_key(b)
        parent: tuple[str, ...] = ()
        for depth in range(4):
            key = keys[:depth]
            got = out.get(key)
            if got is None:
                got = out[key] = ([], 0, [])
                out[parent][2].append(key)
            got[0].append(b)
            if left:
                out[key] = (got[0], got[1] + left, got[2])
            parent = key
    return out


def read_shelf(lib: Library, base: dict[str, int]) -> tuple[Shelf, BriefingError | None]:
    """Read the briefings and the read state, count and sort them (in a worker); `base` is
    the screen's unread counts, which the briefings whose count changed are told against.
    A file that cannot be read gives an empty part and its error."""
    error = None
    try:
        briefings = lib.briefings()
        seen = lib.catalog.generation
    except BriefingError as exc:
        briefings, seen, error = [], -2, exc
    try:
        read = lib.read_state.all()
    except BriefingError as exc:
        read, error = {}, error or exc
    # Counted and sorted here, in both orders, so neither the list's arrival nor the sort
    # key costs the event loop a pass over ten thousand briefings.
    unread = {b.id: unread_count(b, read) for b in briefings}
    shelf = Shelf(
        briefings,
        seen,
        read,
        unread,
        {by: ordered(briefings, by) for by in ("date", "title")},
        base,
        [b for b in briefings if base.get(b.id) != unread[b.id]],
        {},
    )
    shelf.groups.update((by, groups_of(items, unread)) for by, items in shelf.ordered.items())
    return shelf, error


def kept(pool: list[Briefing], text: str, read: dict[str, frozenset[int]]) -> list[Briefing]:
    """The briefings of `pool` a filter typed as `text` keeps, in their order (filtering
    keeps the order, so the sorted list is only picked from)."""
    if not text.strip():
        return list(pool)
    chosen = Filter.parse(text)
    return [b for b in pool if chosen.keeps(b, read)]
