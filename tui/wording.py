"""Small helpers for the words the app and the command line show."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """`1 note`, `2 notes`."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
