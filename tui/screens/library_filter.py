"""The library screen's filter box: each key typed is filtered in a worker, then shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import Input

from store.models import Briefing
from store.shelf import ordered
from tui.screens.library_list import kept

if TYPE_CHECKING:
    from tui.screens.library_tree import LibraryTree


class FilterTyping:
    """Mixin of the library screen: the briefings a filter keeps, picked off the event loop."""

    sort: str
    read: dict[str, frozenset[int]]
    _seen: int
    _all: list[Briefing]
    _sorted: dict[str, list[Briefing]]

    if TYPE_CHECKING:  # given by the screen

        @property
        def app(self) -> Any: ...
        @property
        def tree(self) -> LibraryTree: ...
        def query_one(self, *args: Any) -> Any: ...
        def rebuild(self, shown: list[Briefing] | None = None) -> None: ...

    def on_input_changed(self, event: Input.Changed) -> None:
        """The filter changed: the tree shows what it keeps."""
        event.stop()
        if self._seen == -1 or not event.value.strip():
            self.rebuild()
            return
        if self.sort not in self._sorted:
            self._sorted[self.sort] = ordered(self._all, self.sort)
        # Each briefing is tested in a worker, so a key typed costs the event loop the
        # tree of what is kept, not a pass over ten thousand briefings.
        self._filter(event.value, self._sorted[self.sort], self.read)

    # Described by hand: Textual would otherwise write the repr of every briefing passed.
    @work(
        thread=True,
        exclusive=True,
        group="library-filter",
        exit_on_error=False,
        description="filter the library",
    )
    def _filter(self, text: str, pool: list[Briefing], read: dict[str, frozenset[int]]) -> None:
        shown = kept(pool, text, read)
        self.app.call_from_thread(self._filtered, text, pool, read, shown)

    def _filtered(
        self, text: str, pool: list[Briefing], read: dict[str, frozenset[int]], shown: list
    ) -> None:
        box = self.query_one("#library-filter", Input)
        current = self._sorted.get(self.sort)
        if box.value != text or pool is not current or read is not self.read:
            return  # typed on, sorted or read again since: a newer answer follows
        self.rebuild(shown)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter box: back to the tree."""
        event.stop()
        self.tree.focus()
