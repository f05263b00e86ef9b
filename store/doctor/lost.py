"""The briefings a repair could not keep: what each was, and how to bring it back."""

from __future__ import annotations

from typing import Any

LOST_KEYS = ("id", "title", "date", "source", "origin")


def lost_briefing(briefing_id: str, row: dict[str, Any] | None) -> dict[str, str | None]:
    """What is known of a briefing that left the library: its catalog row's words, or its id."""
    row = row or {}
    found: dict[str, str | None] = {"id": briefing_id}
    for key in LOST_KEYS[1:]:
        value = row.get(key)
        found[key] = value if isinstance(value, str) and value.strip() else None
    return found


def lost_words(lost: dict[str, str | None]) -> str:
    """One clause saying which briefing left the library and how to get it back."""
    title = lost.get("title") or lost["id"]
    facts = [v for v in (lost.get("date"), lost.get("source")) if v]
    origin = lost.get("origin")
    if origin:
        facts.append(f"from {origin}")
    said = f"briefing “{title}”" + (f" ({', '.join(facts)})" if facts else "")
    if origin:
        back = f"import {origin} again to get it back"
    else:
        back = "import its file again to get it back"
    return f"{said} left the library: {back}"
