"""The library screen: every briefing by source, year and month, to browse, filter and tidy.

The tree is lazy: only the sources exist up front, a year's months and a month's briefings
are added when they are expanded, so the screen opens as fast with ten thousand briefings as
with ten. Filtering and sorting work on the briefing rows in memory (no section is read).
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Tree

from store.errors import BriefingError
from store.models import Briefing
from store.shelf import haystack, ordered
from tui.host import LibraryChange, ReaderHost
from tui.screens.library_edits import LibraryEdits
from tui.screens.library_filter import FilterTyping
from tui.screens.library_list import Groups, Shelf, kept, read_shelf
from tui.screens.library_tree import (
    TITLE_CELLS,
    LibraryTree,
    TitleLine,
    TreeFilling,
    briefing_label,
)
from tui.screens.library_view import ViewKeeping
from tui.watch import StoreChanged
from tui.widgets.footer import HelpFirstFooter
from tui.wording import plural

__all__ = ["TITLE_CELLS", "LibraryScreen", "briefing_label"]

# A filter that leaves this few briefings shows them all, expanded.
EXPAND_ALL = 60
LOADING = "Library: reading the briefings…"


class LibraryScreen(LibraryEdits, FilterTyping, ViewKeeping, TreeFilling, Screen[None]):
    """Browse the library; enter opens a briefing at its first unread section."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="library.close"),
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("s", "sort", "Sort", id="library.sort"),
        Binding("m", "toggle_read", "Read/unread", id="library.mark"),
        Binding("r", "rename", "Rename", id="library.rename"),
        Binding("e", "edit_date", "Date", id="library.date"),
        Binding("p", "edit_source", "Source", id="library.source"),
        Binding("d,delete", "delete", "Delete", id="library.delete"),
    ]

    def __init__(self, around: str | None = None) -> None:
        super().__init__()
        # The briefing the cursor starts on (the one open in the reader), when it is shown.
        self._around = around
        self.sort = "date"
        self.shown: list[Briefing] = []
        self.read: dict[str, frozenset[int]] = {}
        self._all: list[Briefing] = []
        # Per reload: the briefings in each sort order, and each one's unread count, so
        # filtering as you type only picks from them.
        self._sorted: dict[str, list[Briefing]] = {}
        self._unread: dict[str, int] = {}
        self._left = 0  # unread sections of the briefings shown
        # Each sort order's groups as the worker made them, with the counts they are of.
        self._groups: dict[str, Groups] = {}
        self._groups_counted: dict[str, int] | None = None
        self._forget_nodes()
        # The catalog's generation the list was read at (-1: not read yet).
        self._seen = -1
        # Whether the list shown may be out of date: being read (a worker reads it, after
        # the reader's last position is written) or being changed. Keys that act on a
        # briefing wait for it (see `ready`).
        self.list_pending = True
        # Each read of the list is numbered: only the newest one's answer is shown.
        self._turn = 0
        # The sort order and filter the tree was built for (a rebuild for the same keeps
        # the tree as the user left it).
        self._built_as: tuple[str, str] | None = None

    @property
    def host(self) -> ReaderHost:
        """The app, as what a screen may ask of it."""
        return cast(ReaderHost, self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="library-panel"):
            yield TitleLine(LOADING, id="library-title")
            yield Input(
                placeholder="filter: title, source, 2019-10, 2019-10..2019-12, is:unread",
                id="library-filter",
            )
            tree = LibraryTree(Text("library"), id="library-tree")
            tree.show_root = False
            tree.guide_depth = 2
            # Enter on a group toggles it in on_tree_node_selected; the tree must not too.
            tree.auto_expand = False
            yield tree
        yield HelpFirstFooter()

    @property
    def tree(self) -> LibraryTree:
        """The tree of groups and briefings."""
        return self.query_one("#library-tree", LibraryTree)

    def on_mount(self) -> None:
        self.host.library_changed_signal.subscribe(self, self._library_changed)
        self.reload()
        self.tree.focus()

    def _library_changed(self, _: LibraryChange) -> None:
        self.reload()

    def on_store_changed(self, event: StoreChanged) -> None:
        """Another process marked sections read or unread (its briefings' changes come
        through the library's signal)."""
        if event.user and not event.catalog:
            self.reload()

    # -- filling the tree ---------------------------------------------------------------------
    def reload(self) -> None:
        """Read the briefing rows and the read state again, in a worker, then rebuild the
        tree unless neither changed (a change this process made is told twice: by the
        library's signal and by the watcher, should it look at the files first)."""
        self.list_pending = True
        self._turn += 1
        self._read_list(self._turn)

    @work(thread=True, exclusive=True, group="library-read", exit_on_error=False)
    def _read_list(self, turn: int) -> None:
        # The reader's last position and read mark first: the list shows them.
        settle = getattr(getattr(self.app, "reader", None), "settle_position", None)
        if settle is not None:
            settle()
        shelf, error = read_shelf(self.host.library, self._unread)
        self.app.call_from_thread(self._show_list, turn, shelf, error)
        # Folded here, after the list is shown, not when the first word is typed in the filter.
        for b in shelf.briefings:
            haystack(b)

    def _show_list(self, turn: int, shelf: Shelf, error: BriefingError | None) -> None:
        if turn != self._turn:
            return  # read again since: the newer answer is on its way
        self.list_pending = False
        if error is not None:
            self.notify(str(error), severity="error", markup=False)
        if shelf.seen == self._seen and shelf.read == self.read:
            return
        # The same briefings, shown whole (no filter), counted from what is shown: only the
        # lines of the briefings whose counts changed, and their groups', are relabelled.
        relabel = (
            shelf.seen == self._seen
            and shelf.base is self._unread
            and not self.query_one("#library-filter", Input).value.strip()
        )
        self._all, self.read, self._seen = shelf.briefings, shelf.read, shelf.seen
        self._sorted, self._unread = shelf.ordered, shelf.unread
        self._groups, self._groups_counted = shelf.groups, shelf.unread
        if relabel:
            self._left += self.relabel(shelf.changed, shelf.base)
            self._show_title()
        else:
            self.rebuild()

    def ready(self) -> bool:
        """Whether the list is read and current, so a key may act on a briefing of it (a
        warning says to wait when not)."""
        if self.list_pending:
            self.notify("The library is still being read: a moment.", severity="warning")
        return not self.list_pending

    def rebuild(self, shown: list[Briefing] | None = None) -> None:
        """Rebuild the top of the tree from the filter and the sort order (or show `shown`,
        the briefings a worker found the filter keeps). Read again under the same filter and
        order, the tree is shown as it was left (see `ViewKeeping`); else the cursor stays on
        the briefing it was on when that briefing is still shown."""
        if self._seen == -1:
            return  # not read yet: the title says so
        text = self.query_one("#library-filter", Input).value
        view = self.take_view() if self._built_as == (self.sort, text) else None
        current = self.current()
        kept_id, self._around = current.id if current is not None else self._around, None
        if self.sort not in self._sorted:
            self._sorted[self.sort] = ordered(self._all, self.sort)
        self.shown = shown if shown is not None else kept(self._sorted[self.sort], text, self.read)
        tree = self.tree
        tree.clear()
        self._forget_nodes()
        self._built_as = (self.sort, text)
        # Every briefing shown: its groups and counts as the worker made them.
        whole = not text.strip() and self._groups_counted is self._unread
        self._pre = self._groups.get(self.sort) if whole else None
        sources = self._sources(self._pre)
        expand = len(self.shown) <= EXPAND_ALL
        for key, items, left in sources:
            node = self._add_group(tree.root, key, items, left)
            if view is not None:
                self.reopen(node, view, expand or len(sources) == 1)
            elif expand or len(sources) == 1:
                self._expand(node, expand)
        self._show_title()
        if view is not None and self.put_view(view):
            return
        node = self._reveal(kept_id) if kept_id is not None else None
        if node is None and tree.root.children:
            # The first row at the deepest level shown: after a filter that leaves a few
            # briefings (all expanded), enter opens the first of them.
            node = tree.root.children[0]
            while node.is_expanded and node.children:
                node = node.children[0]
        if node is not None:
            self._cursor_to(node)

    def _show_title(self) -> None:
        total = plural(len(self._all), "briefing")
        left = plural(self._left, "section")
        title = f"Library: {len(self.shown)} of {total} shown, {left} unread"
        title += f" · sorted by {self.sort}"
        self.query_one("#library-title", TitleLine).update(title)

    # -- the briefing under the cursor --------------------------------------------------------
    def current(self) -> Briefing | None:
        """The briefing under the tree cursor, if the cursor is on one."""
        node = self.tree.cursor_node
        if node is None or node.data is None or node.data[0] != "briefing":
            return None
        return cast(Briefing, node.data[1])

    def _need_current(self) -> Briefing | None:
        b = self.current()
        if b is None:
            self.notify("Put the cursor on a briefing first.", severity="warning")
        return b

    def on_tree_node_selected(self, event: Tree.NodeSelected[Any]) -> None:
        event.stop()
        if event.node.data is None or event.node.data[0] != "briefing":
            event.node.toggle()
            return
        if self.ready():
            self.open_briefing(event.node.data[1])

    def open_briefing(self, b: Briefing) -> None:
        """Open a briefing in the reader at its first unread section (its first if all read)."""
        done = self.read.get(b.id, frozenset())
        order = next((o for o in range(1, b.section_count + 1) if o not in done), 1)
        self.dismiss_to_reader()
        if not self.host.open_section(f"{b.id}-{order}"):
            self.notify("That briefing has no sections.", severity="warning")

    def dismiss_to_reader(self) -> None:
        """Go back to the reader."""
        if self.app.screen is self:
            self.app.pop_screen()

    # -- actions ------------------------------------------------------------------------------
    def action_close(self) -> None:
        """Back to the reader (escape in the filter box goes back to the list first)."""
        box = self.query_one("#library-filter", Input)
        if box.has_focus and box.value:
            box.value = ""
            self.tree.focus()
            return
        self.dismiss_to_reader()

    def action_filter(self) -> None:
        """Type to filter by title, source or date."""
        self.query_one("#library-filter", Input).focus()

    def action_sort(self) -> None:
        """Sort briefings by date or by title."""
        self.sort = "title" if self.sort == "date" else "date"
        self.rebuild()
