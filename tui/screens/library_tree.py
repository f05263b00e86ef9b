"""The library screen's tree: sources, years, months and briefings, filled as they open."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from store.models import Briefing
from store.sanitize import clean_line
from store.shelf import group_key, unread_count
from store.typeset import fit_line
from tui.wording import plural

if TYPE_CHECKING:
    from tui.screens.library_list import Groups

Node = TreeNode[Any]

# A title is cut to this many cells, so the counts after it stay on screen at 80 columns
# (a briefing line also holds its tree guides, date, section count and progress).
TITLE_CELLS = 34
# However narrow a line, the part that gives way keeps this many cells.
PART_CELLS = 8


class TreeLine(Text):
    """A tree label with one part that gives way: on a line wider than the tree, that part (a
    title, a source's name) is cut by cells with "…", so the counts after it stay in sight."""

    __slots__ = ("_give", "_give_style")

    def __init__(self, head: str = "", head_style: str = "") -> None:
        """Start the label with `head` (a date, say), which never gives way."""
        super().__init__(head, style=head_style)
        self._give = (0, 0)
        self._give_style = ""

    def give_way(self, text: str, style: str = "") -> TreeLine:
        """Append the part that is cut when the line is too wide (on one line: runs of white
        space made one space, as `fit_line` makes them)."""
        text = " ".join(text.split())
        start = len(self.plain)
        self.append(text, style=style)
        self._give, self._give_style = (start, len(self.plain)), style
        return self

    def fitted(self, cells: int) -> Text:
        """The label in at most `cells` cells: its giving part cut first, then the rest."""
        if self.cell_len <= cells:
            return self.copy()
        if cells <= 0:
            return Text()
        start, end = self._give
        part = self.plain[start:end]
        # The part keeps a few cells however narrow the line: a name cut to nothing says
        # less than counts cut short.
        room = max(cells - (self.cell_len - cell_len(part)), min(cell_len(part), PART_CELLS))
        line = self[:start]
        line.append(fit_line(part, room), style=self._give_style)
        line.append_text(self[end:])
        line.truncate(max(cells, 0), overflow="ellipsis")
        return line


def group_label(name: str, count: int, unread: int) -> TreeLine:
    """A source, year or month: its name, briefings and unread sections (never markup)."""
    label = TreeLine(head_style="bold").give_way(clean_line(name), "bold")
    label.append(f"  {plural(count, 'briefing')}", style="dim")
    if unread:
        label.append(f"  {unread} unread", style="dim")
    return label


def briefing_label(b: Briefing, read: Mapping[str, frozenset[int]]) -> TreeLine:
    """Date, title, section count and reading progress of one briefing (never markup)."""
    left = unread_count(b, read)
    line = TreeLine(f"{b.date or '(no date)':<10}  ", "dim")
    line.give_way(fit_line(clean_line(b.title), TITLE_CELLS), "bold" if left else "")
    line.append(f"  {plural(b.section_count, 'section')}", style="dim")
    line.append(f"  {b.section_count - left}/{b.section_count} read", style="dim")
    return line


class LibraryTree(Tree[Any]):
    """Sources, years, months and briefings; group nodes fill their children on expand."""

    def process_label(self, label: str | Text) -> Text:
        """Labels are briefing text: never parse them as markup."""
        return Text(label) if isinstance(label, str) else label

    def render_label(self, node: Node, base_style: Style, style: Style) -> Text:
        """The label cut by cells to the room its line leaves (a tree never scrolls sideways)."""
        text = super().render_label(node, base_style, style)
        label = node.label
        depth, up = -1, node.parent  # the hidden root's children have no guides
        while up is not None:
            depth, up = depth + 1, up.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if not isinstance(label, TreeLine) or room <= 0 or text.cell_len <= room:
            return text
        prefix = text[: len(text.plain) - len(label.plain)]  # the expand icon, if any
        fitted = label.fitted(room - prefix.cell_len)
        fitted.stylize(style)
        return Text.assemble(prefix, fitted)

    def get_label_width(self, node: Node) -> int:
        """No width to measure: each label is fitted to its line when drawn, so the tree never
        scrolls sideways (Tree would otherwise draw every label of the tree on each change)."""
        return 0


class TitleLine(Widget):
    """One line of plain text, cut by cells with "…" to the widget's width (never markup)."""

    def __init__(self, text: str, *, id: str | None = None) -> None:
        """Show `text`."""
        super().__init__(id=id)
        self.text = text

    def update(self, text: str) -> None:
        """Show other text."""
        self.text = text
        self.refresh()

    def render(self) -> Text:
        """The text, fitted to the width laid out (whole before the first layout)."""
        width = self.content_region.width
        return Text(fit_line(self.text, width) if width > 0 else self.text)


class TreeFilling:
    """Mixin of the library screen: a group's children are added when it is first opened."""

    read: dict[str, frozenset[int]]
    shown: list[Briefing]
    _unread: dict[str, int]
    _left: int

    if TYPE_CHECKING:  # given by the screen

        @property
        def tree(self) -> LibraryTree: ...
        def call_after_refresh(self, *args: Any) -> bool: ...

    def _cursor_to(self, node: Node, row: int | None = None) -> None:
        """Put the cursor on a node, in sight (on the tree's `row`-th line shown, if it can)."""
        # Moved now, not after the next refresh: a key pressed meanwhile would be undone. A
        # rebuilt tree numbers its lines when idle or drawn: asking for the last line numbers
        # them now, so the cursor lands on the node rather than on line 0.
        self.tree.last_line  # noqa: B018
        self.tree.move_cursor(node)
        self._keep_in_view(node, row)
        # Scrolled again once the layout knows the tree's new height.
        self.call_after_refresh(self._keep_in_view, node, row)

    def _keep_in_view(self, node: Node, row: int | None = None) -> None:
        tree = self.tree
        if tree.cursor_node is not node:
            return  # the cursor moved on, and scrolled itself
        if row is not None:
            tree.scroll_to(y=max(tree.cursor_line - row, 0), animate=False, immediate=True)
        tree.scroll_to_node(node, animate=False)

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

    def _add_group(
        self, parent: Node, key: tuple[str, ...], items: list[Briefing], left: int | None = None
    ) -> Node:
        """Add a source's, year's or month's node (`key`: its group key so far), noting it
        and its count of unread sections (`left`, when counted already) so a mark relabels
        it without a recount."""
        if left is None:
            left = sum(self._unread.get(b.id, 0) for b in items)
        kind = ("source", "year", "month")[len(key) - 1]
        node = parent.add(group_label(key[-1], len(items), left), (kind, items))
        self._groups_at[key] = node
        self._left_at[key] = left
        return node

    def _sources(self, pre: Groups | None) -> list[tuple[tuple[str, ...], list[Briefing], int]]:
        """The sources of the briefings shown, each with its briefings and unread sections
        (from `pre` when the worker grouped them); sets the unread total."""
        if pre is not None:
            self._left = pre[()][1]
            return [(key, pre[key][0], pre[key][1]) for key in pre[()][2]]
        groups: dict[str, list[Briefing]] = {}
        for b in self.shown:
            groups.setdefault(group_key(b)[0], []).append(b)
        self._left = sum(self._unread.get(b.id, 0) for b in self.shown)
        unread = self._unread
        return [((k,), v, sum(unread.get(b.id, 0) for b in v)) for k, v in groups.items()]

    def _forget_nodes(self) -> None:
        """The tree was cleared: no node is noted any more."""
        self._pre: Groups | None = None  # the worker's groups of the tree shown, if it is theirs
        self._leaves: dict[str, Node] = {}
        self._groups_at: dict[tuple[str, ...], Node] = {}
        self._left_at: dict[tuple[str, ...], int] = {}

    def relabel(self, changed: list[Briefing], before: Mapping[str, int]) -> int:
        """Show the unread counts of the `changed` briefings (`before` holding the counts
        shown) on their lines and their groups' alone; returns how the unread total moved."""
        moved = 0
        for b in changed:
            delta = self._unread.get(b.id, 0) - before.get(b.id, 0)
            leaf = self._leaves.get(b.id)
            if leaf is not None:
                leaf.set_label(briefing_label(b, self.read))
            keys = group_key(b)
            for depth in (1, 2, 3) if delta else ():
                key = keys[:depth]
                node = self._groups_at.get(key)
                if node is not None:
                    self._left_at[key] += delta
                    node.set_label(group_label(key[-1], len(node.data[1]), self._left_at[key]))
            moved += delta
        return moved

    def _fill(self, node: Node) -> None:
        """Add a group node's children (years, months or briefings) once."""
        kind, items = node.data
        if node.children or kind == "briefing":
            return
        level = {"source": 1, "year": 2}.get(kind)
        if level is None:  # a month: its briefings
            for b in items:
                self._leaves[b.id] = node.add_leaf(briefing_label(b, self.read), ("briefing", b))
            return
        pre = self._pre.get(group_key(items[0])[:level]) if self._pre and items else None
        if pre is not None and pre[0] is items:  # grouped by the worker
            for key in pre[2]:
                self._add_group(node, key, *self._pre[key][:2])
            return
        groups: dict[str, list[Briefing]] = {}
        for b in items:
            groups.setdefault(group_key(b)[level], []).append(b)
        for sub in groups.values():
            self._add_group(node, group_key(sub[0])[: level + 1], sub)

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
