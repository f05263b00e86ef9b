"""The catalog's part of `briefing doctor --repair`: a damaged journal folded into
`catalog.json`, and the catalog rebuilt from the section files when it is lost or disagrees."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from store.doctor.checks import SECTIONS_DIR, Survey, shard_paths, with_journal
from store.doctor.journal import drop_journal, journal_path, salvaged_rows
from store.doctor.rebuilt_rows import briefing_row
from store.doctor.shapes import FileState, read_state, shard_shape
from store.schema import META_TABLE, SCHEMA_VERSION
from store.storage import AtomicJSONStorage, atomic_write_bytes


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold a store file's lock, as its writers take it."""
    with AtomicJSONStorage(path).locked():
        yield


def dump(doc: dict[str, Any]) -> bytes:
    """A TinyDB document as the store writes it."""
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)


class CatalogRepair:
    """The catalog repairs of one run (mixed into `store.doctor.repair.Repair`)."""

    home: Path
    actions: dict[Path, str]
    move_aside: Callable[..., Path]

    def repair_journal(self, before: Survey) -> None:
        """Write a damaged journal's readable changes into catalog.json, then move it aside."""
        state, path = before.journal, before.catalog.path
        if state.usable or state.missing or not before.catalog.usable or state.unreadable:
            return
        with locked(path):
            current = read_state(path, versioned=True)
            if not current.usable or current.data is None:
                return
            rows = {r["id"]: r for r in (current.data.get("briefings") or {}).values()}
            rows = salvaged_rows(self.home, rows)
            doc = {**current.data, "briefings": {str(n): r for n, r in enumerate(rows.values(), 1)}}
            atomic_write_bytes(path, dump(doc))
            moved = self.move_aside(state.path)
        self.actions[state.path] = (
            f"moved aside to {moved.name}; its readable changes written into {path.name}"
        )

    def rebuild_catalog(self, before: Survey, old_rows: dict[str, dict[str, Any]]) -> None:
        """Rewrite the catalog from the section files when it is broken or disagrees."""
        path = before.catalog.path
        if before.catalog.unreadable:
            return
        if not before.catalog.usable and not before.catalog.missing:
            with locked(path):
                moved = self.move_aside(path)
                self._write_catalog(path, {"1": {"schema": SCHEMA_VERSION}}, {}, fresh=True)
            self.actions[path] = f"moved aside to {moved.name}; rebuilt from the section files"
            return
        # An import or delete in progress holds the catalog lock, so judge under it.
        with locked(path):
            state, journal = with_journal(self.home, read_state(path, versioned=True))
            if journal.problem is not None:
                return
            if state.missing:
                if not self._usable_shards():
                    return
                self._write_catalog(path, {"1": {"schema": SCHEMA_VERSION}}, {}, fresh=True)
                self.actions[path] = "rebuilt from the section files"
                return
            if not state.usable or state.data is None:
                return
            rows = {r["id"]: r for r in (state.data.get("briefings") or {}).values()}
            usable = self._usable_shards()
            for b in sorted(set(usable) - set(rows)):
                moved = self.move_aside(usable.pop(b).path, "leftover")
                self.actions[moved.with_name(f"{b}.json")] = f"moved aside to {moved.name}"
            present = set(usable) | self._newer_shards()  # a newer file is never dropped
            if set(rows) <= present:
                return
            for b in sorted(set(rows) - present):
                shard = self.home / SECTIONS_DIR / f"{b}.json"
                self.actions.setdefault(shard, "removed from the catalog")
            keep = {b: r for b, r in rows.items() if b in present}
            self._write_catalog(path, dict(state.data.get(META_TABLE) or {}), keep, fresh=False)
            self.actions[path] = "brought in line with the section files"

    def _usable_shards(self) -> dict[str, FileState]:
        found = {}
        for p in shard_paths(self.home):
            state = read_state(p, versioned=False, shape=shard_shape)
            if state.usable and state.data is not None:
                found[p.stem] = state
        return found

    def _newer_shards(self) -> set[str]:
        return {p.stem for p in shard_paths(self.home) if read_state(p, versioned=False).too_new}

    def _write_catalog(
        self, path: Path, meta: dict[str, Any], old_rows: dict[str, dict[str, Any]], fresh: bool
    ) -> None:
        usable = self._usable_shards()
        if fresh:
            # Which shipped briefings were seeded is lost; saying "all" keeps one the user
            # deleted from coming back.
            meta = {"1": {"schema": SCHEMA_VERSION}, "2": {"seeded": _embedded_keys()}}
            chosen = usable
        else:
            chosen = {b: s for b, s in usable.items() if b in old_rows}
        rows = [briefing_row(b, s.data or {}, old_rows.get(b)) for b, s in chosen.items()]
        # A newer section file keeps its catalog row as it was.
        rows += [dict(r) for b, r in old_rows.items() if b not in chosen and not fresh]
        rows.sort(key=lambda r: (r.get("seq", 0), r["id"]))
        next_seq = 1 + max((r.get("seq", 0) for r in rows), default=0)
        for r in rows:
            if "seq" not in r:
                r["seq"], next_seq = next_seq, next_seq + 1
        doc = {META_TABLE: meta, "briefings": {str(n): r for n, r in enumerate(rows, 1)}}
        atomic_write_bytes(path, dump(doc))
        journal = journal_path(self.home)
        if fresh and journal.exists():
            # Its changes were made against the lost catalog: kept aside, not replayed.
            moved = self.move_aside(journal, "leftover")
            self.actions[journal] = f"moved aside to {moved.name}"
        drop_journal(self.home)  # catalog.json now holds every change it held


def _embedded_keys() -> list[str]:
    from store.embedded import embedded_entries

    try:
        return sorted(e["key"] for e in embedded_entries())
    except (OSError, ValueError, KeyError):
        return []
