"""`briefing doctor --repair`: move broken files aside, rebuild what can be rebuilt, salvage."""

from __future__ import annotations

import contextlib
import errno
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from store import paths
from store.doctor.catalog_fix import CatalogRepair, dump, locked
from store.doctor.checks import INDEX_FOLDER, SECTIONS_DIR, Finding, findings, survey
from store.doctor.lost import lost_briefing, lost_words
from store.doctor.rebuilt_rows import catalog_rows, complete_shard
from store.doctor.reindex import rebuild_index
from store.doctor.salvage import salvage
from store.doctor.shapes import USER_ROW_KEYS, FileState
from store.doctor.user_log import fold_damaged_journal
from store.regular import NotRegular, read_regular
from store.schema import META_TABLE, SCHEMA_VERSION
from store.storage import atomic_write_bytes, clean_stray_temp_files
from store.userdata import USER_TABLES


def broken_name(path: Path, stamp: str, word: str = "broken") -> Path:
    """Where a broken file is moved: `<name>.broken-<stamp>`, never over another file."""
    target = path.with_name(f"{path.name}.{word}-{stamp}")
    n = 2
    while os.path.lexists(target):  # a dangling link there is a file too
        target = path.with_name(f"{path.name}.{word}-{stamp}-{n}")
        n += 1
    return target


def salvageable(path: Path) -> tuple[bytes, str]:
    """The bytes of a damaged file to recover rows from, read as every library file is
    (`store.regular`: no link followed, a regular file only), and what was not read, in words.
    """
    try:
        return read_regular(path), ""
    except NotRegular:
        return b"", " (not a regular file: nothing read from it)"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return b"", " (a symbolic link: not followed, nothing read through it)"
        return b"", ""


class Repair(CatalogRepair):
    """One repair run over a library folder."""

    def __init__(self, home: Path, now: datetime | None = None) -> None:
        self.home = home
        self.stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
        self.actions: dict[Path, str] = {}
        self.reimport: set[str] = set()
        self.restored: set[str] = set()  # shipped briefings imported again
        self.own_rows: dict[str, dict[str, Any]] = {}  # rows read from damaged section files
        self.lost: dict[Path, dict[str, str | None]] = {}

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
        for temp in before.temps:
            if temp.parent.name == INDEX_FOLDER:  # a merged segment no manifest names
                with contextlib.suppress(OSError):
                    temp.unlink()
        self.repair_user(before.user)
        state = before.user_journal
        if state.problem is not None and not state.too_new and not state.unreadable:
            with locked(self.home / paths.USER):
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
            self.tell_lost(old_rows)
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
            lost = self.lost.get(f.path)
            result.append(Finding(f.path, f.kind, f.problem, f.too_new, action, fixed, lost))
        seen = {f.path for f in initial}
        result += [f for p, f in after.items() if p not in seen]
        return result

    # -- user file ---------------------------------------------------------------------
    def repair_user(self, state: FileState) -> None:
        """Move a broken user file aside and carry every readable row into a fresh one."""
        if state.usable or state.missing or state.too_new:
            return
        if state.unreadable:
            return  # permissions: moving it would not help, and the user must see it
        path = state.path
        with locked(path):
            raw, unread = salvageable(path)
            rows = salvage(raw, USER_TABLES) if raw else {}
            moved = self.move_aside(path)
            doc: dict[str, Any] = {META_TABLE: {"1": {"schema": SCHEMA_VERSION}}}
            counts = []
            for table in USER_TABLES:
                kept = {k: r for k, r in rows.get(table, {}).items() if _user_row_ok(table, r)}
                if kept:
                    doc[table] = kept
                counts.append(f"{len(kept)} {table}")
            atomic_write_bytes(path, dump(doc))
        self.actions[path] = (
            f"moved aside to {moved.name}{unread}; "
            f"recovered {', '.join(counts)} into a fresh {path.name}"
        )

    # -- section files -----------------------------------------------------------------
    def repair_shard(self, briefing_id: str, state: FileState, row: dict[str, Any] | None) -> None:
        """Move a broken section file aside; keep its sections when all can be recovered."""
        path = state.path
        if state.unreadable:
            return
        with locked(path):
            raw, unread = salvageable(path)
            rows = salvage(raw, ("sections", "briefing")) if raw else {}
            own = next(iter((rows.get("briefing") or {}).values()), None)
            if own is not None:
                self.own_rows[briefing_id] = own
            moved = self.move_aside(path)
            doc = complete_shard(briefing_id, rows, row)
            if doc is not None:
                atomic_write_bytes(path, dump(doc))
                self.actions[path] = f"moved aside to {moved.name}; all sections recovered"
                return
        self.reimport.add(briefing_id)
        self.actions[path] = f"moved aside to {moved.name}{unread}"

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
                self.restored.add(briefing_id)
            except Exception as exc:  # one line per file in the report
                shard = self.home / SECTIONS_DIR / f"{entry.get('key')}.json"
                self.actions.setdefault(shard, f"could not import {entry.get('file')}: {exc}")
                continue
            shard = self.home / SECTIONS_DIR / f"{briefing_id}.json"
            before = self.actions.get(shard)
            again = f"imported again from content/{entry['file']}"
            self.actions[shard] = f"{before}; {again}" if before else again

    def tell_lost(self, old_rows: dict[str, dict[str, Any]]) -> None:
        """Name each briefing whose sections were lost, and how to bring it back."""
        for briefing_id in sorted(self.reimport - self.restored):
            shard = self.home / SECTIONS_DIR / f"{briefing_id}.json"
            row = old_rows.get(briefing_id) or self.own_rows.get(briefing_id)
            lost = self.lost[shard] = lost_briefing(briefing_id, row)
            before = self.actions.get(shard)
            words = lost_words(lost)
            self.actions[shard] = f"{before}; {words}" if before else words


def _user_row_ok(table: str, row: dict[str, Any]) -> bool:
    return all(isinstance(row.get(k), str) for k in USER_ROW_KEYS.get(table, ()))


def repair_library(home: Path | str | None = None, now: datetime | None = None) -> list[Finding]:
    """Repair a library folder; returns what was found and done, file by file."""
    return Repair(paths.resolve_home(home), now).run()
