"""The user's own data: reading positions, settings, and the tables notes and bookmarks use."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import Query
from tinydb.table import Table

from store.schema import check_schema
from store.storage import StoreDB, open_db

USER_TABLES = ("bookmarks", "notes", "positions", "settings", "watches")


def now_iso() -> str:
    """The current time as ISO-8601 UTC with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class UserData:
    """Bookmarks, notes, positions and settings, kept in their own file apart from content."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db: StoreDB = open_db(path)
        check_schema(self.db, path)

    def table(self, name: str) -> Table:
        """A table of the user file (bookmarks, notes, positions, settings)."""
        return self.db.table(name)

    def get_position(self, section_id: str) -> int | None:
        """The block the user last had current in a section."""
        row = self.table("positions").get(Query().section_id == section_id)
        return None if row is None else int(row["block"])  # type: ignore[index,call-overload]

    def set_position(self, section_id: str, block: int) -> None:
        """Remember the current block of a section and that it was the last one read."""
        with self.db.transaction():
            self.table("positions").upsert(
                {"section_id": section_id, "block": int(block), "updated": now_iso()},
                Query().section_id == section_id,
            )
            self.set_setting("last_section", section_id)

    def last_section(self) -> str | None:
        """The section read last, if any."""
        value = self.get_setting("last_section")
        return value if isinstance(value, str) else None

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A stored setting, or `default`."""
        row = self.table("settings").get(Query().key == key)
        return default if row is None else row.get("value", default)  # type: ignore[union-attr]

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting (JSON-serialisable value)."""
        self.table("settings").upsert({"key": key, "value": value}, Query().key == key)
