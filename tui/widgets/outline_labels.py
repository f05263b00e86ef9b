"""What the outline's nodes point at and the labels it shows for them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from rich.text import Text

from store.models import Briefing, SectionHead
from store.sanitize import clean_line
from tui.widgets.layout import byline_text
from tui.widgets.outline_groups import BriefingGroup
from tui.wording import plural


class OutlineRef(NamedTuple):
    """What an outline node points at: a group of briefings, a briefing, a section, or a
    block of a section."""

    briefing_id: str
    section_id: str | None = None
    block: int | None = None
    # A group of briefings (a large library's month) has no briefing id, only its number.
    group: int | None = None


def head_tooltip(head: SectionHead) -> Text:
    """Kicker, headline, deck and byline of a section as a plain-text tooltip."""
    parts = [head.kicker, head.headline, head.deck]
    byline = byline_text(head)
    lines = [clean_line(p) for p in parts if p]
    if byline:
        lines.append(byline)
    return Text("\n".join(lines))


# Leads a read section's headline (drawn in the outline's `outline--read` style too): a
# check mark is one cell wide in every terminal, CJK ones included (not East Asian ambiguous).
READ_MARK = "✓ "


def section_label(head: SectionHead, read: bool) -> Text:
    """A section's node: its headline, led by a check mark once it is read."""
    label = Text(READ_MARK if read else "")
    label.append(clean_line(head.headline))
    return label


def briefing_label(briefing: Briefing, unread: int | None) -> Text:
    """A briefing's node: its unread count, title and date."""
    # The unread count leads, so a narrow outline cuts the title, never the count.
    title = Text(f"({unread}) " if unread else "", style="dim")
    title.append(clean_line(briefing.title), style="bold")
    if briefing.date:
        title.append(f"  {briefing.date}", style="dim")
    return title


def group_label(group: BriefingGroup, unread: Mapping[str, int], count: int | None = None) -> Text:
    """A group's node (a month of a large library): its members' unread sections (`count`
    when known already), its name and how many briefings it holds."""
    if count is None:
        count = sum(unread.get(b.id, 0) for b in group.members)
    label = Text(f"({count}) " if count else "", style="dim")
    label.append(group.name, style="bold")
    label.append(f"  {plural(len(group.members), 'briefing')}", style="dim")
    return label
