"""The reader's keys for reading across the library: concordance, trends, watches."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.message import Message

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


class WatchNewsCounted(Message):
    """The status line's note of new watch matches, counted in a worker ("" when none)."""

    def __init__(self, news: str) -> None:
        self.news = news
        super().__init__()


def has_watches(library: Any) -> bool:
    """Whether any watch is saved (from the user file's one parse: no search, no TinyDB)."""
    from store.analysis.watches import TABLE

    return bool(library.user.holds_rows(TABLE))


def count_news(library: Any) -> str:
    """The status line's note of new watch matches ("" when none; run off the event loop).

    Only briefings imported since a watch was last seen are searched, each once.
    """
    from store.analysis.watch_counts import WatchCounter
    from store.analysis.watches import list_watches

    watches = list_watches(library)
    if not watches:
        return ""  # no watch, no need to look at the index
    new = [n for _w, n in WatchCounter.shared(library).new_counts(watches) if n]
    if not new:
        return ""
    total = sum(new)
    return f"● {total} new in {len(new)} watch{'es' if len(new) != 1 else ''} (W)"
