"""The briefings shipped in content/ and seeding them into a new library."""

from __future__ import annotations

import json
from pathlib import Path

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SEEDED_KEY = "seeded"


def content_dir() -> Path:
    """Where the shipped briefings are: the store's package data, or the repository's content/."""
    # An installed wheel carries them inside the store package; a source checkout or an
    # editable install reads the repository's top-level content/ folder.
    here = Path(__file__).resolve().parent
    installed = here / "content"
    return installed if (installed / "manifest.json").is_file() else here.parent / "content"


CONTENT_DIR = content_dir()


def manifest() -> dict[str, Any]:
    """The content manifest: which shipped briefings exist and their metadata."""
    return json.loads((CONTENT_DIR / "manifest.json").read_text(encoding="utf-8"))


def embedded_entries() -> list[dict[str, Any]]:
    """Manifest entries with absolute file paths."""
    entries = []
    for entry in manifest()["briefings"]:
        entries.append({**entry, "path": CONTENT_DIR / entry["file"]})
    return entries


def import_embedded(library: Any, entry: dict[str, Any], *, replace: bool = False) -> Any:
    """Import one shipped briefing with its manifest metadata."""
    from store.ingest import read_file

    text = read_file(entry["path"])
    meta = {k: entry.get(k) for k in ("title", "date", "date_inferred", "source", "language")}
    return library.import_text(text, origin=entry["file"], replace=replace, meta=meta)


def seed_embedded(library: Any) -> list[str]:
    """Import each shipped briefing once per library; a deleted one is not brought back."""
    # The meta table alone: opening a library to change one briefing parses no rows.
    row = next((r for r in library.catalog.meta().values() if SEEDED_KEY in r), None)
    seeded = set(row[SEEDED_KEY]) if row else set()
    added = []
    for entry in embedded_entries():
        if entry["key"] in seeded:
            continue
        import_embedded(library, entry)
        seeded.add(entry["key"])
        added.append(entry["key"])
    if added:
        # (TinyDB's tables are made only when there is something to write.)
        from tinydb import Query

        meta = library.catalog.table("meta")
        with library.catalog.transaction():
            if row:
                meta.update({SEEDED_KEY: sorted(seeded)}, Query()[SEEDED_KEY].exists())
            else:
                meta.insert({SEEDED_KEY: sorted(seeded)})
    return added
