"""Schema versions of the store's files: stamp new files, migrate old ones, refuse newer ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from store.errors import StoreCorrupt, StoreTooNew

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from tinydb import TinyDB

SCHEMA_VERSION = 4
META_TABLE = "meta"


def _heads_out_of_catalog(db: TinyDB) -> None:
    """Version 2 keeps section heads in per-briefing head files, not in the catalog."""
    from store.heads import heads_stamp, write_heads

    data = db.storage.read() or {}
    rows = data.get("briefings")
    if not rows:
        return  # the user file, or an empty catalog: nothing moves
    home = Path(db.storage.path).parent  # type: ignore[attr-defined]
    for row in rows.values():
        heads = row.pop("sections", None) or []
        row["section_count"] = len(heads)
        if heads and isinstance(row.get("id"), str) and isinstance(row.get("content_hash"), str):
            write_heads(home, row["id"], heads_stamp(row), heads)
    db.storage.write(data)


def _journal_beside_catalog(db: TinyDB) -> None:
    """Version 3 appends catalog changes to `catalog.journal`: the rows stay where they are,
    and the new version keeps a briefing that knows no journal from reading this catalog."""


def _journal_beside_user_file(db: TinyDB) -> None:
    """Version 4 appends reading positions, settings and read marks to `user.journal`:
    nothing moves, and the new version keeps a briefing that knows no such journal from
    reading (and writing over) what the journal holds."""


# version -> function upgrading a database from that version to the next one.
MIGRATIONS: dict[int, Callable[[TinyDB], None]] = {
    1: _heads_out_of_catalog,
    2: _journal_beside_catalog,
    3: _journal_beside_user_file,
}


def _document(db: TinyDB) -> dict[str, Any] | None:
    """The file's document to read from: the storage's shared parse when it keeps one."""
    snapshot = getattr(db.storage, "snapshot", None)
    return snapshot() if snapshot is not None else db.storage.read()


def _leading_meta(db: TinyDB) -> dict[str, Any] | None:
    """The meta table parsed alone when it opens the file (as the store writes it), so
    the version of a large catalog is read without its rows; None when it cannot be."""
    where = getattr(db.storage, "path", None)
    if where is None:
        return None
    from store.catalog_peek import leading_table

    return leading_table(Path(where), META_TABLE)


def read_version(db: TinyDB, path: Path) -> int | None:
    """The schema version stamped in a file, None for a file that does not exist yet."""
    meta = _leading_meta(db)
    if meta is None or not any("schema" in row for row in meta.values()):
        # Not readable alone: the whole file is parsed, and its damage named.
        data = _document(db)
        if data is None:
            return None
        meta = data.get(META_TABLE) or {}
        if not any("schema" in row for row in meta.values()):
            if data:
                raise StoreCorrupt(path, "no schema version (not a briefing store file?)")
            return None
    version = next(row["schema"] for row in meta.values() if "schema" in row)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise StoreCorrupt(path, f"schema version {version!r} is not a number")
    return version


def check_schema(db: TinyDB, path: Path) -> int:
    """Stamp a new file, migrate an older one, refuse a newer one; returns the version."""
    version = read_version(db, path)
    if version is not None and version > SCHEMA_VERSION:
        raise StoreTooNew(path, version, SCHEMA_VERSION)
    if version == SCHEMA_VERSION:
        return version
    # Stamping and migrating write, so take the lock and look again: two processes opening
    # a new library at once must not both stamp it (or migrate it twice).
    with db.storage.locked():  # type: ignore[attr-defined]
        return _stamp_or_migrate(db, path)


def _stamp_or_migrate(db: TinyDB, path: Path) -> int:
    from tinydb import Query  # (only a new or old file loads it: opening a library reads meta)

    version = read_version(db, path)
    if version is None:
        db.table(META_TABLE).insert({"schema": SCHEMA_VERSION})
        return SCHEMA_VERSION
    if version > SCHEMA_VERSION:
        raise StoreTooNew(path, version, SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        if version not in MIGRATIONS:
            raise StoreCorrupt(path, f"schema version {version} has no migration")
        MIGRATIONS[version](db)
        version += 1
        # Only the row that holds the version: other meta rows (what was seeded) stay as they are.
        db.table(META_TABLE).update({"schema": version}, Query().schema.exists())
    return version


def refuse_newer(db: TinyDB, path: Path) -> int | None:
    """Refuse a file stamped by a newer briefing without stamping it (for section files)."""
    data = _document(db)
    meta = (data or {}).get(META_TABLE) or {}
    versions = [row.get("schema") for row in meta.values() if "schema" in row]
    if not versions:
        # Section files written before they carried a version are version 1.
        return None
    version = versions[0]
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise StoreCorrupt(path, f"schema version {version!r} is not a number")
    if version > SCHEMA_VERSION:
        raise StoreTooNew(path, version, SCHEMA_VERSION)
    return version
