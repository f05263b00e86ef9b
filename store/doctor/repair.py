"""`briefing doctor --repair`: move broken files aside, rebuild what can be rebuilt, salvage."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from store import paths
from store.doctor.checks import (
    SECTIONS_DIR,
    Finding,
    Survey,
    findings,
    shard_paths,
    survey,
    with_journal,
)
from store.doctor.journal import drop_journal, journal_path, salvaged_rows
from store.doctor.rebuilt_rows import briefing_row, catalog_rows, complete_shard
from store.doctor.reindex import rebuild_index
from store.doctor.salvage import salvage
from store.doctor.shapes import FileState, read_state, shard_shape
from store.doctor.user_log import fold_damaged_journal
from store.schema import META_TABLE, SCHEMA_VERSION
from store.storage import AtomicJSONStorage, atomic_write_bytes, clean_stray_temp_files
from store.userdata import USER_TABLES

USER_KEYS = {"notes": ("id", "section_id"), "bookmarks": ("id", "section_id")}


def broken_name(path: Path, stamp: str, word: str = "broken") -> Path:
    """Where a broken file is moved: `<name>.broken-<stamp>`, never over another file."""
    target = path.with_name(f"{path.name}.{word}-{stamp}")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}.{word}-{stamp}-{n}")
        n += 1
    return target


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with AtomicJSONStorage(path).locked():
        yield


def _dump(doc: dict[str, Any]) -> bytes:
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)


def _raw(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


class Repair:
    """One repair run over a library folder."""

    def __init__(self, home: Path, now: datetime | None = None) -> None:
        self.home = home
        self.stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
        self.actions: dict[Path, str] = {}
        self.reimport: set[str] = set()

    def move_aside(self, path: Path, word: str = "broken") -> Path:
        """Rename a broken file out of the way (nothing is ever deleted)."""
        target = broken_name(path, self.stamp, word)
        os.rename(path, target)
        return target

    def run(self) -> list[Finding]:
        """Repair every problem that can be repaired; returns the findings with actions."""
        before = survey(self.home)
        initial = findings(before)
        if before.folder_problem is not None:
            return initial
        for temp in before.temps:
            self.actions[temp] = "removed"
        clean_stray_temp_files(self.home)
        clean_stray_temp_files(self.home / SECTIONS_DIR)
        self.repair_user(before.user)
        state = before.user_journal
        if state.problem is not None and not state.too_new and not _unreadable(state):
            with _locked(self.home / paths.USER):
                self.actions[state.path] = fold_damaged_journal(self.home, state, self.move_aside)
        old_rows = catalog_rows(before)
        for briefing_id, state in before.shards.items():
            if state.problem is not None and not state.too_new:
                self.repair_shard(briefing_id, state, old_rows.get(briefing_id))
        self.reimport |= {b for b in before.missing_shards() if b not in before.shards}
        if not before.catalog.too_new and not before.journal.too_new:
            self.repair_journal(before)
            self.rebuild_catalog(before, old_rows)
            self.reimport_embedded()
            # An index a newer briefing wrote is left alone: rebuilding would destroy it.
            if before.index and not any(found.too_new for found in before.index):
                action = rebuild_index(self.home, lambda p: self.move_aside(p))
                self.actions.update((found.path, action) for found in before.index)
        after = {f.path: f for f in findings(survey(self.home)) if f.problem is not None}
        result = []
        for f in initial:
            if f.problem is None:
                result.append(f)
                continue
            action = self.actions.get(f.path)
            fixed = f.path not in after
            result.append(Finding(f.path, f.kind, f.problem, f.too_new, action, fixed))
        seen = {f.path for f in initial}
        result += [f for p, f in after.items() if p not in seen]
        return result

    # -- user file ---------------------------------------------------------------------
    def repair_user(self, state: FileState) -> None:
        """Move a broken user file aside and carry every readable row into a fresh one."""
        if state.usable or state.missing or state.too_new:
            return
        if _unreadable(state):
            return  # permissions: moving it would not help, and the user must see it
        path = state.path
        with _locked(path):
            rows = salvage(_raw(path), USER_TABLES) if path.is_file() else {}
            moved = self.move_aside(path)
            doc: dict[str, Any] = {META_TABLE: {"1": {"schema": SCHEMA_VERSION}}}
            counts = []
            for table in USER_TABLES:
                kept = {k: r for k, r in rows.get(table, {}).items() if _user_row_ok(table, r)}
                if kept:
                    doc[table] = kept
                counts.append(f"{len(kept)} {table}")
            atomic_write_bytes(path, _dump(doc))
        self.actions[path] = (
            f"moved aside to {moved.name}; recovered {', '.join(counts)} into a fresh {path.name}"
        )

    # -- section files -----------------------------------------------------------------
    def repair_shard(self, briefing_id: str, state: FileState, row: dict[str, Any] | None) -> None:
        """Move a broken section file aside; keep its sections when all can be recovered."""
        path = state.path
        if _unreadable(state):
            return
        with _locked(path):
            rows = salvage(_raw(path), ("sections", "briefing")) if path.is_file() else {}
            moved = self.move_aside(path)
            doc = complete_shard(briefing_id, rows, row)
            if doc is not None:
                atomic_write_bytes(path, _dump(doc))
                self.actions[path] = f"moved aside to {moved.name}; all sections recovered"
                return
        self.reimport.add(briefing_id)
        self.actions[path] = f"moved aside to {moved.name}"

    # -- catalog -----------------------------------------------------------------------
    def repair_journal(self, before: Survey) -> None:
        """Write a damaged journal's readable changes into catalog.json, then move it aside."""
        state, path = before.journal, before.catalog.path
        if state.usable or state.missing or not before.catalog.usable or _unreadable(state):
            return
        with _locked(path):
            current = read_state(path, versioned=True)
            if not current.usable or current.data is None:
                return
            rows = {r["id"]: r for r in (current.data.get("briefings") or {}).values()}
            rows = salvaged_rows(self.home, rows)
            doc = {**current.data, "briefings": {str(n): r for n, r in enumerate(rows.values(), 1)}}
            atomic_write_bytes(path, _dump(doc))
            moved = self.move_aside(state.path)
        self.actions[state.path] = (
            f"moved aside to {moved.name}; its readable changes written into {path.name}"
        )

    def rebuild_catalog(self, before: Survey, old_rows: dict[str, dict[str, Any]]) -> None:
        """Rewrite the catalog from the section files when it is broken or disagrees."""
        path = before.catalog.path
        if _unreadable(before.catalog):
            return
        if not before.catalog.usable and not before.catalog.missing:
            with _locked(path):
                moved = self.move_aside(path)
                self._write_catalog(path, {"1": {"schema": SCHEMA_VERSION}}, {}, fresh=True)
            self.actions[path] = f"moved aside to {moved.name}; rebuilt from the section files"
            return
        # An import or delete in progress holds the catalog lock, so judge under it.
        with _locked(path):
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
        atomic_write_bytes(path, _dump(doc))
        journal = journal_path(self.home)
        if fresh and journal.exists():
            # Its changes were made against the lost catalog: kept aside, not replayed.
            moved = self.move_aside(journal, "leftover")
            self.actions[journal] = f"moved aside to {moved.name}"
        drop_journal(self.home)  # catalog.json now holds every change it held

    def reimport_embedded(self) -> None:
        """Import again the shipped briefings whose section files were lost."""
        if not self.reimport:
            return
        from store.embedded import embedded_entries, import_embedded
        from store.ingest import read_file
        from store.library import Library, content_hash

        try:
            lib = Library(self.home)
        except Exception:  # the findings report what is still wrong
            return
        for entry in embedded_entries():
            try:
                briefing_id = content_hash(read_file(entry["path"]))[:10]
                if briefing_id not in self.reimport:
                    continue
                import_embedded(lib, entry, replace=True)
            except Exception as exc:  # one line per file in the report
                shard = self.home / SECTIONS_DIR / f"{entry.get('key')}.json"
                self.actions.setdefault(shard, f"could not import {entry.get('file')}: {exc}")
                continue
            shard = self.home / SECTIONS_DIR / f"{briefing_id}.json"
            before = self.actions.get(shard)
            again = f"imported again from content/{entry['file']}"
            self.actions[shard] = f"{before}; {again}" if before else again


def _unreadable(state: FileState) -> bool:
    return bool(state.problem and state.problem.startswith("cannot be read"))


def _user_row_ok(table: str, row: dict[str, Any]) -> bool:
    return all(isinstance(row.get(k), str) for k in USER_KEYS.get(table, ()))


def _embedded_keys() -> list[str]:
    from store.embedded import embedded_entries

    try:
        return sorted(e["key"] for e in embedded_entries())
    except (OSError, ValueError, KeyError):
        return []


def repair_library(home: Path | str | None = None, now: datetime | None = None) -> list[Finding]:
    """Repair a library folder; returns what was found and done, file by file."""
    return Repair(paths.resolve_home(home), now).run()
