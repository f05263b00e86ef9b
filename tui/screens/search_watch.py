"""The search screen's key that saves the typed query as a watch, in a worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from store.errors import BriefingError
from store.sanitize import clean_line

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.widgets.search_box import SearchBox

    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object


class WatchQuery(_ScreenBase):
    """The watch action, mixed into the search screen."""

    library: Any

    if TYPE_CHECKING:

        @property
        def box(self) -> SearchBox: ...

    def action_watch_query(self) -> None:
        """Save the query as a watch named after it (W in the reader lists watches)."""
        query = self.box.value.strip()
        if query:
            self._save_watch(query)

    @work(thread=True, group="search-watch", exit_on_error=False)
    def _save_watch(self, query: str) -> None:
        from store.analysis.watches import add_watch

        try:
            watch = add_watch(self.library, query, query)
        except (ValueError, BriefingError) as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
            return
        said = f"Watching {clean_line(watch.query)}: W lists watches and their new matches."
        self.app.call_from_thread(self.notify, said, markup=False)
