"""The main screen: the outline on the left, the typeset section on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from store.errors import BriefingError
from store.models import Section
from tui.errors import GuardedPump
from tui.host import LibraryChange, ReaderHost
from tui.screens import analysis_keys
from tui.screens.analysis_keys import ANALYSIS_BINDINGS
from tui.screens.marks import MARK_BINDINGS, ReaderMarks
from tui.screens.reader_frames import WholeFrames
from tui.screens.reader_moves import MOVE_BINDINGS, ReaderMoves
from tui.screens.reader_outline import ReaderOutline, outline_slot
from tui.screens.reader_search import SEARCH_BINDINGS, SearchNav
from tui.screens.reader_status import ReaderStatus
from tui.screens.reading_position import PositionSaver
from tui.widgets.footer_bar import footer_slot, place_footer
from tui.widgets.section_view import SectionView
from tui.widgets.status_bar import ReadingState, StatusBar

if TYPE_CHECKING:
    from tui.widgets.outline import Outline

# Narrower terminals start with the outline hidden so the text keeps a readable measure.
OUTLINE_MIN_WIDTH = 80


class ReaderScreen(
    GuardedPump, ReaderMarks, ReaderOutline, ReaderStatus, ReaderMoves, WholeFrames, Screen[None]
):
    """Read one section at a time, with a paragraph cursor and an outline of the library.

    It subscribes to the app's "library changed" and "marks changed" signals and watches
    the app's paragraph indent; its search hits are walked by its own `SearchNav`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *MOVE_BINDINGS,
        Binding("o", "toggle_outline", "Outline", id="reader.outline"),
        Binding("u", "next_unread", "Next unread", show=False, id="reader.next_unread"),
        Binding("l", "library", "Library", show=False, id="reader.library"),
        *MARK_BINDINGS,
        *SEARCH_BINDINGS,
        *ANALYSIS_BINDINGS,
    ]

    AUTO_FOCUS = "SectionView"
    # What the screen holds covers all of it, so it draws its background as Textual draws a
    # blank widget's, without styling each line (a frame's worth of work for nothing).
    BLANK = True

    def __init__(self) -> None:
        super().__init__()
        self.section: Section | None = None
        self.search_nav = SearchNav(self)
        self._position: PositionSaver | None = None
        # Counts the outline's rebuilds, so rows read in a worker never replace newer ones.
        self._outline_turn = 0

    @property
    def briefing_app(self) -> ReaderHost:
        """The app, typed as what a screen may ask of it."""
        return cast(ReaderHost, self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            # The outline's tree takes this panel's place after the first frame.
            yield outline_slot()
            with Vertical(id="reading"):
                self.pane = SectionView(id="view")
                yield self.pane
                yield StatusBar(id="status")
        yield footer_slot()

    @property
    def view(self) -> SectionView:
        """The reading pane."""
        return self.query_one("#view", SectionView)

    def on_resize(self, event: events.Resize) -> None:
        # Crossing OUTLINE_MIN_WIDTH shows or hides the outline as at start-up; between
        # crossings the reader's own `o` stands.
        wide = event.size.width >= OUTLINE_MIN_WIDTH
        if wide != getattr(self, "_wide", wide):
            panel = self.outline_panel
            panel.display = wide
            if not wide and panel.has_focus:
                self.view.focus()
        self._wide = wide
        self.query_one("#body").set_class(not wide, "-overlay")

    def on_mount(self) -> None:
        app = self.briefing_app
        self._position = PositionSaver(self, app.library.user, self._section_read)
        self._wide = app.size.width >= OUTLINE_MIN_WIDTH
        self.outline_panel.display = self._wide
        self.query_one("#body").set_class(not self._wide, "-overlay")
        self.view.set_reactive(SectionView.indent, app.paragraph_indent)
        self.watch(self.app, "paragraph_indent", self._indent_changed, init=False)
        app.library_changed_signal.subscribe(self, self._library_changed)
        app.marks_changed_signal.subscribe(self, self._marks_changed)
        start = app.start_section()
        if start is not None:
            self.open_section(start, app.library.user.get_position(start))
        # The first frame shows the text; what grows with the library (the outline's rows,
        # the watches' counts) comes after it.
        self.call_after_refresh(place_footer, self)
        self.call_after_refresh(self._place_outline)
        self.call_after_refresh(self.count_watch_news)

    # -- what the app publishes ---------------------------------------------------------------
    def _indent_changed(self, size: int) -> None:
        self.view.indent = size

    def _library_changed(self, change: LibraryChange) -> None:
        if change.external:
            self.refresh_library()
        else:
            self.reload_library()
        self.count_watch_news()  # an import may have brought new matches

    def _marks_changed(self, _: None) -> None:
        self.refresh_marks()
        if self.outline_placed:
            self.recount_outline()  # sections marked read elsewhere
        self.count_watch_news()  # another process may have added, seen or removed a watch

    # -- opening sections -------------------------------------------------------------------
    def open_section(self, section_id: str, block: int | None = None) -> bool:
        """Show a section at `block` (or where it was left); False when it is gone."""
        try:
            section = self.briefing_app.load_section(section_id)
        except BriefingError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        self.flush_position(wait=False)
        if block is None:
            block = self.briefing_app.library.user.get_position(section_id) or 0
        self.section = section
        self.view.show(section, block)
        if self._position is not None:
            self._position.opened(section_id, self.view.cursor)
        # Said now, so the status line changes in the frame that shows the section.
        self.update_status()
        self.refresh_marks()
        if self.outline_placed:
            self.outline.reveal(section_id)
        return True

    def reload_library(self) -> None:
        """Rebuild the outline after an import or delete (a large library's rows read in a
        worker); then leave a section that was removed (`open_after_reload`)."""
        self.briefing_app.forget_sections()
        self._outline_from_library("reload")

    def open_after_reload(self) -> None:
        """Once the outline shows the library read again: stay on the section shown, or,
        when it went, open the one near it in the outline as it was (else the first)."""
        app = self.briefing_app
        if self.section is not None and app.has_section(self.section.id):
            self.open_section(self.section.id, self.view.cursor)
        elif (
            first := (self.section and app.section_near(self.section.briefing_id))
            or app.first_section()
        ) is not None:
            # The briefing read was deleted: the one after it in the outline takes its place.
            self.open_section(first)
        else:
            self.section = None
            self.status_bar.show_state(ReadingState(briefing="(no briefings)"))

    def refresh_library(self) -> None:
        """Rebuild the outline after another process's change, keeping text and cursor."""
        app = self.briefing_app
        section = self.section
        if section is None or not app.has_section(section.id):
            # The section in view was deleted (or there was none): pick another.
            self.reload_library()
            return
        try:
            fresh = app.load_section(section.id)
        except Exception:
            self.reload_library()
            return
        if fresh != section:
            # Re-imported with other text under the same id: show it, at the same block.
            self.reload_library()
            return
        self.section = fresh
        self._outline_from_library("refresh")

    def on_outline_jump(self, event: Outline.Jump) -> None:
        if self.section is None or event.section_id != self.section.id:
            self.open_section(event.section_id, event.block)
        elif event.block is not None:
            self.view.cursor = event.block
            self.view.scroll_to_region(self.view.block_region(event.block), animate=False, top=True)
        self._leave_outline(hide=not self._wide)

    def on_section_view_cursor_moved(self, event: SectionView.CursorMoved) -> None:
        self.search_nav.cursor_moved(event.section_id)
        self.update_status()
        if self._position is not None:
            at_end = event.block >= self.view.block_count - 1
            self._position.schedule(event.section_id, event.block, at_end)

    def flush_position(self, *, wait: bool = True) -> None:
        """Save a pending reading position (on leaving a section, queued for the writing
        thread: `wait=False`; on quitting, done before this returns); a section whose whole
        text is on screen counts as read if it was there long enough."""
        if self._position is not None:
            lines = len(self.view.layout_lines) if self.section is not None else 0
            whole = 0 < lines <= self.view.scrollable_content_region.height
            self._position.flush(whole, wait=wait)

    def settle_position(self) -> None:
        """Wait until the positions and read marks queued so far are written (off the event
        loop: a worker about to read them)."""
        if self._position is not None:
            self._position.settle()

    # -- actions ----------------------------------------------------------------------------
    def action_search(self) -> None:
        """Search every briefing."""
        self.search_nav.search_all()

    def action_find(self) -> None:
        """Find in the current section."""
        self.search_nav.find_here()

    def action_next_hit(self) -> None:
        """Go to the next search hit."""
        self.search_nav.step(1)

    def action_prev_hit(self) -> None:
        """Go to the previous search hit."""
        self.search_nav.step(-1)

    def action_clear_hits(self) -> None:
        """Take the search highlights away; pressed again, go back to where the search began."""
        self.search_nav.escape()

    def action_concordance(self) -> None:
        """Every occurrence of a query in context, one line each."""
        analysis_keys.open_concordance(self.app, self.search_nav)

    def action_trend(self) -> None:
        """How often queries occur over time, as a chart and a table."""
        analysis_keys.open_trend(self.app, self.search_nav)

    def action_watches(self) -> None:
        """Saved queries with their new matches."""
        analysis_keys.open_watches(self.app, self.search_nav, self.count_watch_news)

    # -- read state ---------------------------------------------------------------------------
    def _section_read(self, section_id: str) -> None:
        """A section was marked read: its briefing's unread count in the outline drops."""
        self.refresh_unread(section_id.rpartition("-")[0])

    def read_sections(self) -> dict[str, frozenset[int]]:
        """Read section orders by briefing; none when the user file cannot be read (the
        damage is reported where it is written)."""
        try:
            return self.briefing_app.library.read_state.all()
        except BriefingError:
            return {}

    def recount_outline(self) -> None:
        """Show in the outline the read state as it is now: the unread counts of the
        briefings whose read sections changed since it counted them (all, when that cannot
        be told)."""
        outline = self.outline
        try:
            version, touched = self.briefing_app.library.read_state.changed_since(
                outline.read_version
            )
        except BriefingError:
            return
        outline.recount(self.read_sections(), touched)
        outline.read_version = version

    def refresh_unread(self, briefing_id: str) -> None:
        """Recount a briefing's unread sections and mark its read ones in the outline (its
        row of the read state alone is looked up)."""
        library = self.briefing_app.library
        b = library.find_briefing(briefing_id)
        if b is not None:
            try:
                done = library.read_state.of(briefing_id)
            except BriefingError:
                done = frozenset()
            self.outline.set_unread(briefing_id, b.section_count - len(done), done)

    def action_library(self) -> None:
        """Browse the library: briefings by source, year and month, to open, mark or tidy."""
        from tui.screens.library import LibraryScreen

        # Queued: the library screen's worker waits for it before reading what was read.
        self.flush_position(wait=False)
        self.app.push_screen(LibraryScreen(self.section.briefing_id if self.section else None))
