"""The user's own data: reading positions, settings, and the tables notes and bookmarks use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.errors import StoreCorrupt
from store.schema import check_schema
from store.storage import find_row, open_db
from store.user_journal import check_version, journal_path
from store.user_storage import JournaledStorage

if TYPE_CHECKING:
    from tinydb.table import Table

    from store.storage import StoreDB

USER_TABLES = ("bookmarks", "notes", "positions", "settings", "watches", "highlights")


def now_iso() -> str:
    """The current time as ISO-8601 UTC with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def now_stamp() -> str:
    """The current time as ISO-8601 UTC with microseconds: an import and a look at the watches
    a moment apart still come in the order they happened."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def stamp_key(stamp: str | None) -> str:
    """A UTC time stamp as a key that sorts by time, with or without fractions of a second."""
    if not stamp:
        return ""
    body = stamp.removesuffix("Z").removesuffix("+00:00")
    head, _dot, fraction = body.partition(".")
    return f"{head}.{(fraction + '000000')[:6]}"


def shown_stamp(stamp: str) -> str:
    """A time stamp as a person reads it, to the second: `2019-10-07 08:30:00 UTC`."""
    head = stamp.removesuffix("Z").removesuffix("+00:00").partition(".")[0]
    return f"{head.replace('T', ' ')} UTC"


class UserData:
    """Bookmarks, notes, positions and settings, kept in their own file apart from content."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db: StoreDB = open_db(path, JournaledStorage)
        # A damaged file must not stop reading: positions and settings then read as defaults
        # and are not saved, while notes and bookmarks report the damage (see `table`).
        self.problem: StoreCorrupt | None = None
        try:
            check_schema(self.db, path)
            # A newer briefing's journal is refused as its user file would be.
            check_version(journal_path(path))
        except StoreCorrupt as exc:
            self.problem = exc

    def table(self, name: str) -> Table:
        """A table of the user file (bookmarks, notes, positions, settings)."""
        if self.problem is not None:
            raise self.problem
        return self.db.table(name)

    def holds_rows(self, *names: str) -> bool:
        """Whether any of these tables has a row (read from the file's shared parse)."""
        if self.problem is not None:
            raise self.problem
        doc = self.db.storage.snapshot() or {}  # type: ignore[attr-defined]
        return any(doc.get(name) for name in names)

    def rows(self, name: str) -> list[dict[str, Any]]:
        """The rows of a table as TinyDB's `table(name).all()` gives them, from the file's
        shared parse (no TinyDB, no parse of its own): to be read, never changed."""
        if self.problem is not None:
            raise self.problem
        doc = self.db.storage.snapshot() or {}  # type: ignore[attr-defined]
        return list((doc.get(name) or {}).values())

    def find(self, name: str, field: str, value: Any) -> dict[str, Any] | None:
        """The row of a table whose `field` is `value`, as a TinyDB query finds it (a copy)."""
        if self.problem is not None:
            raise self.problem
        storage = self.db.storage
        finder = getattr(storage, "find", None)  # the journaled storage's index
        return finder(name, field, value) if finder else find_row(storage, name, field, value)

    def _lookup(self, name: str, field: str, value: Any) -> dict[str, Any] | None:
        """The row whose `field` is `value` (as a query finds it, without TinyDB), or None
        when there is none or the file cannot be read."""
        if self.problem is not None:
            return None
        try:
            return self.find(name, field, value)
        except StoreCorrupt as exc:
            self.problem = exc
            return None

    def get_position(self, section_id: str) -> int | None:
        """The block the user last had current in a section."""
        row = self._lookup("positions", "section_id", section_id)
        try:
            return None if row is None else int(row["block"])
        except (KeyError, TypeError, ValueError):
            return None

    def set_position(self, section_id: str, block: int) -> None:
        """Remember the current block of a section and that it was the last one read."""
        if self.problem is not None:
            return  # never write over a damaged file; `problem` has told the user once
        self.change(lambda _data: position_records(section_id, block))

    def change(self, edit: Callable[[dict[str, Any]], list[dict[str, Any]]]) -> int:
        """Append to the user file's journal, synced under its lock, the records `edit` makes
        of the document as it is then (`store.user_journal`); returns how many it made."""
        return len(self.db.storage.append(edit))  # type: ignore[attr-defined]

    def last_section(self) -> str | None:
        """The section read last, if any."""
        value = self.get_setting("last_section")
        return value if isinstance(value, str) else None

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A stored setting, or `default`."""
        row = self._lookup("settings", "key", key)
        return default if not isinstance(row, dict) else row.get("value", default)

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting (JSON-serialisable value); skipped while the file is damaged."""
        if self.problem is not None:
            return
        self.change(lambda _data: [setting_record(key, value)])


def setting_record(key: str, value: Any) -> dict[str, Any]:
    """The journal record that sets a setting, as TinyDB's upsert by key would."""
    return {"t": "settings", "f": "key", "v": key, "u": {"key": key, "value": value}}


def position_records(section_id: str, block: int) -> list[dict[str, Any]]:
    """The journal records of a section's reading position, and of it as the last section
    read."""
    row = {"section_id": section_id, "block": int(block), "updated": now_iso()}
    return [
        {"t": "positions", "f": "section_id", "v": section_id, "u": row},
        setting_record("last_section", section_id),
    ]
