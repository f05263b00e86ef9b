"""The sections of one period of a trend that match its queries; enter opens one."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store.errors import BriefingError
from store.sanitize import clean_line
from store.search import QueryError
from tui.search_places import SearchChoice, places_of
from tui.widgets.footer import HelpFirstFooter, help_binding


class PeriodScreen(ModalScreen[SearchChoice | None]):
    """Every section of a period's briefings that matches one of the queries."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="period.close"),
        help_binding("period"),
    ]

    def __init__(
        self, library: Any, period: str, queries: list[str], briefing_ids: tuple[str, ...]
    ) -> None:
        super().__init__()
        self.library = library
        self.period = period
        self.queries = queries
        self.briefing_ids = briefing_ids
        self.rows: list[tuple[str, str]] = []  # (query, section id)

    def compose(self) -> ComposeResult:
        with Vertical(id="period-panel"):
            yield Static(Text(f"{self.period}: counting…"), id="period-title")
            yield OptionList(id="period-sections")
        # Its own keys in the footer, not those of the reader below.
        yield HelpFirstFooter()

    def on_mount(self) -> None:
        self.query_one("#period-sections", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="period", exit_on_error=False)
    def load(self) -> None:
        """Find the matching sections off the event loop."""
        from store.search.corpus import Corpus

        rows: list[tuple[str, str, str, int]] = []
        try:
            corpus = Corpus(self.library)
            heads = {h.id: h for bid in self.briefing_ids for h in self.library.heads(bid)}
            for query in self.queries:
                matches = corpus.match(query, list(self.briefing_ids))
                for bid in self.briefing_ids:
                    for m in matches.in_briefing(bid):
                        head = heads.get(m.section_id)
                        rows.append((query, m.section_id, head.headline if head else "", m.hits))
        except (QueryError, BriefingError) as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[tuple[str, str, str, int]]) -> None:
        self.rows = [(q, sid) for q, sid, _h, _n in rows]
        options = []
        for query, _sid, headline, hits in rows:
            line = Text(clean_line(headline) or "(untitled)", no_wrap=True, overflow="ellipsis")
            line.append(f"  {clean_line(query)} · {hits} hit{'s' if hits != 1 else ''}", "dim")
            options.append(Option(line))
        listing = self.query_one("#period-sections", OptionList)
        listing.clear_options()
        listing.add_options(options)
        if options:
            listing.highlighted = 0
        n = len(rows)
        title = f"{self.period}: {n} matching section{'s' if n != 1 else ''}"
        self.query_one("#period-title", Static).update(Text(title, style="bold"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        query, section_id = self.rows[event.option_index]
        from store.search import find_in_section

        try:
            section = self.library.section(section_id)
        except BriefingError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        places = places_of(section_id, find_in_section(section, query))
        self.dismiss(SearchChoice(query, tuple(places), 0) if places else None)

    def action_close(self) -> None:
        """Back to the trend."""
        self.dismiss(None)
