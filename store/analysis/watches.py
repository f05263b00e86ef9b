"""Watches: saved queries with the time they were last looked at, and their new matches.

A watch's new matches are the matching sections of briefings imported after it was last
seen (`watch_counts` counts them; `watch_news.new_matches` counts an import's briefings alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tinydb import Query as Where

from store.errors import BriefingError, NotFound
from store.sanitize import clean_line
from store.userdata import now_stamp

TABLE = "watches"
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
