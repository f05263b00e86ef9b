"""Notes and bookmarks as a JSON document that holds everything needed to restore them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from store.bookmarks import bookmark_to_dict
from store.export.doc import ExportDoc
from store.notes import BriefingRef, SectionRef, note_to_dict
from store.sanitize import clean_line, clean_text

FORMAT = "briefing-notes"
VERSION = 1

# Fields holding free text of several lines; every other string is one line.
_MULTILINE = {"text", "quote", "note"}


# Joiners shape emoji (👨‍👩‍👧) and some scripts; a restorable export keeps the user's text whole.
_JOINERS = re.compile("([\u200c\u200d])")


def _keep_joiners(clean: Callable[[str], str], value: str) -> str:
    if "\u200c" not in value and "\u200d" not in value:
        return clean(value)
    return "".join(p if _JOINERS.fullmatch(p) else clean(p) for p in _JOINERS.split(value))


def _clean(value: Any, key: str = "") -> Any:
    if isinstance(value, str):
        return _keep_joiners(clean_text if key in _MULTILINE else clean_line, value)
    if isinstance(value, dict):
        return {k: _clean(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v, key) for v in value]
    return value


def _briefing(ref: BriefingRef, sections: list[SectionRef]) -> dict[str, Any]:
    return {**ref.to_dict(), "sections": [s.to_dict() for s in sections]}


def to_document(doc: ExportDoc) -> dict[str, Any]:
    """The export as a JSON-ready dict (format briefing-notes, version 1)."""
    data = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": doc.exported_at,
        "scope": doc.scope,
        "briefings": [_briefing(b, doc.sections_of(b.id)) for b in doc.briefings()],
        "notes": [note_to_dict(e.note) for e in doc.notes],
        "bookmarks": [bookmark_to_dict(e.bookmark) for e in doc.bookmarks],
    }
    if doc.watches:
        data["watches"] = list(doc.watches)
    if doc.read_state:
        data["read_state"] = list(doc.read_state)
    return _clean(data)


def render(doc: ExportDoc) -> str:
    """The export as indented UTF-8 JSON text."""
    return json.dumps(to_document(doc), ensure_ascii=False, indent=2) + "\n"
