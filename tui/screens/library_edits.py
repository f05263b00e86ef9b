"""The library screen's changes to a briefing: read state, title, date, source, and deleting it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from store.errors import BriefingError
from store.sanitize import clean_line
from store.shelf import unread_count
from tui.watch import own_user_write
from tui.wording import plural

if TYPE_CHECKING:
    from store.models import Briefing
    from tui.host import ReaderHost


class LibraryEdits:
    """Mixin of the library screen: each change runs off the event loop, then the list reloads."""

    read: dict[str, frozenset[int]]
    list_pending: bool

    if TYPE_CHECKING:  # given by the screen

        @property
        def host(self) -> ReaderHost: ...
        @property
        def app(self) -> Any: ...
        def _need_current(self) -> Briefing | None: ...
        @property
        def tree(self) -> Any: ...
        def reload(self) -> None: ...
        def ready(self) -> bool: ...
        def notify(self, *args: Any, **kwargs: Any) -> None: ...

    def action_toggle_read(self) -> None:
        """Mark a briefing (or every briefing of a source, year or month) read, or unread
        when it is read already."""
        if not self.ready():
            return
        node = self.tree.cursor_node
        if node is not None and node.data is not None and node.data[0] != "briefing":
            self._toggle_group(node.data[1])
            return
        b = self._need_current()
        if b is None:
            return
        read = unread_count(b, self.read) > 0

        def mark(lib: Any) -> None:
            lib.read_state.mark_briefing(b.id, b.section_count, read)
            # Shown here and in the reader now: the watcher need not report it again.
            own_user_write(self.app)
            reader = getattr(self.app, "reader", None)
            if reader is not None and reader.outline_placed:
                # Counted here from the briefing's own row: the event loop only relabels it.
                done = lib.read_state.of(b.id)
                left = unread_count(b, {b.id: done})
                self.app.call_from_thread(reader.outline.set_unread, b.id, left, done)

        self._write(mark)

    def _toggle_group(self, items: list[Briefing]) -> None:
        read = any(unread_count(b, self.read) for b in items)
        sections = [f"{b.id}-{n}" for b in items for n in range(1, b.section_count + 1)]

        def mark(lib: Any) -> None:
            changed = lib.read_state.mark(sections, read)
            own_user_write(self.app)
            reader = getattr(self.app, "reader", None)
            if reader is not None and reader.outline_placed:
                # The briefings marked alone are recounted (the read state tells which).
                self.app.call_from_thread(reader.recount_outline)
            said = "read" if read else "unread"
            told = (
                f"Marked {plural(changed, 'section')} of {plural(len(items), 'briefing')} {said}."
            )
            self.app.call_from_thread(self.notify, told, markup=False)

        self._write(mark)

    def action_rename(self) -> None:
        """Give a briefing another title."""
        self._prompt("Title", "title", lambda b: b.title)

    def action_edit_date(self) -> None:
        """Change a briefing's date (YYYY-MM-DD, empty for none)."""
        self._prompt("Date (YYYY-MM-DD, empty for none)", "date", lambda b: b.date or "")

    def action_edit_source(self) -> None:
        """Change a briefing's source (the paper; empty for none)."""
        self._prompt("Source (empty for none)", "source", lambda b: b.source or "")

    def _prompt(self, title: str, field: str, value: Any) -> None:
        from tui.screens.confirm import PromptScreen

        if not self.ready():
            return
        b = self._need_current()
        if b is None:
            return

        def save(answer: str) -> None:
            from store.editing import changes_of

            # A bad answer (an empty title, a date that is not one) keeps the prompt open;
            # the write itself runs off the event loop, since it also re-indexes the briefing.
            changes_of(**{field: answer})
            self._write(lambda lib: lib.edit_briefing(b.id, **{field: answer}))

        self.app.push_screen(PromptScreen(title, value(b), on_submit=save, escape="cancels"))

    def action_delete(self) -> None:
        """Delete a briefing after naming what goes; its notes and bookmarks stay, detached."""
        if not self.ready():
            return
        b = self._need_current()
        if b is not None:
            self._ask_delete(b)

    @work(thread=True, exclusive=True, group="library-ask")
    def _ask_delete(self, b: Briefing) -> None:
        """Count the briefing's notes and bookmarks (the user file is read here, off the
        event loop), then ask."""
        from store.bookmarks import list_bookmarks
        from store.notes import list_notes

        lib = self.host.library
        question = (
            f"Delete {clean_line(b.title)} ({b.date or 'no date'}, "
            f"{plural(b.section_count, 'section')}) from the library?"
        )
        try:
            notes = len(list_notes(lib, briefing_id=b.id))
            marks = len(list_bookmarks(lib, briefing_id=b.id))
        except BriefingError as exc:  # a damaged user file: said, and the question still asked
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            notes = marks = 0
        if notes or marks:
            question += (
                f" Its {plural(notes, 'note')} and {plural(marks, 'bookmark')} are kept, detached."
            )
        self.app.call_from_thread(self._confirm_delete, b, question)

    def _confirm_delete(self, b: Briefing, question: str) -> None:
        from tui.screens.confirm import ConfirmScreen

        if self.app.screen is not self:
            return  # left (or another dialog opened) while counting: nothing asked

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(lambda lib: lib.delete_briefing(b.id))

        self.app.push_screen(ConfirmScreen(question, yes="Delete"), answered)

    def _write(self, change: Any) -> None:
        """Apply a change off the event loop; the list shown is out of date until it is
        read again after it."""
        self.list_pending = True
        self._write_in_thread(change)

    @work(thread=True, exclusive=True, group="library-write")
    def _write_in_thread(self, change: Any) -> None:
        """Apply a change, then read the list again (an edit or a delete is also told
        through the app's "library changed" signal: the second read changes nothing)."""
        try:
            change(self.host.library)
        except BriefingError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
        self.app.call_from_thread(self.reload)
