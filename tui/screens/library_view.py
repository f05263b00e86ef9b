"""The library screen's tree as the user left it: the line under the cursor, the lines to fall
back on when it is gone, the groups open and the cursor's row on screen, so a tree rebuilt
after a delete, an edit or another process's change is shown the same way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from store.shelf import group_key

if TYPE_CHECKING:
    from tui.screens.library_tree import LibraryTree, Node

# A line of the tree by what it stands for: ("briefing", id) or ("group", its group key).
Line = tuple[str, Any]
# Lines either side of the cursor's month looked at when its briefings are all gone.
AROUND = 24
LEVELS = {"source": 1, "year": 2, "month": 3}


def line_of(node: Node) -> Line:
    """What a line of the tree stands for."""
    kind, what = node.data
    if kind == "briefing":
        return ("briefing", what.id)
    return ("group", group_key(what[0])[: LEVELS[kind]])


@dataclass(frozen=True)
class TreeView:
    """How the tree was shown: where its cursor goes back to, in order of preference (the
    line it was on, then its neighbours), which groups were open and which made, and the
    cursor's row on screen (None when it was out of sight)."""

    lines: list[Line]
    after: range  # which of `lines` follow the cursor's in the tree, past its group
    open: frozenset[tuple[str, ...]]
    made: frozenset[tuple[str, ...]]
    row: int | None


class ViewKeeping:
    """Mixin of the library screen: takes the tree's view before a rebuild, puts it back after."""

    _groups_at: dict[tuple[str, ...], Node]
    _leaves: dict[str, Node]

    if TYPE_CHECKING:  # given by the screen

        @property
        def tree(self) -> LibraryTree: ...
        def _fill(self, node: Node) -> None: ...
        def _reveal(self, briefing_id: str) -> Node | None: ...
        def _cursor_to(self, node: Node, row: int | None = None) -> None: ...

    def take_view(self) -> TreeView | None:
        """The tree's view now (None while it has no cursor line)."""
        tree = self.tree
        node = tree.cursor_node
        if node is None or node.data is None:
            return None
        # The cursor's own line, the rest of its group after it, then before it (nearest
        # first): the one that takes a deleted briefing's place, as the list shows it.
        siblings = node.parent.children if node.parent is not None else [node]
        at = siblings.index(node)
        near = [*siblings[at + 1 :], *reversed(siblings[:at])]
        # Then the lines around (its group gone): after it, then before it.
        line = tree.cursor_line
        after = [tree.get_node_at_line(n) for n in range(line + 1, line + AROUND)]
        before = [tree.get_node_at_line(n) for n in range(line - 1, max(line - AROUND, -1), -1)]
        lines = [line_of(n) for n in (node, *near)]
        start = len(lines)
        lines += [line_of(n) for n in after if n is not None]
        follow = range(start, len(lines))
        lines += [line_of(n) for n in before if n is not None]
        row = line - round(tree.scroll_y)
        shown = 0 <= row < tree.scrollable_content_region.height
        return TreeView(
            lines,
            follow,
            frozenset(k for k, n in self._groups_at.items() if n.is_expanded),
            frozenset(self._groups_at),
            row if shown else None,
        )

    def reopen(self, node: Node, view: TreeView, deep: bool) -> None:
        """Open a group added to the tree as it was in `view` (a group new to the tree: open
        when `deep`, as a short list shows every group open), its groups inside it too."""
        key = line_of(node)[1]
        if key not in view.open and (key in view.made or not deep):
            return
        self._fill(node)
        node.expand()
        for child in node.children:
            if child.allow_expand:
                self.reopen(child, view, deep)

    def put_view(self, view: TreeView) -> bool:
        """Put the cursor back as `view` had it: on its line if still there, else on the
        nearest of the others shown (False when none is)."""
        for n, (kind, what) in enumerate(view.lines):
            if kind == "briefing":
                # The cursor's own briefing is followed wherever an edit moved it.
                node = self._reveal(what) if n == 0 else self._leaves.get(what)
            else:
                node = self._groups_at.get(what)
            if node is None or (node.parent is not None and not _shown(node)):
                continue
            if n in view.after and kind == "group":
                # A group after the one gone, open: its first line at the deepest level.
                while node.is_expanded and node.children:
                    node = node.children[0]
            self._cursor_to(node, view.row)
            return True
        return False


def _shown(node: Node) -> bool:
    """Whether every group above a node is open."""
    up = node.parent
    while up is not None and up.parent is not None:
        if not up.is_expanded:
            return False
        up = up.parent
    return True
