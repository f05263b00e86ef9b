"""The outline's counts and marks of what was read: unread sections per briefing and group,
and a mark on each read section shown; relabelled when the read state changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.widgets.tree import TreeNode

from store.models import Briefing, SectionHead
from tui.widgets.outline_groups import BriefingGroup
from tui.widgets.outline_labels import OutlineRef, briefing_label, group_label, section_label


class ReadMarks:
    """Mixed into the outline: what it shows of the read state, changed in place."""

    _briefings: dict[str, Briefing]
    _unread: dict[str, int]
    # Read section orders by briefing, as the section nodes show them.
    _read: dict[str, frozenset[int]]
    _briefing_nodes: dict[str, TreeNode[OutlineRef]]
    _groups: list[BriefingGroup]
    _group_nodes: list[TreeNode[OutlineRef]]
    _group_of: dict[str, int]
    _heads: dict[str, SectionHead]

    def set_unread(self, briefing_id: str, unread: int, read: frozenset[int] | None = None) -> None:
        """Show a briefing's count of unread sections (and its group's), and, given its read
        section orders, which of its sections are read."""
        briefing = self._briefings.get(briefing_id)
        if briefing is None:
            return
        if read is not None:
            self._mark_sections(briefing_id, read)
        self._unread[briefing_id] = unread
        node = self._briefing_nodes.get(briefing_id)
        if node is not None:
            node.set_label(briefing_label(briefing, unread))
        number = self._group_of.get(briefing_id)
        if number is not None:
            self._group_nodes[number].set_label(group_label(self._groups[number], self._unread))

    def recount(
        self, read: Mapping[str, frozenset[int]], only: Iterable[str] | None = None
    ) -> None:
        """Take the unread counts from `read` again, of the briefings `only` names (all when
        None); only changed labels are redrawn."""
        from store.shelf import unread_count

        ids = list(self._briefings) if only is None else [b for b in only if b in self._briefings]
        for briefing_id in ids:
            unread = unread_count(self._briefings[briefing_id], read)
            if self._unread.get(briefing_id) != unread:
                self.set_unread(briefing_id, unread)
        for briefing_id in ids:
            node = self._briefing_nodes.get(briefing_id)
            if node is not None and node.children:  # its sections are shown: mark the changed
                self._mark_sections(briefing_id, read.get(briefing_id, frozenset()))
        if only is None:
            self._read = dict(read)
        else:
            for briefing_id in ids:
                self._read[briefing_id] = read.get(briefing_id, frozenset())

    def shows_read(self, ref: OutlineRef) -> bool:
        """Whether a section's node shows it read."""
        head = self._heads.get(ref.section_id or "")
        return head is not None and head.order in self._read.get(ref.briefing_id, ())

    def _mark_sections(self, briefing_id: str, read: frozenset[int]) -> None:
        """Relabel the shown sections of a briefing whose read state changed (no others)."""
        was = self._read.get(briefing_id, frozenset())
        self._read[briefing_id] = read
        node = self._briefing_nodes.get(briefing_id)
        if node is None or was == read:
            return
        for child in node.children:
            head = self._heads.get(child.data.section_id or "") if child.data else None
            if head is not None and (head.order in was) != (head.order in read):
                child.set_label(section_label(head, head.order in read))
