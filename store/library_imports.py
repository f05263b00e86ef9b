"""The ways a library takes in briefings: files, decoded texts, and batches a folder import
prepared in worker processes (mixed into `store.library.Library`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.errors import ImportFailure

if TYPE_CHECKING:
    from store.bulk import Prepared, Stored
    from store.catalog import Catalog
    from store.importing import ImportItem, ImportResult
    from store.ingest.loaded import Loaded
    from store.storage import StoreDB


class LibraryImports:
    """Importing into a library; each import tells the library's listeners what it added."""

    home: Path
    catalog: Catalog

    if TYPE_CHECKING:

        def shard(self, briefing_id: str) -> StoreDB: ...

        def notify(self, added: list[str], removed: list[str]) -> None: ...

    def import_file(
        self, path: Path | str, *, replace: bool = False, fmt: str | None = None
    ) -> ImportResult:
        """Read, parse and store one file holding one briefing (see import_path)."""
        results = self.import_path(path, replace=replace, fmt=fmt)
        return results[0]

    def import_path(
        self, path: Path | str, *, replace: bool = False, fmt: str | None = None
    ) -> list[ImportResult]:
        """Read a file in any supported format (detected, or `fmt`) and store its briefings."""
        from store.ingest.load import load_path

        path = Path(path)
        loaded = load_path(path, fmt)
        return self.import_loaded(loaded, origin=path.name, label=str(path), replace=replace)

    def import_loaded(
        self, loaded: list[Loaded], *, origin: str, label: str | None = None, replace: bool = False
    ) -> list[ImportResult]:
        """Store briefings read by the importer's front door; one line names a failure."""
        from store.importing import ImportItem

        items = [ImportItem(d.text, origin, dict(d.meta), d.parsed, d.keys) for d in loaded]
        results: list[ImportResult] = []
        for result in self.import_many(items, replace=replace):
            if isinstance(result, ImportFailure):
                raise type(result)(f"{label or origin}: {result}")  # NoArticle stays one
            results.append(result)
        return results

    def import_text(
        self,
        text: str,
        *,
        origin: str | None = None,
        replace: bool = False,
        meta: dict[str, Any] | None = None,
    ) -> ImportResult:
        """Parse and store a decoded text; `meta` may give title, date, source, language."""
        from store.importing import ImportItem

        (result,) = self.import_many([ImportItem(text, origin, meta or {})], replace=replace)
        if isinstance(result, ImportFailure):
            raise result
        return result

    def import_many(
        self, items: Iterable[ImportItem], *, replace: bool = False
    ) -> list[ImportResult | ImportFailure]:
        """Import several decoded texts with one catalog write (see store.importing)."""
        from store.importing import changed_ids, import_many

        results = import_many(self.catalog, self.shard, items, replace=replace)
        added = changed_ids(results)
        if added:
            self.notify(added, [])
        return results

    def store_prepared(
        self, batch: list[Prepared], *, replace: bool = False, heads: bool = True
    ) -> list[Stored]:
        """Store briefings prepared by `store.bulk` with one catalog write (listeners hear);
        without `heads`, the results' briefings carry their section count alone."""
        from store.bulk import store_batch

        stored = store_batch(
            self.catalog, self.home, self.shard, batch, replace=replace, heads=heads
        )
        changed = [s.result.briefing.id for s in stored if s.result.status != "exists"]
        if changed:
            self.notify(changed, [])
        return stored
