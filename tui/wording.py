"""Small helpers for the words the app and the command line show."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """`1 note`, `2 notes`."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def export_summary(fmt: str, notes: int, bookmarks: int, left_out: int, read: int = 0) -> str:
    """What an export holds: `2 notes and 4 bookmarks`, or the notes and what it leaves out;
    a JSON export also names the briefings whose read sections it carries."""
    if left_out:
        return f"{plural(notes, 'note')} ({fmt.upper()} holds no bookmarks: {left_out} left out)"
    held = f"{plural(notes, 'note')} and {plural(bookmarks, 'bookmark')}"
    if fmt == "json" and read:
        held += f", with the read sections of {plural(read, 'briefing')}"
    return held
