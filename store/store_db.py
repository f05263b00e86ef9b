"""TinyDB's database and tables as the store uses them: writes under the file lock, never a
stale id or cached answer. Loaded the first time a table is asked of a file (store.storage)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

if TYPE_CHECKING:
    import contextlib


def _locked(method_name: str):  # type: ignore[no-untyped-def]
    base = getattr(Table, method_name)

    def wrapper(self: LockedTable, *args: Any, **kwargs: Any) -> Any:
        with self.storage.locked():  # type: ignore[attr-defined]
            # Another process may have added rows since the last id was handed out; the
            # counter is trusted only within this one locked operation.
            self._next_id = None
            return base(self, *args, **kwargs)

    wrapper.__name__ = method_name
    wrapper.__doc__ = base.__doc__
    return wrapper


class LockedTable(Table):
    """A Table whose writes hold the file lock and whose ids and queries are never stale."""

    # Another process may have written since any cached answer was made.
    default_query_cache_capacity = 0

    def __init__(
        self, storage: Storage, name: str, cache_size: int = 0, persist_empty: bool = False
    ) -> None:
        # Table binds its own default (10) as the argument's default when TinyDB defines it,
        # so the class attribute above alone leaves searches cached and stale.
        super().__init__(storage, name, cache_size=cache_size, persist_empty=persist_empty)

    insert = _locked("insert")
    insert_multiple = _locked("insert_multiple")
    update = _locked("update")
    update_multiple = _locked("update_multiple")
    upsert = _locked("upsert")
    remove = _locked("remove")
    truncate = _locked("truncate")


class StoreDB(TinyDB):
    """TinyDB bound to AtomicJSONStorage and LockedTable."""

    table_class = LockedTable

    def drop_tables(self) -> None:
        """Drop every table under the lock."""
        with self.storage.locked():  # type: ignore[attr-defined]
            super().drop_tables()

    def drop_table(self, name: str) -> None:
        """Drop one table under the lock."""
        with self.storage.locked():  # type: ignore[attr-defined]
            super().drop_table(name)

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Hold the lock across several reads and writes that must not interleave."""
        return self.storage.locked()  # type: ignore[attr-defined,no-any-return]
