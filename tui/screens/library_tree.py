"""The library screen's tree: sources, years, months and briefings, filled as they open."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from store.models import Briefing
from store.sanitize import clean_line
from store.shelf import group_key, unread_count
from store.typeset import fit_line
from tui.wording import plural

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


class TreeFilling:
    """Mixin of the library screen: a group's children are added when it is first opened."""

    read: dict[str, frozenset[int]]
    shown: list[Briefing]
    _unread: dict[str, int]

    if TYPE_CHECKING:  # given by the screen

        @property
        def tree(self) -> LibraryTree: ...
        def call_after_refresh(self, *args: Any) -> bool: ...

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
        """A group opened: its children are added now."""
        event.stop()
        self._fill(event.node)
