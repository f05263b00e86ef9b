"""The search screen: all briefings (/) or the current section (ctrl+f), results as you type."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static

from store.errors import BriefingError
from store.models import Section
from store.search import QueryError, SearchResults, find_in_section, search
from store.search.hints import Hint, find_hints, pinyin_hint
from tui.screens.search_expand import ResultParagraphs
from tui.screens.search_lists import place_makers, places_line, result_makers, results_line
from tui.screens.search_paragraphs import Expansion, Row
from tui.screens.search_status import also_found, nothing_found
from tui.screens.search_watch import WatchQuery
from tui.search_places import HitPlace, SearchChoice, places_of
from tui.widgets.footer import HelpFirstFooter, help_binding
from tui.widgets.search_box import RECENT_SETTING, SearchBox, remember
from tui.widgets.search_results import SearchResultsList

DEBOUNCE = 0.15
LIMIT = 50
HELP = 'words AND · "a phrase" · -exclude · a OR b · headline: byline: kicker:'
HELP_ALL = HELP + " briefing: · ↑↓ recent · tab lines · shift+tab results"
HELP_SECTION = HELP + " · ↑↓ recent · tab lines · shift+tab hits"


class SearchScreen(ResultParagraphs, WatchQuery, ModalScreen[SearchChoice | None]):
    """A query box over a list of results; enter goes to the highlighted result."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="search.close"),
        help_binding("search"),
        Binding("enter", "choose", "Open", show=False, id="search.choose"),
        Binding("tab", "concordance", "Lines", id="search.lines"),
        Binding("shift+tab", "focus_results", "Results", show=False, id="search.results"),
        Binding("ctrl+l", "concordance", "Lines in context", show=False, id="search.concordance"),
        Binding("ctrl+s", "watch_query", "Watch query", id="search.watch"),
        Binding("right", "open_result", "Paragraphs", show=False, id="search.open_result"),
        Binding("left", "close_result", "Fold", show=False, id="search.close_result"),
    ]

    def __init__(self, library: Any, section: Section | None = None, query: str = "") -> None:
        super().__init__()
        self.library = library
        self.section = section
        self.initial = query
        self.results: SearchResults | None = None
        self.places: list[HitPlace] = []
        self.shown_query = ""
        self.hints: list[Hint] = []
        self._open_when_shown = False
        self._timer: Timer | None = None
        self.expansion = Expansion()
        self._result_makers: list[Any] = []
        self._rebuilt_percent = -1

    @property
    def box(self) -> SearchBox:
        """The query box."""
        return self.query_one("#search-box", SearchBox)

    @property
    def result_list(self) -> SearchResultsList:
        """The results."""
        return self.query_one("#search-results", SearchResultsList)

    @property
    def status(self) -> Static:
        """The line saying what was found."""
        return self.query_one("#search-status", Static)

    def compose(self) -> ComposeResult:
        recent = self.library.user.get_setting(RECENT_SETTING, []) or []
        scope = "this section" if self.section is not None else "all briefings"
        with Vertical(id="search-panel"):
            yield SearchBox(list(recent), placeholder=f"Search {scope}", id="search-box")
            yield Static("", id="search-status", markup=False)
            yield SearchResultsList(id="search-results")
        # Its own keys in the footer, not those of the reader below.
        yield HelpFirstFooter()

    def on_mount(self) -> None:
        self.box.focus()
        if self.initial:
            self.box.value = self.initial
        else:
            self._show_status(self._empty_message())

    def _empty_message(self) -> Text:
        where = "this section" if self.section is not None else "every briefing"
        text = Text(f"Type to search {where}. ", no_wrap=False)
        text.append(HELP_SECTION if self.section is not None else HELP_ALL, style="dim")
        return text

    def _show_status(self, text: Text | str) -> None:
        self.status.update(text if isinstance(text, Text) else Text(text))

    # -- typing, debounced, searching in a worker thread ----------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        query = event.value
        self._open_when_shown = False  # typing again cancels an early enter
        if not query.strip():
            self.results, self.places, self.shown_query = None, [], ""
            self.result_list.show_prompts([])
            self._show_status(self._empty_message())
            return
        self._timer = self.set_timer(DEBOUNCE, lambda: self.run_search(query))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        """Search off the event loop; the newest query wins."""
        hints: list[Hint] = []
        try:
            if self.section is not None:
                found: Any = find_in_section(self.section, query)
                empty = not found
            else:
                found = search(self.library, query, limit=LIMIT, progress=self._rebuilding)
                empty = not found.total
            error = None
            if empty:
                hints = find_hints(query, self._count)
            elif self.section is None and found.via == "text":
                hints = pinyin_hint(self.library, query, found.total, self._count)
        except (QueryError, BriefingError) as exc:
            found, error = None, str(exc)
        self.app.call_from_thread(self._show, query, found, error, hints)

    def _rebuilding(self, done: int, total: int) -> None:
        """Say how far a rebuild of the index has come (called from the search worker)."""
        percent = 100 * done // max(total, 1)
        if percent != self._rebuilt_percent:
            self._rebuilt_percent = percent
            line = f"Rebuilding the search index… {percent}% ({done} of {total} briefings)"
            self.app.call_from_thread(self._show_status, line)

    def _count(self, query: str) -> int:
        """Matches of another form of the query (sections, or hits in this section)."""
        if self.section is not None:
            return len(find_in_section(self.section, query))
        return search(self.library, query, limit=1).total

    def _show(self, query: str, found: Any, error: str | None, hints: list[Hint]) -> None:
        if query != self.box.value:
            return  # typing moved on; a newer search is on its way
        self.shown_query = query
        self.hints = hints
        if self._open_when_shown:
            self._open_when_shown = False
            self.call_after_refresh(self._open_first)
        if error is not None:
            self.results, self.places = None, []
            self.result_list.show_prompts([])
            self._show_status(Text(error, style="bold"))
            return
        if self.section is not None:
            self._show_places(query, found)
        else:
            self._show_results(query, found)

    def _show_results(self, query: str, results: SearchResults) -> None:
        self.results = results
        self.expansion.clear()
        where = self._briefing_names() if len({h.briefing_id for h in results.hits}) > 1 else {}
        self._result_makers = result_makers(results, where)
        self.result_list.show_prompts(self._result_makers)
        if not results.total:
            self._show_status(nothing_found("No section matches", query, self.hints, "section"))
            return
        self._show_status(also_found(results_line(results, query), self.hints, "section"))

    def _briefing_names(self) -> dict[str, str]:
        """Each briefing's title and date, to tell results from several briefings apart."""
        try:
            briefings = self.library.briefings()
        except BriefingError:
            return {}
        return {b.id: " ".join(p for p in (b.title, b.date) if p) for b in briefings}

    def _show_places(self, query: str, spans: Any) -> None:
        section = self.section
        assert section is not None
        self.places = places_of(section.id, spans)
        self.result_list.show_prompts(place_makers(section, self.places))
        if not self.places:
            self._show_status(nothing_found("Not in this section", query, self.hints, "hit"))
            return
        self._show_status(places_line(len(self.places), query))

    # -- choosing -----------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def action_choose(self) -> None:
        """Open the highlighted result (the first when the box has focus).

        With nothing found, enter searches for the first suggested form of the query.
        """
        if self.box.value.strip() and self.shown_query != self.box.value:
            # Enter came before the results of what was typed: search now, open when ready.
            if self._timer is not None:
                self._timer.stop()
            self._open_when_shown = True
            self.run_search(self.box.value)
            return
        if self.shown_query == self.box.value and self.hints and self._found_nothing():
            self.box.value = self.hints[0].query
            self.box.cursor_position = len(self.box.value)
            return
        highlighted = self.result_list.highlighted
        self._choose(highlighted if highlighted is not None else 0)

    def _open_first(self) -> None:
        if self.shown_query == self.box.value and not self._found_nothing():
            self._choose(0)

    def _found_nothing(self) -> bool:
        if self.section is not None:
            return not self.places
        return self.results is not None and not self.results.total

    def action_focus_results(self) -> None:
        """Move focus between the box and the results."""
        if self.box.has_focus and self.result_list.option_count:
            self.result_list.focus()
        else:
            self.box.focus()

    def action_concordance(self) -> None:
        """Every occurrence of the query as concordance lines; a line chosen opens its hit."""
        from tui.screens.kwic import KwicScreen

        def chosen(choice: SearchChoice | None) -> None:
            if choice is not None:
                self._remember(choice.query)
                self.dismiss(choice)

        self.app.push_screen(KwicScreen(self.library, self.box.value.strip()), chosen)

    def action_close(self) -> None:
        """Back to the reader without a choice (a query that found something is remembered)."""
        shown = self.shown_query.strip() and self.shown_query == self.box.value
        if shown and not self._found_nothing():
            self._remember(self.shown_query)
        self.dismiss(None)

    def _choose(self, index: int) -> None:
        if self.shown_query != self.box.value or self.shown_query == "":
            return  # the list is out of date with the box
        if self.section is not None:
            if not self.places:
                return
            choice = SearchChoice(self.shown_query, tuple(self.places), index)
        else:
            if self.results is None or not self.results.hits:
                return
            rows = self.expansion.rows(len(self.results.hits))
            row = rows[index] if 0 <= index < len(rows) else Row(0)
            choice = self.expansion.choice(self.shown_query, self.results.hits, row)
        self._remember(self.shown_query)
        self.dismiss(choice)

    def _remember(self, query: str) -> None:
        user = self.library.user
        try:
            recent = user.get_setting(RECENT_SETTING, []) or []
            user.set_setting(RECENT_SETTING, remember(list(recent), query))
        except BriefingError:
            pass  # losing the history is not worth interrupting the reader
