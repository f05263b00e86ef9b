"""The watch screen: every saved query with its new and total matches; enter opens the new."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

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
from store.userdata import shown_stamp
from tui.search_places import SearchChoice
from tui.widgets.footer import HelpFirstFooter, help_binding
from tui.wording import plural

if TYPE_CHECKING:
    from tui.watch import StoreChanged


def watch_prompt(count: Any) -> Text:
    """One watch: name, query, new and total counts, when it was last seen."""
    w = count.watch
    line = Text(clean_line(w.name), style="bold", no_wrap=True, overflow="ellipsis")
    line.append(f"  {clean_line(w.query)}", style="dim")
    if count.new:
        line.append(f"  {count.new} new", style="bold reverse")
    line.append(f"  {count.total} in all", style="dim")
    line.append(f"  · seen {shown_stamp(w.last_seen)}", style="dim")
    return line


class WatchScreen(ModalScreen[SearchChoice | None]):
    """Saved queries; enter lists a watch's new matches (or searches it when none are new)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="watches.close"),
        help_binding("watches"),
        Binding("s", "seen", "Mark seen", id="watches.seen"),
        Binding("d", "delete", "Delete", id="watches.delete"),
    ]

    def __init__(self, library: Any) -> None:
        super().__init__()
        self.library = library
        self.counts: list[Any] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="watches-panel"):
            yield Static(Text("Watches: counting…"), id="watches-title")
            yield OptionList(id="watches-list")
        # Its own keys in the footer, not those of the reader below.
        yield HelpFirstFooter()

    @property
    def listing(self) -> OptionList:
        """One option per watch."""
        return self.query_one("#watches-list", OptionList)

    def on_mount(self) -> None:
        self.listing.focus()
        self.load()

    @work(thread=True, exclusive=True, group="watches", exit_on_error=False)
    def load(self) -> None:
        """Count every watch off the event loop."""
        from store.analysis.watch_counts import WatchCounter

        try:
            counts = WatchCounter.shared(self.library).counts()
        except BriefingError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
            counts = []
        self.app.call_from_thread(self._show, counts)

    def on_store_changed(self, _event: StoreChanged) -> None:
        """Another process imported briefings or changed watches: count again."""
        self.load()

    def _show(self, counts: list[Any]) -> None:
        at = self.listing.highlighted
        self.counts = counts
        self.listing.clear_options()
        self.listing.add_options([Option(watch_prompt(c)) for c in counts])
        if counts:
            self.listing.highlighted = min(at or 0, len(counts) - 1)
        new = sum(c.new for c in counts)
        if not counts:
            title = "No watches yet: in search, ctrl+s saves the query as one."
        else:
            watches = f"{len(counts)} watch{'es' if len(counts) != 1 else ''}"
            title = f"{watches}, {plural(new, 'new matching section')} · enter opens the new"
        self.query_one("#watches-title", Static).update(Text(title))

    def _current(self) -> Any:
        at = self.listing.highlighted
        return self.counts[at] if at is not None and 0 <= at < len(self.counts) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        count = self.counts[event.option_index]
        watch = count.watch
        if not count.new:
            from tui.screens.search import SearchScreen

            self.app.push_screen(SearchScreen(self.library, query=watch.query), self._chosen)
            return
        self.open_new(watch)

    # Not in the counting group: the recount it starts must not cancel it as it ends.
    @work(thread=True, exclusive=True, group="watches-open", exit_on_error=False)
    def open_new(self, watch: Any) -> None:
        """List the new matches, and count the watch as seen from now."""
        from store.analysis.watch_counts import WatchCounter
        from store.analysis.watches import mark_seen

        try:
            fresh = WatchCounter(self.library).new_briefings(watch)
            mark_seen(self.library, watch.name)
        except BriefingError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
            return
        self.app.call_from_thread(self._list_new, watch, tuple(fresh))

    def _list_new(self, watch: Any, fresh: tuple[str, ...]) -> None:
        from tui.screens.trend_period import PeriodScreen

        label = f"{clean_line(watch.name)}: new"
        self.app.push_screen(PeriodScreen(self.library, label, [watch.query], fresh), self._chosen)
        self.load()

    def _chosen(self, choice: SearchChoice | None) -> None:
        if choice is not None:
            self.dismiss(choice)

    def action_seen(self) -> None:
        """Nothing of the highlighted watch is new any more."""
        count = self._current()
        if count is not None:
            self._write("seen", count.watch.name)

    def action_delete(self) -> None:
        """Delete the highlighted watch."""
        count = self._current()
        if count is not None:
            self._write("delete", count.watch.name)

    @work(thread=True, group="watch-writes", exit_on_error=False)
    def _write(self, what: str, name: str) -> None:
        from store.analysis.watches import mark_seen, remove_watch

        try:
            if what == "seen":
                mark_seen(self.library, name)
            else:
                remove_watch(self.library, name)
        except BriefingError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
        self.app.call_from_thread(self.load)

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)
