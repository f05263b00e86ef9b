"""The reader's keys for reading across the library: concordance, trends, watches."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

if TYPE_CHECKING:
    from tui.screens.reader_search import SearchNav
    from tui.search_places import SearchChoice

ANALYSIS_BINDINGS: list[Binding] = [
    Binding("K", "concordance", "Concordance", show=False, id="reader.concordance"),
    Binding("T", "trend", "Term trends", show=False, id="reader.trend"),
    Binding("W", "watches", "Watches", show=False, id="reader.watches"),
]


def open_concordance(app: Any, nav: SearchNav) -> None:
    """Every occurrence of a query in context (the last search's query to begin with)."""
    from tui.screens.kwic import KwicScreen

    app.push_screen(KwicScreen(app.library, nav.query), nav.chosen)


def open_trend(app: Any, nav: SearchNav) -> None:
    """Counts of queries over time (the last search's query to begin with)."""
    from tui.screens.trend import TrendScreen

    app.push_screen(TrendScreen(app.library, nav.query), nav.chosen)


def open_watches(app: Any, nav: SearchNav, recount: Callable[[], object]) -> None:
    """Saved queries with their new and total matches; `recount` runs when they close."""
    from tui.screens.watches import WatchScreen

    def back(choice: SearchChoice | None) -> None:
        recount()  # the watch screen may have marked watches seen
        nav.chosen(choice)

    app.push_screen(WatchScreen(app.library), back)


def has_watches(library: Any) -> bool:
    """Whether any watch is saved (one read of the user file's table, no search)."""
    from store.analysis.watches import TABLE

    return len(library.user.table(TABLE)) > 0


def count_news(library: Any) -> str:
    """The status line's note of new watch matches ("" when none; run off the event loop)."""
    from store.analysis.watches import WatchCounter, list_watches

    watches = list_watches(library)
    if not watches:
        return ""  # no watch, no need to look at the index
    new = [c for c in WatchCounter.shared(library).counts(watches) if c.new]
    if not new:
        return ""
    total = sum(c.new for c in new)
    return f"● {total} new in {len(new)} watch{'es' if len(new) != 1 else ''} (W)"
