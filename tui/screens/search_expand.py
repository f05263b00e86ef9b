"""The search screen's keys that open a result up to its paragraphs (right) and fold it (left)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from store.errors import BriefingError
from store.search import SearchResults
from tui.screens.search_paragraphs import Expansion, Row, paragraph_rows

if TYPE_CHECKING:
    from textual.screen import Screen

    from store.models import Section
    from tui.widgets.search_results import SearchResultsList

    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object


class ResultParagraphs(_ScreenBase):
    """Actions listing each matching paragraph of a result under it, mixed into the search."""

    library: Any
    section: Section | None
    results: SearchResults | None
    expansion: Expansion
    _result_makers: list[Any]

    if TYPE_CHECKING:

        @property
        def result_list(self) -> SearchResultsList: ...

    def _highlighted_row(self) -> Row | None:
        if self.section is not None or self.results is None or not self.result_list.has_focus:
            return None
        rows = self.expansion.rows(len(self.results.hits))
        at = self.result_list.highlighted
        return rows[at] if at is not None and 0 <= at < len(rows) else None

    def action_open_result(self) -> None:
        """List each matching paragraph of the highlighted result under it."""
        row = self._highlighted_row()
        if row is not None and row.hit not in self.expansion.opened and self.results is not None:
            self._load_paragraphs(self.results, row.hit)

    @work(thread=True, group="search-paragraphs", exit_on_error=False)
    def _load_paragraphs(self, results: SearchResults, i: int) -> None:
        hit = results.hits[i]
        try:
            rows = paragraph_rows(self.library.section(hit.section_id), hit.positions)
        except BriefingError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
            return
        self.app.call_from_thread(self._opened, results, i, rows)

    def _opened(self, results: SearchResults, i: int, rows: list[Any]) -> None:
        if results is not self.results:
            return  # a newer search replaced these results
        self.expansion.opened[i] = rows
        self._redraw_results(i, 1)

    def action_close_result(self) -> None:
        """Fold the highlighted result's paragraphs back."""
        row = self._highlighted_row()
        if row is not None and self.expansion.opened.pop(row.hit, None) is not None:
            self._redraw_results(row.hit, 0)

    def _redraw_results(self, i: int, offset: int) -> None:
        """Show the options again, the cursor on result i (or its first paragraph)."""
        assert self.results is not None
        rows = self.expansion.rows(len(self.results.hits))
        at = rows.index(Row(i)) + (offset if self.expansion.opened.get(i) else 0)
        self.result_list.show_prompts(self.expansion.makers(self._result_makers), at)
