"""The outline: briefings, their sections, and each section's cross-heads and points."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from store.models import Briefing, Section, SectionHead
from store.typeset import fitting
from tui.widgets.layout import outline_points
from tui.widgets.outline_groups import BriefingGroup, OutlinePlan, plan_outline
from tui.widgets.outline_labels import (
    OutlineRef,
    briefing_label,
    group_label,
    head_tooltip,
    section_label,
)
from tui.widgets.outline_read import ReadMarks


class Outline(ReadMarks, Tree[OutlineRef]):
    """A tree of briefings and sections; selecting a node asks to jump there."""

    # A read section's line (its mark is in the label; app.tcss gives the colour).
    COMPONENT_CLASSES: ClassVar[set[str]] = {"outline--read"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back to the text", id="outline.leave"),
        Binding("delete,d", "delete_briefing", "Delete briefing", id="outline.delete"),
    ]

    class Leave(Message):
        """Give the keys back to the text."""

    class DeleteBriefing(Message):
        """Ask to delete a briefing from the library (the screen confirms first)."""

        def __init__(self, briefing_id: str) -> None:
            self.briefing_id = briefing_id
            super().__init__()

    def action_delete_briefing(self) -> None:
        """Ask to delete the briefing under the cursor."""
        node = self.cursor_node
        if node is not None and node.data is not None and node.data.briefing_id:
            self.post_message(self.DeleteBriefing(node.data.briefing_id))

    def action_leave(self) -> None:
        """Go back to the text."""
        self.post_message(self.Leave())

    class Jump(Message):
        """Go to a section, and to one of its blocks when `block` is given."""

        def __init__(self, section_id: str, block: int | None) -> None:
            self.section_id = section_id
            self.block = block
            super().__init__()

    def __init__(
        self,
        load_section: Callable[[str], Section],
        load_heads: Callable[[str], Sequence[SectionHead]],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(Text("briefings"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = False
        self._load_section = load_section
        self._load_heads = load_heads
        self._briefing_nodes: dict[str, TreeNode[OutlineRef]] = {}
        self._briefings: dict[str, Briefing] = {}
        self._unread: dict[str, int] = {}
        # Read section orders by briefing, as the section nodes show them.
        self._read: dict[str, frozenset[int]] = {}
        self._groups: list[BriefingGroup] = []
        self._group_nodes: list[TreeNode[OutlineRef]] = []
        self._group_of: dict[str, int] = {}
        self._section_nodes: dict[str, TreeNode[OutlineRef]] = {}
        self._heads: dict[str, SectionHead] = {}
        self._filled: set[str] = set()
        # The read state's version the unread counts shown are of (see ReadState.changed_since).
        self.read_version = -1

    def process_label(self, label: str | Text) -> Text:
        """Labels are briefing text: never parse them as markup."""
        text = Text(label) if isinstance(label, str) else label
        return text.split()[0] if text.plain else text

    def render_label(self, node: TreeNode[OutlineRef], base_style: Style, style: Style) -> Text:
        """The label, cut with an ellipsis where the outline is too narrow for it."""
        ref = node.data
        if ref is not None and ref.block is None and ref.section_id and self.shows_read(ref):
            style = self.get_component_rich_style("outline--read") + style
        text = super().render_label(node, base_style, style)
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        # Guides take guide_depth cells per level below the briefings (the root is hidden).
        room = self.scrollable_content_region.width - self.guide_depth * max(0, depth - 1)
        if room > 3 and text.cell_len > room:
            return cut_to(text, room)
        return text

    def get_label_width(self, node: TreeNode[OutlineRef]) -> int:
        """No width to measure: labels are cut to the outline's width, which never scrolls
        sideways (Tree would otherwise render every label of the tree on each change)."""
        return 0

    def populate(
        self,
        briefings: list[Briefing],
        read: Mapping[str, frozenset[int]] | None = None,
        plan: OutlinePlan | None = None,
    ) -> None:
        """Rebuild the tree from the library's briefings, collapsed (from `plan` when a
        worker made it: the event loop then only adds the top nodes).

        A briefing's sections are read when it is first expanded; a library of more than
        GROUP_ABOVE briefings shows groups (its months, in date order), whose briefing nodes
        are made when the group is first expanded, so the outline of a library of years
        costs a node per month, not per briefing or section.
        """
        if plan is None:
            plan = plan_outline(briefings, read)
        self.clear()
        self._briefing_nodes.clear()
        self._section_nodes.clear()
        self._heads.clear()
        self._filled.clear()
        self._group_nodes.clear()
        self._briefings, self._unread, self._read = plan.by_id, dict(plan.unread), plan.read
        self._groups, self._group_of = plan.groups, plan.group_of
        self.read_version = plan.read_version
        if not plan.groups:
            self._add_briefings(self.root, plan.briefings)
            return
        for n, group in enumerate(self._groups):
            label = group_label(group, self._unread, plan.group_unread[n])
            node = self.root.add(label, OutlineRef("", group=n))
            self._group_nodes.append(node)

    def _add_briefings(self, parent: TreeNode[OutlineRef], briefings: list[Briefing]) -> None:
        for briefing in briefings:
            label = briefing_label(briefing, self._unread.get(briefing.id))
            node = parent.add(label, OutlineRef(briefing.id), allow_expand=True)
            self._briefing_nodes[briefing.id] = node

    def _fill_group(self, number: int) -> None:
        """Add a group's briefing nodes (once)."""
        node = self._group_nodes[number]
        if not node.children:
            self._add_briefings(node, self._groups[number].members)

    def _fill_briefing(self, briefing_id: str) -> None:
        """Add a briefing's sections under its node (once)."""
        number = self._group_of.get(briefing_id)
        if number is not None:
            self._fill_group(number)
        bnode = self._briefing_nodes.get(briefing_id)
        if bnode is None or bnode.children:
            return
        read = self._read.get(briefing_id, frozenset())
        for head in self._load_heads(briefing_id):
            label = section_label(head, head.order in read)
            node = bnode.add(label, OutlineRef(briefing_id, head.id))
            self._section_nodes[head.id] = node
            self._heads[head.id] = head

    def rebuild(
        self,
        briefings: list[Briefing],
        section_id: str,
        read: Mapping[str, frozenset[int]] | None = None,
        plan: OutlinePlan | None = None,
    ) -> None:
        """Populate again (with unread counts from `read`, or from `plan`), revealing
        `section_id`; a focused outline keeps its cursor's node."""
        focused = self.has_focus
        kept = self.cursor_node.data if focused and self.cursor_node is not None else None
        self.populate(briefings, read, plan)
        self.reveal(section_id)
        if kept is not None:
            node = self.node_for(kept)
            if node is not None and node.line >= 0:  # -1: inside a collapsed node
                self._cursor_to(node)

    def node_for(self, ref: OutlineRef) -> TreeNode[OutlineRef] | None:
        """The node pointing at `ref`, if the tree has one."""
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.data == ref:
                return node
            stack.extend(node.children)
        return None

    def fill_points(self, section: Section) -> None:
        """Add a section's cross-heads and enumerated points under its node (once)."""
        node = self._section_nodes.get(section.id)
        if node is None or section.id in self._filled:
            return
        self._filled.add(section.id)
        for block, label in outline_points(section):
            node.add_leaf(Text(label), OutlineRef(section.briefing_id, section.id, block))
        if not node.children:
            node.allow_expand = False

    def reveal(self, section_id: str) -> None:
        """Expand a section's node and put the outline cursor on it."""
        briefing_id = section_id.rpartition("-")[0]
        self._fill_briefing(briefing_id)
        node = self._section_nodes.get(section_id)
        if node is None:
            return
        number = self._group_of.get(briefing_id)
        if number is not None and not self._group_nodes[number].is_expanded:
            self._group_nodes[number].expand()
        bnode = self._briefing_nodes.get(briefing_id)
        if bnode is not None and not bnode.is_expanded:
            bnode.expand()
        if section_id not in self._filled:
            self.fill_points(self._load_section(section_id))
        for other_id, other in self._section_nodes.items():
            if other_id != section_id and other.is_expanded:
                other.collapse()
        node.expand()
        self._cursor_to(node)

    def _cursor_to(self, node: TreeNode[OutlineRef]) -> None:
        # Moved now, not after the next refresh: a key pressed meanwhile would be undone.
        # The lines are numbered first, since the expand/collapse above left them stale.
        self.last_line  # noqa: B018
        self.move_cursor(node)
        # Scrolled again once the layout knows the tree's new height.
        self.call_after_refresh(self._keep_in_view, node)

    def _keep_in_view(self, node: TreeNode[OutlineRef]) -> None:
        if self.cursor_node is node:  # else the cursor moved on, and scrolled itself
            self.scroll_to_node(node, animate=False)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[OutlineRef]) -> None:
        ref = event.node.data
        if ref is not None and ref.group is not None:
            self._fill_group(ref.group)
            return
        if ref is not None and ref.section_id is None:
            self._fill_briefing(ref.briefing_id)
            return
        if (
            ref is not None
            and ref.section_id
            and ref.block is None
            and (ref.section_id not in self._filled)
        ):
            self.fill_points(self._load_section(ref.section_id))

    def on_tree_node_selected(self, event: Tree.NodeSelected[OutlineRef]) -> None:
        event.stop()
        ref = event.node.data
        if ref is None:
            return
        if ref.section_id is None:
            event.node.toggle()
            return
        self.post_message(self.Jump(ref.section_id, ref.block))

    def watch_hover_line(self, previous: int, hover_line: int) -> None:
        super().watch_hover_line(previous, hover_line)
        node = self._get_node(hover_line)
        ref = node.data if node is not None else None
        head = self._heads.get(ref.section_id) if ref and ref.section_id else None
        self.tooltip = head_tooltip(head) if head is not None and ref.block is None else None


def cut_to(text: Text, cells: int) -> Text:
    """`text` in `cells` cells, ending with an ellipsis: whole characters only, so a wide one
    that would straddle the edge goes rather than leave a blank before the ellipsis."""
    cut = text[: fitting(text.plain, cells - 1)]
    cut.append("…")
    return cut
