"""The domain layer of briefing: models, storage, import, search and export (no UI code)."""

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
