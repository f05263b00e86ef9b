"""The library screen: every briefing by source, year and month, to browse, filter and tidy.

The tree is lazy: only the sources exist up front, a year's months and a month's briefings
are added when they are expanded, so the screen opens as fast with ten thousand briefings as
with ten. Filtering and sorting work on the briefing rows in memory (no section is read).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, Tree
from textual.widgets.tree import TreeNode

from store.errors import BriefingError
from store.models import Briefing
from store.sanitize import clean_line
from store.shelf import Filter, group_key, ordered, unread_count
from store.typeset import fit_line
from tui.host import LibraryChange, ReaderHost
from tui.screens.library_edits import LibraryEdits
from tui.watch import StoreChanged
from tui.wording import plural

# A filter that leaves this few briefings shows them all, expanded.
EXPAND_ALL = 60
Node = TreeNode[Any]


# A title is cut to this many cells, so the counts after it stay on screen at 80 columns
# (a briefing line also holds its tree guides, date, section count and progress).
TITLE_CELLS = 34


def briefing_label(b: Briefing, read: Mapping[str, frozenset[int]]) -> Text:
    """Date, title, section count and reading progress of one briefing (never markup)."""
    left = unread_count(b, read)
    line = Text(f"{b.date or '(no date)':<10}  ", style="dim")
    line.append(fit_line(clean_line(b.title), TITLE_CELLS), style="bold" if left else "")
    line.append(f"  {plural(b.section_count, 'section')}", style="dim")
    line.append(f"  {b.section_count - left}/{b.section_count} read", style="dim")
    return line


class LibraryTree(Tree[Any]):
    """Sources, years, months and briefings; group nodes fill their children on expand."""

    def process_label(self, label: str | Text) -> Text:
        """Labels are briefing text: never parse them as markup."""
        return Text(label) if isinstance(label, str) else label


class LibraryScreen(LibraryEdits, Screen[None]):
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
        # The catalog's generation the list was read at (-1: not read yet).
        self._seen = -1

    @property
    def host(self) -> ReaderHost:
        """The app, as what a screen may ask of it."""
        return cast(ReaderHost, self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="library-panel"):
            yield Static(Text("Library"), id="library-title")
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
        yield Footer()

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
        """Read the briefing rows and the read state again, then rebuild the tree unless
        neither changed (a change this process made is told twice: by the library's signal
        and by the watcher, should it look at the files first)."""
        lib = self.host.library
        briefings = lib.briefings()
        seen = lib.catalog.generation
        try:
            read = lib.read_state.all()
        except BriefingError as exc:
            read = {}
            self.notify(str(exc), severity="error", markup=False)
        if seen == self._seen and read == self.read:
            return
        self._all, self.read, self._seen = briefings, read, seen
        self._sorted = {}
        self._unread = {b.id: unread_count(b, self.read) for b in self._all}
        self.rebuild()

    def rebuild(self) -> None:
        """Rebuild the top of the tree from the filter and the sort order; the cursor stays
        on the briefing it was on when that briefing is still shown."""
        current = self.current()
        kept_id, self._around = current.id if current is not None else self._around, None
        text = self.query_one("#library-filter", Input).value
        chosen = Filter.parse(text)
        if self.sort not in self._sorted:
            self._sorted[self.sort] = ordered(self._all, self.sort)
        # Filtering keeps the order, so the sorted list is only picked from.
        self.shown = [b for b in self._sorted[self.sort] if chosen.keeps(b, self.read)]
        tree = self.tree
        tree.clear()
        groups: dict[str, list[Briefing]] = {}
        for b in self.shown:
            groups.setdefault(group_key(b)[0], []).append(b)
        expand = len(self.shown) <= EXPAND_ALL
        for source, items in groups.items():
            node = tree.root.add(self._group_label(source, items), ("source", items))
            if expand or len(groups) == 1:
                self._expand(node, expand)
        total = plural(len(self._all), "briefing")
        left = sum(self._unread.get(b.id, 0) for b in self.shown)
        title = f"Library: {len(self.shown)} of {total} shown, {plural(left, 'section')} unread"
        title += f" · sorted by {self.sort}"
        self.query_one("#library-title", Static).update(Text(title))
        node = self._reveal(kept_id) if kept_id is not None else None
        if node is None and tree.root.children:
            # The first row at the deepest level shown: after a filter that leaves a few
            # briefings (all expanded), enter opens the first of them.
            node = tree.root.children[0]
            while node.is_expanded and node.children:
                node = node.children[0]
        if node is not None:
            self._cursor_to(node)

    def _cursor_to(self, node: Node) -> None:
        # Moved now, not after the next refresh: a key pressed meanwhile would be undone. A
        # rebuilt tree numbers its lines when idle or drawn: asking for the last line numbers
        # them now, so the cursor lands on the node rather than on line 0.
        self.tree.last_line  # noqa: B018
        self.tree.move_cursor(node)
        # Scrolled again once the layout knows the tree's new height.
        self.call_after_refresh(self._keep_in_view, node)

    def _keep_in_view(self, node: Node) -> None:
        if self.tree.cursor_node is node:  # else the cursor moved on, and scrolled itself
            self.tree.scroll_to_node(node, animate=False)

    def _reveal(self, briefing_id: str) -> Node | None:
        """Expand the groups down to a briefing and return its node (None when not shown)."""
        b = next((x for x in self.shown if x.id == briefing_id), None)
        if b is None:
            return None
        node: Node = self.tree.root
        for level, key in enumerate(group_key(b)):
            child = next((c for c in node.children if group_key(c.data[1][0])[level] == key), None)
            if child is None:
                return None
            self._fill(child)
            child.expand()
            node = child
        return next((c for c in node.children if c.data[1].id == briefing_id), None)

    def _group_label(self, name: str, items: list[Briefing]) -> Text:
        left = sum(self._unread.get(b.id, 0) for b in items)
        label = Text(clean_line(name), style="bold")
        label.append(f"  {plural(len(items), 'briefing')}", style="dim")
        if left:
            label.append(f"  {left} unread", style="dim")
        return label

    def _fill(self, node: Node) -> None:
        """Add a group node's children (years, months or briefings) once."""
        kind, items = node.data
        if node.children or kind == "briefing":
            return
        level = {"source": 1, "year": 2}.get(kind)
        if level is None:  # a month: its briefings
            for b in items:
                node.add_leaf(briefing_label(b, self.read), ("briefing", b))
            return
        groups: dict[str, list[Briefing]] = {}
        for b in items:
            groups.setdefault(group_key(b)[level], []).append(b)
        for name, sub in groups.items():
            node.add(self._group_label(name, sub), ("year" if level == 1 else "month", sub))

    def _expand(self, node: Node, deep: bool) -> None:
        self._fill(node)
        node.expand()
        if deep or len(node.children) == 1:
            for child in node.children:
                if child.allow_expand:
                    self._expand(child, deep)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Any]) -> None:
        event.stop()
        self._fill(event.node)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.rebuild()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.tree.focus()

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
