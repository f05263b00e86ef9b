"""The bookmarks screen: every bookmark, newest first or in reading order, filtered as you type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.suggester import Suggester
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from store.bookmarks import BookmarkEntry, delete_bookmark, list_bookmarks, rename_bookmark
from store.errors import BriefingError
from store.sanitize import clean_line
from store.typeset import fit_line
from tui.screens.confirm import ConfirmScreen, PromptScreen
from tui.widgets.footer import HelpFirstFooter
from tui.widgets.ordered_input import OrderedInput

if TYPE_CHECKING:
    from store import Library


@dataclass(frozen=True, slots=True)
class Jump:
    """Where to go in the reader: a section, and a block of it (None: where it was left)."""

    section_id: str
    block: int | None = None


class FilteredList(Screen[Jump | None]):
    """A list with a filter line: `/` filters; the list's own keys always act on the list.

    While the filter has focus it takes every printable key, so the list's keys are hidden
    from the footer; down, tab or enter go back to the list, escape clears the filter too.
    """

    FILTER_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="list.filter"),
    ]
    # What stays in the footer while the filter is being typed.
    FILTER_ACTIONS: ClassVar[frozenset[str]] = frozenset({"filter", "close", "jump"})

    def compose_filter(
        self, placeholder: str = "/ filters", suggester: Suggester | None = None
    ) -> ComposeResult:
        """The filter box, for a list screen's `compose`."""
        yield OrderedInput(placeholder=placeholder, id="filter", suggester=suggester)

    @property
    def filter_text(self) -> str:
        """The filter as typed."""
        return self.query_one("#filter", Input).value.strip()

    @property
    def options(self) -> OptionList:
        """The list."""
        return self.query_one(OptionList)

    def action_filter(self) -> None:
        """Type a filter (the list's keys work again once focus is back on the list)."""
        self.query_one("#filter", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the filter is typed in, only the actions that make sense there."""
        if self.focused is not None and self.focused.id == "filter":
            return action in self.FILTER_ACTIONS
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.refresh_bindings()

    async def on_key(self, event: events.Key) -> None:
        box = self.query_one("#filter", Input)
        # Screen.focused changes at once; has_focus only once the Focus event is handled.
        if self.focused is not box:
            if event.key == "slash":
                # Focus now, not in a later action: keys typed straight after are the filter's.
                event.stop()
                event.prevent_default()
                self.set_focus(box)
            return
        if event.key in ("down", "enter", "tab"):
            event.stop()
            event.prevent_default()
            self.options.focus()
        elif event.key == "escape":
            event.stop()
            event.prevent_default()
            box.value = ""
            self.options.focus()
        elif isinstance(box, OrderedInput) and box.owns(event):
            # The box takes every key of its own it is sent, so this one was queued for the
            # list before the box had focus (fast typing): it belongs in the box too, now.
            event.stop()
            event.prevent_default()
            if not box.type_key(event):
                await box.on_key(event)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.refill()

    def refill(self) -> None:
        """Rebuild the list for the current filter."""
        raise NotImplementedError

    def highlighted_id(self) -> str | None:
        """The id of the highlighted option."""
        index = self.options.highlighted
        if index is None:
            return None
        option = self.options.get_option_at_index(index)
        return None if option.disabled else option.id

    def action_close(self) -> None:
        """Clear the filter, or go back to the reader when there is none."""
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
            return
        self.dismiss(None)


def bookmark_prompt(entry: BookmarkEntry) -> Text:
    """Two or three lines: label or headline, where it is, and its opening words."""
    bm = entry.bookmark
    text = Text()
    title = clean_line(bm.label) if bm.label else clean_line(entry.section.headline)
    text.append("◆ " + title, style="bold")
    if entry.detached:
        text.append("  (detached)", style="italic")
    where = clean_line(entry.briefing.title or entry.briefing.id)
    if bm.label:
        where += " · " + clean_line(entry.section.headline)
    where += " · " + entry.place
    text.append(f"\n  {where} · {bm.created[:10]}", style="dim")
    if bm.quote:
        text.append("\n  " + fit_line(clean_line(bm.quote), 72))
    return text


class BookmarksScreen(FilteredList):
    """Bookmarks: enter jumps, r renames, d deletes, o switches the order, / filters."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *FilteredList.FILTER_BINDINGS,
        Binding("enter", "jump", "Jump", id="bookmarks.jump"),
        Binding("r", "rename", "Rename", id="bookmarks.rename"),
        Binding("d", "delete", "Delete", id="bookmarks.delete"),
        Binding("o", "order", "Order", id="bookmarks.order"),
        Binding("escape", "close", "Back", id="bookmarks.close"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.order: str = "newest"
        self.entries: dict[str, BookmarkEntry] = {}

    def compose(self) -> ComposeResult:
        yield Label(Content(""), id="title")
        yield from self.compose_filter()
        yield OptionList(id="list")
        yield HelpFirstFooter()

    def on_mount(self) -> None:
        self.refill()
        self.options.focus()

    def refill(self) -> None:
        """List the bookmarks the filter finds, in the chosen order, keeping the highlight."""
        keep = self.highlighted_id() if self.is_mounted and self.options.option_count else None
        entries = list_bookmarks(self.library, order=self.order, text=self.filter_text or None)  # type: ignore[arg-type]
        self.entries = {e.bookmark.id: e for e in entries}
        order = "newest first" if self.order == "newest" else "reading order"
        self.query_one("#title", Label).update(Content(f"Bookmarks · {len(entries)} · {order}"))
        options = self.options
        options.clear_options()
        if not entries:
            hint = (
                "No bookmarks match."
                if self.filter_text
                else "No bookmarks yet: m marks a paragraph."
            )
            options.add_option(Option(Text(hint, style="italic"), disabled=True))
            return
        options.add_options([Option(bookmark_prompt(e), id=e.bookmark.id) for e in entries])
        ids = list(self.entries)
        options.highlighted = ids.index(keep) if keep in ids else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        """Open the highlighted bookmark in the reader."""
        entry = self.entries.get(self.highlighted_id() or "")
        if entry is None:
            return
        if entry.detached:
            self.notify("That bookmark's briefing is no longer in the library.", severity="warning")
            return
        # A section mark opens the section at its top, not where it was left.
        block = entry.bookmark.block
        self.dismiss(Jump(entry.bookmark.section_id, 0 if block is None else block))

    def action_rename(self) -> None:
        """Change the highlighted bookmark's label."""
        entry = self.entries.get(self.highlighted_id() or "")
        if entry is None:
            return

        def rename(label: str) -> None:
            rename_bookmark(self.library, entry.bookmark.id, label)

        prompt = PromptScreen("Label", entry.bookmark.label or "", on_submit=rename)
        self.app.push_screen(prompt, lambda _label: self.refill())

    def action_delete(self) -> None:
        """Delete the highlighted bookmark after confirming."""
        entry = self.entries.get(self.highlighted_id() or "")
        if entry is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    delete_bookmark(self.library, entry.bookmark.id)
                except BriefingError as exc:
                    self.notify(str(exc), severity="error", markup=False)
                self.refill()

        name = clean_line(entry.bookmark.label or entry.section.headline)
        self.app.push_screen(
            ConfirmScreen(f"Delete the bookmark “{name}”?", "Delete", "Keep"), answered
        )

    def action_order(self) -> None:
        """Switch between newest first and reading order."""
        self.order = "reading" if self.order == "newest" else "newest"
        self.refill()
