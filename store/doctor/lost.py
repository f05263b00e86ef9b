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
    from store.importing import STDIN_ORIGIN  # (loaded only when a briefing was lost)

    origin = lost.get("origin")
    if origin == STDIN_ORIGIN:  # it names no file to import again
        facts.append("read from standard input")
        back = "import its text again to get it back"
    elif origin:
        facts.append(f"from {origin}")
        back = f"import {origin} again to get it back"
    else:
        back = "import its file again to get it back"
    said = f"briefing “{title}”" + (f" ({', '.join(facts)})" if facts else "")
    return f"{said} left the library: {back}"
