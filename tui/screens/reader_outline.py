"""The reader's outline: a plain panel in the first frame, the tree mounted in its place and
filled after it; `o` to show and focus it, escape to leave, delete a briefing."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Literal

from textual import work
from textual.widget import Widget

from store.catalog import JOURNAL
from store.errors import BriefingError
from store.paths import CATALOG, file_stamp
from store.sanitize import clean_line
from tui.widgets.stand_in import StandIn

if TYPE_CHECKING:
    from pathlib import Path

    from textual.screen import Screen

    from store.models import Briefing, Section
    from tui.host import ReaderHost
    from tui.widgets.outline import Outline
    from tui.widgets.outline_groups import OutlinePlan
    from tui.widgets.section_view import SectionView

    _ScreenBase = Screen[None]
else:
    _ScreenBase = object


# What the reader does once the outline shows the library read again: its first filling
# (hold the first frame's section against the catalog), a reload after this process's
# change (open the section, or the one near it when it went), another process's change
# (keep text and cursor).
OutlineThen = Literal["start", "reload", "refresh"]
# A catalog (file and journal) up to this size is read on the event loop: a few hundred rows.
SMALL_CATALOG = 128 * 1024
# The panel standing in for the outline in the first frame, styled as the outline (app.tcss).
SLOT_ID = "outline-slot"


def outline_slot() -> Widget:
    """The outline's panel, empty, as the first frame shows it (the outline is filled after
    that frame): building a tree, styling its parts and loading Textual's tree module wait
    until the frame is drawn, when the tree takes its place."""
    return StandIn(id=SLOT_ID)


def _catalog_bytes(home: Path) -> int:
    """How big the catalog's files are, as a stat tells (what reading them would cost)."""
    stamps = (file_stamp(home / name) for name in (CATALOG, JOURNAL))
    return sum(stamp[1] for stamp in stamps if stamp)


class ReaderOutline(_ScreenBase):
    """Mixed into the reader screen: what the outline's keys do to it."""

    briefing_app: ReaderHost
    view: SectionView
    section: Section | None
    _wide: bool
    # Counts the outline's rebuilds, so rows read in a worker never replace newer ones.
    _outline_turn: int

    if TYPE_CHECKING:

        def read_sections(self) -> dict[str, frozenset[int]]: ...

        def reload_library(self) -> None: ...

        def open_after_reload(self) -> None: ...

        def refresh_marks(self) -> None: ...

        def update_status(self) -> None: ...

    @property
    def outline(self) -> Outline:
        """The outline tree (mounted in its panel's place if the first frame has not yet)."""
        found = self.query(f"#{SLOT_ID}, #outline")
        panel = found.first() if found else None
        if panel is None or panel.id != SLOT_ID:
            from tui.widgets.outline import Outline

            return self.query_one("#outline", Outline)
        return self._mount_outline(panel)

    @property
    def outline_placed(self) -> bool:
        """Whether the outline tree has taken its panel's place."""
        return not self.query(f"#{SLOT_ID}")

    @property
    def outline_panel(self) -> Widget:
        """The outline, or the panel standing in for it before the first frame is drawn."""
        return self.query_one(f"#{SLOT_ID}, #outline", Widget)

    def _mount_outline(self, slot: Widget) -> Outline:
        from tui.widgets.outline import Outline

        app = self.briefing_app
        outline = Outline(app.load_section, app.briefing_heads, id="outline")
        outline.display = slot.display
        body = self.query_one("#body")
        if body.is_attached:  # not while the app closes
            # Registered (and found by its id) at once; the panel goes in the same breath.
            body.mount(outline, before=slot)
            slot.remove()
        return outline

    def _place_outline(self) -> None:
        """After the first frame: the tree takes its panel's place, then is filled."""
        if not self.is_attached:
            return  # the app is closing
        self.outline  # noqa: B018 - mounts the tree in its panel's place
        self.call_after_refresh(self._fill_outline)

    def action_toggle_outline(self) -> None:
        """Show the outline and give it the keys; from the outline, go back to the text."""
        outline = self.outline
        if outline.display and outline.has_focus:
            self._leave_outline(hide=True)
            return
        outline.display = True
        outline.focus()

    def on_outline_leave(self, event: Outline.Leave) -> None:
        event.stop()
        # Over the text (a narrow terminal) the outline goes; beside it, it stays in view.
        self._leave_outline(hide=not self._wide)

    def on_outline_delete_briefing(self, event: Outline.DeleteBriefing) -> None:
        event.stop()
        from tui.screens.confirm import ConfirmScreen
        from tui.wording import plural

        library = self.briefing_app.library
        try:
            briefing = library.briefing(event.briefing_id)
        except BriefingError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        title = clean_line(briefing.title or briefing.id)
        question = (
            f"Delete “{title}” ({plural(len(briefing.sections), 'section')}) from the library? "
            "Notes and bookmarks on it are kept, marked detached."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_briefing(briefing.id, title)

        self.app.push_screen(ConfirmScreen(question, "Delete", "Keep"), answered)

    @work(thread=True, exclusive=True, group="delete-briefing", exit_on_error=False)
    def delete_briefing(self, briefing_id: str, title: str) -> None:
        """Delete a briefing off the event loop; the library's change rebuilds the outline."""
        try:
            self.briefing_app.library.delete_briefing(briefing_id)
        except BriefingError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.app.notify, f"Deleted “{title}”.", markup=False)

    def _leave_outline(self, *, hide: bool) -> None:
        if hide:
            self.outline.display = False
        self.view.focus()

    def _fill_outline(self) -> None:
        """Fill the outline (after the first frame): a large library's rows in a worker."""
        self._outline_from_library("start")

    def _outline_from_library(self, then: OutlineThen) -> None:
        """Read the briefings and their counts for the outline, on the event loop for a small
        library and in a worker for a large one (or one whose catalog is big and not read
        yet); `then` says what the reader does once the outline shows them."""
        # Loaded here, after the first frame (so is the outline's tree).
        from store.outline_order import GROUP_ABOVE

        self._outline_turn += 1
        library = self.briefing_app.library
        if not library.catalog.loaded and _catalog_bytes(library.home) > SMALL_CATALOG:
            # Not read yet and too big to read on the event loop: the worker counts too.
            self._read_outline(self._outline_turn, then)
        elif library.briefing_count() <= GROUP_ABOVE:
            self._show_outline(self._outline_turn, self._plan(library.briefings()), then)
        else:
            # Thousands of rows are built, sorted, grouped and counted off the event loop.
            self._read_outline(self._outline_turn, then)

    def _plan(self, briefings: list[Briefing]) -> OutlinePlan:
        from tui.widgets.outline_groups import plan_outline

        try:
            version, read = self.briefing_app.library.read_state.with_version()
        except BriefingError:
            version, read = -1, {}
        return plan_outline(briefings, read, version)

    @work(thread=True, exclusive=True, group="outline-rows", exit_on_error=False)
    def _read_outline(self, turn: int, then: OutlineThen) -> None:
        library = self.briefing_app.library
        briefings = library.briefings()
        library.walk()  # sorted here, so the first step into another briefing need not
        with contextlib.suppress(BriefingError):
            library.unread_index.prepare()  # nor the first `u`
        plan = self._plan(briefings)
        self.app.call_from_thread(self._show_outline, turn, plan, then)

    def _show_outline(self, turn: int, plan: OutlinePlan, then: OutlineThen) -> None:
        if turn != self._outline_turn:
            return  # the library was read again meanwhile
        if then == "refresh" and self.section is not None:
            self.outline.rebuild(plan.briefings, self.section.id, plan=plan)
            self.refresh_marks()
            self.update_status()  # "section 2 of N" changes with the number of sections
            return
        self.outline.populate(plan.briefings, plan=plan)
        if then != "start":  # a refresh with no section shown opens one as a reload does
            self.open_after_reload()
            return
        verdict = self.briefing_app.check_glanced()
        if verdict == "restart":
            self.section = None  # the section shown first was not the first one
        if verdict != "same":
            # The catalog disagrees with the files the first frame was read from (the
            # briefing was deleted or changed meanwhile): read the library again.
            self.reload_library()
        elif self.section is not None:
            self.outline.reveal(self.section.id)
