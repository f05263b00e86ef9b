"""Read-only checks of each file in a library folder."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store import paths
from store.doctor.journal import journal_path, merged_rows
from store.doctor.shapes import FileState, catalog_shape, read_state, shard_shape, user_shape
from store.doctor.user_log import user_journal_state
from store.search.folder import FOLDER as INDEX_FOLDER
from store.search.health import IndexProblem, index_problems
from store.search.tidy import STAGED
from store.storage import TEMP_SUFFIX

SECTIONS_DIR = "sections"
# Left by a killed writer; the store ignores them and overwrites or removes them itself.
HARMLESS = ("temp", "leftover")


@dataclass(frozen=True, slots=True)
class Finding:
    """What doctor found about one file, and what --repair did about it."""

    path: Path
    kind: str  # folder, catalog, sections, user, index, temp, leftover
    problem: str | None = None
    too_new: bool = False
    action: str | None = None
    fixed: bool = False
    # A briefing that left the library with this file: id, title, date, source, origin.
    lost: dict[str, str | None] | None = None

    @property
    def status(self) -> str:
        """ok, problem, too-new, leftover (harmless) or repaired."""
        if self.problem is None:
            return "ok"
        if self.fixed:
            return "repaired"
        if self.kind in HARMLESS:
            return "leftover"
        return "too-new" if self.too_new else "problem"

    @property
    def harmful(self) -> bool:
        """A problem that stays until someone acts (not a harmless leftover)."""
        return self.status in ("problem", "too-new")

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `briefing doctor --json`."""
        return {
            "path": str(self.path),
            "kind": self.kind,
            "status": self.status,
            "problem": self.problem,
            "action": self.action,
            "lost": self.lost,
        }


def shard_paths(home: Path) -> list[Path]:
    """The section files of a library, by name."""
    folder = home / SECTIONS_DIR
    try:
        return sorted(p for p in folder.iterdir() if p.name.endswith(".json"))
    except OSError:
        return []


def stray_temp_files(home: Path) -> list[Path]:
    """Temp files a killed writer left behind."""
    found: list[Path] = []
    for folder in (home, home / SECTIONS_DIR):
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        found += [e for e in entries if e.name.startswith(".") and e.name.endswith(TEMP_SUFFIX)]
    # A merged index segment a killed process left before any manifest named it.
    with contextlib.suppress(OSError):
        found += [e for e in (home / INDEX_FOLDER).glob(f"{STAGED}*") if e.is_file()]
    return sorted(found)


@dataclass
class Survey:
    """Every store file of a library as read, and how they agree with each other."""

    home: Path
    folder_problem: str | None
    catalog: FileState
    journal: FileState
    shards: dict[str, FileState]
    user: FileState
    user_journal: FileState
    temps: list[Path]
    index: list[IndexProblem]

    def catalog_ids(self) -> list[str]:
        """Briefing ids the catalog lists (empty when the catalog is unusable)."""
        if not self.catalog.usable or self.catalog.data is None:
            return []
        return [row["id"] for row in (self.catalog.data.get("briefings") or {}).values()]

    def missing_shards(self) -> list[str]:
        """Briefings in the catalog whose section file is gone."""
        return [b for b in self.catalog_ids() if b not in self.shards]

    def orphan_shards(self) -> list[str]:
        """Usable section files that the catalog does not list."""
        if not self.catalog.usable and not self.catalog.missing:
            return []
        listed = set(self.catalog_ids())
        return [b for b, s in self.shards.items() if s.usable and b not in listed]


def survey(home: Path) -> Survey:
    """Read every store file of a library without changing anything."""
    folder_problem = None
    if not home.exists():
        folder_problem = "does not exist"
    elif not home.is_dir():
        folder_problem = "is a file, not a library folder"
    shards = {p.stem: read_state(p, versioned=False, shape=shard_shape) for p in shard_paths(home)}
    catalog = read_state(home / paths.CATALOG, versioned=True, shape=catalog_shape)
    catalog, journal = with_journal(home, catalog)
    return Survey(
        home=home,
        folder_problem=folder_problem,
        catalog=catalog,
        journal=journal,
        shards=shards,
        user=read_state(home / paths.USER, versioned=True, shape=user_shape),
        user_journal=user_journal_state(home),
        temps=stray_temp_files(home),
        index=[] if folder_problem else index_problems(home, _index_rows(catalog), catalog.path),
    )


def with_journal(home: Path, catalog: FileState) -> tuple[FileState, FileState]:
    """The catalog with its journal's changes applied, and the journal's own state."""
    path = journal_path(home)
    if not path.exists() and not path.is_symlink():
        return catalog, FileState(path, None, missing=True)
    if not catalog.usable or catalog.data is None:
        return catalog, FileState(path, None)
    rows = {r["id"]: r for r in (catalog.data.get("briefings") or {}).values()}
    rows, problem, too_new = merged_rows(home, rows)
    if problem is not None:
        return catalog, FileState(path, None, problem, too_new=too_new)
    data = {**catalog.data, "briefings": {str(n): r for n, r in enumerate(rows.values(), 1)}}
    shaped = catalog_shape(path, data)
    if shaped is not None:
        return catalog, FileState(path, None, shaped)
    return FileState(catalog.path, data), FileState(path, None)


def _index_rows(catalog: FileState) -> dict[str, tuple[Any, Any]] | None:
    """What the index keeps of each catalog row: content hash and import time."""
    if not catalog.usable or catalog.data is None:
        return None
    rows = (catalog.data.get("briefings") or {}).values()
    return {r["id"]: (r.get("content_hash"), r.get("imported_at")) for r in rows}


def findings(s: Survey) -> list[Finding]:
    """One finding per file (and per disagreement between files), problems first."""
    out: list[Finding] = []
    if s.folder_problem is not None:
        return [Finding(s.home, "folder", s.folder_problem)]
    files = (("catalog", s.catalog), ("catalog", s.journal), ("user", s.user))
    for kind, state in (*files, ("user", s.user_journal)):
        if not state.missing:
            out.append(Finding(state.path, kind, state.problem, state.too_new))
    if s.catalog.missing and s.shards:
        out.append(Finding(s.catalog.path, "catalog", "is missing but section files exist"))
    for state in s.shards.values():
        out.append(Finding(state.path, "sections", state.problem, state.too_new))
    for briefing_id in s.missing_shards():
        path = s.home / SECTIONS_DIR / f"{briefing_id}.json"
        out.append(Finding(path, "sections", f"briefing {briefing_id} has no section file"))
    for briefing_id in s.orphan_shards():
        if s.catalog.missing:
            continue  # already reported as the missing catalog
        path = s.shards[briefing_id].path
        reason = "is not listed in catalog.json (left by an interrupted import or delete)"
        out.append(Finding(path, "leftover", reason))
    for temp in s.temps:
        out.append(Finding(temp, "temp", "temp file left by an interrupted write"))
    for found in s.index:
        out.append(Finding(found.path, "index", found.problem, found.too_new))
    return sorted(out, key=lambda f: (not f.harmful, f.problem is None))
