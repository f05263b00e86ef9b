"""The reader's keys for reading across the library: concordance, trends, watches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

if TYPE_CHECKING:
    from tui.screens.reader_search import SearchNav

ANALYSIS_BINDINGS: list[Binding] = [
    Binding("K", "concordance", "Concordance", show=False, id="reader.concordance"),
    Binding("T", "trend", "Term trends", show=False, id="reader.trend"),
]


def open_concordance(app: Any, nav: SearchNav) -> None:
    """Every occurrence of a query in context (the last search's query to begin with)."""
    from tui.screens.kwic import KwicScreen

    app.push_screen(KwicScreen(app.library, nav.query), nav.chosen)


def open_trend(app: Any, nav: SearchNav) -> None:
    """Counts of queries over time (the last search's query to begin with)."""
    from tui.screens.trend import TrendScreen

    app.push_screen(TrendScreen(app.library, nav.query), nav.chosen)
