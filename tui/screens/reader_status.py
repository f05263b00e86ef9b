"""The reader's status line: where the reader is in the section, and the watches' news."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from store.errors import BriefingError
from tui.screens import analysis_keys
from tui.widgets.status_bar import ReadingState, StatusBar

if TYPE_CHECKING:
    from textual.screen import Screen

    from store.models import Section, SectionHead
    from tui.host import ReaderHost
    from tui.screens.reader_search import SearchNav
    from tui.widgets.section_view import SectionView

    _ScreenBase = Screen[None]
else:
    _ScreenBase = object


class ReaderStatus(_ScreenBase):
    """Mixed into the reader screen: its status line, and counting the watches' news for it."""

    briefing_app: ReaderHost
    section: Section | None
    search_nav: SearchNav
    view: SectionView

    if TYPE_CHECKING:

        def action_watches(self) -> None: ...

    @property
    def status_bar(self) -> StatusBar:
        """The status line."""
        return self.query_one("#status", StatusBar)

    def update_status(self) -> None:
        """Redraw the status line: briefing, section, paragraph, percent and hit i/n."""
        if self.section is None:
            return
        # Counted within the briefing: "section 3/12" of this page, not of the whole library.
        heads: tuple[SectionHead, ...] = self.briefing_app.briefing_heads(self.section.briefing_id)
        ids = [h.id for h in heads]
        index = ids.index(self.section.id) + 1 if self.section.id in ids else 0
        title = self.briefing_app.briefing_title(self.section.briefing_id)
        state = ReadingState.of(title, index, len(ids), self.section.blocks, self.view.cursor)
        self.status_bar.show_state(state)
        self.search_nav.decorate(self.status_bar)

    def count_watch_news(self) -> None:
        """Count new matches of watches off the event loop, for the status line."""
        try:
            if not (self.status_bar.news or analysis_keys.has_watches(self.app.library)):
                return  # no watch: nothing to count, no thread to start
        except BriefingError:
            return
        self._count_watch_news()

    @work(thread=True, exclusive=True, group="watch-news", exit_on_error=False)
    def _count_watch_news(self) -> None:
        try:
            news = analysis_keys.count_news(self.app.library)
        except BriefingError:
            news = ""
        self.post_message(analysis_keys.WatchNewsCounted(news))

    def on_watch_news_counted(self, message: analysis_keys.WatchNewsCounted) -> None:
        message.stop()
        self.status_bar.show_news(message.news)

    def on_status_bar_news_clicked(self, message: StatusBar.NewsClicked) -> None:
        message.stop()
        self.action_watches()
