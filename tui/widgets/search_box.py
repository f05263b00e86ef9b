"""The search input: an Input that remembers recent queries (up/down)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

RECENT_SETTING = "search.recent"
RECENT_MAX = 20


class SearchBox(Input):
    """A one-line query box; up and down walk through recent queries."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "older", "Older query", show=False, id="search.older"),
        Binding("down", "newer", "Newer query", show=False, id="search.newer"),
    ]

    def __init__(self, recent: list[str], *, placeholder: str, id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        self.cursor_blink = False  # a steady cursor (and stable snapshots)
        self.recent = [q for q in recent if isinstance(q, str) and q.strip()][:RECENT_MAX]
        self._at = -1  # -1: the user's own text, else an index into recent (0 = newest)
        self._draft = ""

    def action_older(self) -> None:
        """Show the next older recent query."""
        if self._at + 1 >= len(self.recent):
            return
        if self._at == -1:
            self._draft = self.value
        self._at += 1
        self._show(self.recent[self._at])

    def action_newer(self) -> None:
        """Show the next newer recent query (or what was typed)."""
        if self._at < 0:
            return
        self._at -= 1
        self._show(self.recent[self._at] if self._at >= 0 else self._draft)

    def _show(self, value: str) -> None:
        self.value = value
        self.cursor_position = len(value)


def remember(recent: list[str], query: str) -> list[str]:
    """The recent list with `query` first and no duplicates."""
    query = query.strip()
    if not query:
        return recent[:RECENT_MAX]
    return [query, *[q for q in recent if q != query]][:RECENT_MAX]
