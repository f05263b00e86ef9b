"""The domain layer of briefing: models, storage, import, search and export (no UI code).

Names are loaded on first use, so a process that needs one part of the store (a search, the
errors, a model) pays for that part alone and never for the library's writers.
"""

from __future__ import annotations

import importlib

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from store.errors import (
        BriefingError,
        ImportFailure,
        NotFound,
        StoreCorrupt,
        StoreTooNew,
        WriteFailed,
    )
    from store.library import ImportResult, Library, content_hash, open_library
    from store.models import (
        Block,
        Bookmark,
        Briefing,
        Byline,
        Note,
        ParsedBriefing,
        ParsedSection,
        Section,
        SectionHead,
    )

# Each public name and the module that defines it.
_HOMES = {
    **dict.fromkeys(
        (
            "BriefingError",
            "ImportFailure",
            "NotFound",
            "StoreCorrupt",
            "StoreTooNew",
            "WriteFailed",
        ),
        "store.errors",
    ),
    **dict.fromkeys(("ImportResult", "Library", "content_hash", "open_library"), "store.library"),
    **dict.fromkeys(
        (
            "Block",
            "Bookmark",
            "Briefing",
            "Byline",
            "Note",
            "ParsedBriefing",
            "ParsedSection",
            "Section",
            "SectionHead",
        ),
        "store.models",
    ),
}

__all__ = [
    "Block",
    "Bookmark",
    "Briefing",
    "BriefingError",
    "Byline",
    "ImportFailure",
    "ImportResult",
    "Library",
    "NotFound",
    "Note",
    "ParsedBriefing",
    "ParsedSection",
    "Section",
    "SectionHead",
    "StoreCorrupt",
    "StoreTooNew",
    "WriteFailed",
    "content_hash",
    "open_library",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups find it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
