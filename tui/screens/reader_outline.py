"""The reader's outline: filled after the first frame; `o` to show and focus it, escape to
leave, delete a briefing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from store.catalog import JOURNAL
from store.errors import BriefingError
from store.paths import CATALOG, file_stamp
from store.sanitize import clean_line
from tui.widgets.outline import Outline
from tui.widgets.outline_groups import GROUP_ABOVE

if TYPE_CHECKING:
    from pathlib import Path

    from textual.screen import Screen

    from store.models import Briefing, Section
    from tui.host import ReaderHost
    from tui.widgets.section_view import SectionView

    _ScreenBase = Screen[None]
else:
    _ScreenBase = object


# A catalog (file and journal) up to this size is read on the event loop: a few hundred rows.
SMALL_CATALOG = 128 * 1024


def _catalog_bytes(home: Path) -> int:
    """How big the catalog's files are, as a stat tells (what reading them would cost)."""
    stamps = (file_stamp(home / name) for name in (CATALOG, JOURNAL))
    return sum(stamp[1] for stamp in stamps if stamp)


class ReaderOutline(_ScreenBase):
    """Mixed into the reader screen: what the outline's keys do to it."""

    briefing_app: ReaderHost
    outline: Outline
    view: SectionView
    section: Section | None
    _wide: bool
    # Counts the outline's rebuilds, so rows read in a worker never replace newer ones.
    _outline_turn: int

    if TYPE_CHECKING:

        def read_sections(self) -> dict[str, frozenset[int]]: ...

        def reload_library(self) -> None: ...

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
        library = self.briefing_app.library
        if not library.catalog.loaded and _catalog_bytes(library.home) > SMALL_CATALOG:
            # Not read yet and too big to read on the event loop: the worker counts too.
            self._read_outline(self._outline_turn)
        elif library.briefing_count() <= GROUP_ABOVE:
            self._show_outline(self._outline_turn, library.briefings(), self.read_sections())
        else:
            # Thousands of rows are built off the event loop.
            self._read_outline(self._outline_turn)

    @work(thread=True, exclusive=True, group="outline-rows", exit_on_error=False)
    def _read_outline(self, turn: int) -> None:
        briefings = self.briefing_app.library.briefings()
        self.app.call_from_thread(self._show_outline, turn, briefings, self.read_sections())

    def _show_outline(
        self, turn: int, briefings: list[Briefing], read: dict[str, frozenset[int]]
    ) -> None:
        if turn != self._outline_turn:
            return  # the library was read again meanwhile
        self.outline.populate(briefings, read)
        verdict = self.briefing_app.check_glanced()
        if verdict == "restart":
            self.section = None  # the section shown first was not the first one
        if verdict != "same":
            # The catalog disagrees with the files the first frame was read from (the
            # briefing was deleted or changed meanwhile): read the library again.
            self.reload_library()
        elif self.section is not None:
            self.outline.reveal(self.section.id)
