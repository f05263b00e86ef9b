"""A library opened by a command that only reads it, such as a search.

A search needs the library's folder, its index and a few head files: when the folder is in
order for this version, nothing needs writing, and the command reads those files without
TinyDB, the catalog's rows or the models. `open_reading(home)` checks what `open_library`
would otherwise write or refuse: the folder with its section and head folders and README,
`catalog.json` opening with a meta table stamped with this version's schema that names every
shipped briefing as seeded, and `user.json` opening with one stamped the same. Any other case
(a new, old, newer or damaged file) opens the library at once with `open_library`, so its
answers and its messages are that function's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from store import heads, paths
from store.catalog_peek import leading_table
from store.files import clean_stray_temp_files
from store.schema import META_TABLE, SCHEMA_VERSION

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from store.library import Library

# Folders `open_library` makes when they are missing.
_MADE = ("sections", heads.FOLDER)


class ReadingLibrary:
    """A library folder in order, opened whole (`open_library`) the first time a caller asks
    for anything beyond its folder: a briefing, a section, a full index check."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._library: Library | None = None
        self._callbacks: list[Callable[[list[str], list[str]], None]] = []

    @property
    def rows_read(self) -> bool:
        """Whether every catalog row was read (never, until the library is opened whole)."""
        return self._library is not None and self._library.rows_read

    def on_change(self, callback: Callable[[list[str], list[str]], None]) -> None:
        """Hear of imports and deletes made through this library (as `Library.on_change`)."""
        self._callbacks.append(callback)
        if self._library is not None:
            self._library.on_change(callback)

    def whole(self) -> Library:
        """The library opened as `open_library(home, tidy=False)` opens it (once)."""
        if self._library is None:
            from store.library import open_library

            library = open_library(self.home, tidy=False)
            for callback in self._callbacks:
                library.on_change(callback)
            self._library = library
        return self._library

    def __getattr__(self, name: str) -> Any:
        # Reached only for names this class lacks: everything else a library offers.
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.whole(), name)


def open_reading(home: Path | str | None = None) -> ReadingLibrary | Library:
    """The library at `home` for a command that only reads it: a `ReadingLibrary` when its
    folder is in order for this version, else the library `open_library` opens (tidy=False)."""
    folder = paths.resolve_home(home)
    if in_order(folder):
        # As open_library does: a crashed writer's temp files beside the catalog go.
        clean_stray_temp_files(folder)
        return ReadingLibrary(folder)
    from store.library import open_library

    return open_library(home, tidy=False)


def in_order(folder: Path) -> bool:
    """Whether opening this library folder would write nothing and refuse nothing."""
    if not all((folder / name).is_dir() for name in _MADE):
        return False
    if not (folder / "README.txt").is_file():
        return False
    catalog = leading_table(folder / paths.CATALOG, META_TABLE)
    user = leading_table(folder / paths.USER, META_TABLE)
    if catalog is None or user is None:
        return False
    if not (_current(catalog) and _current(user)):
        return False
    return _all_seeded(catalog)


def _current(meta: dict[str, dict[str, Any]]) -> bool:
    # The first row holding a version, as the schema check reads it: this version's number.
    version = next((row["schema"] for row in meta.values() if "schema" in row), None)
    return type(version) is int and version == SCHEMA_VERSION


def _all_seeded(meta: dict[str, dict[str, Any]]) -> bool:
    from store.embedded import SEEDED_KEY, embedded_entries

    row = next((r for r in meta.values() if SEEDED_KEY in r), None)
    seeded = row[SEEDED_KEY] if row else None
    if not isinstance(seeded, list) or not all(isinstance(key, str) for key in seeded):
        return False
    return {entry["key"] for entry in embedded_entries()} <= set(seeded)


def section_kinds(home: Path, briefing_id: str, section_id: str) -> str | None:
    """A section's shape (`numbering.type_letters`) read from its briefing's section file as
    stored, without TinyDB or the models; None when the file is missing, not a plain file,
    damaged, written by a newer version, or lacks the section (the library then says why)."""
    data = _read_json(home / "sections" / f"{briefing_id}.json")
    if not isinstance(data, dict):
        return None
    meta, rows = data.get(META_TABLE) or {}, data.get("sections")
    if not isinstance(meta, dict) or not isinstance(rows, dict):
        return None
    versions = [row.get("schema") for row in meta.values() if isinstance(row, dict)]
    if any(type(v) is not int or v > SCHEMA_VERSION for v in versions if v is not None):
        return None
    # The first row with that id, as a TinyDB query finds it.
    found = (r for r in rows.values() if isinstance(r, dict) and r.get("id") == section_id)
    row = next(found, None)
    blocks = None if row is None else row.get("blocks") or []
    if not isinstance(blocks, list) or not all(
        isinstance(b, dict) and isinstance(b.get("type"), str) for b in blocks
    ):
        return None
    from store.numbering import type_letters

    return type_letters(b["type"] for b in blocks)


def _read_json(path: Path) -> Any:
    import json

    from store.regular import read_regular

    try:
        return json.loads(read_regular(path))
    except (OSError, ValueError):  # NotRegular too
        return None
