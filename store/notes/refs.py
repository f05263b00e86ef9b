"""What notes and bookmarks share: ids, clock, block text and the briefing context they cite."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from store.errors import NotFound
from store.models import Block, Briefing, Byline, Section
from store.numbering import block_kinds

if TYPE_CHECKING:
    from store.library import Library

QUOTE_CHARS = 80


def now_iso(now: datetime | None = None) -> str:
    """An ISO-8601 UTC timestamp to the second, e.g. 2018-11-22T08:00:00Z."""
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id(prefix: str, taken: set[str] | None = None) -> str:
    """A short random id such as n3f9a0c12d4; retried on the rare clash with `taken`."""
    while True:
        ident = prefix + secrets.token_hex(5)
        if not taken or ident not in taken:
            return ident


def block_text(block: Block) -> str:
    """The readable text of a block; a table reads as its columns, then its rows."""
    if block.type == "table":
        parts = [" | ".join(block.columns)] if block.columns else []
        parts.extend(" | ".join(row) for row in block.rows)
        if block.note:
            parts.append(block.note)
        return "\n".join(parts)
    return block.text


def first_chars(text: str, limit: int = QUOTE_CHARS) -> str:
    """The first `limit` characters of text on one line, with an ellipsis when cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# Inside a passage set in double quotes, its own double quotes become single ones.
_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’"})


def quoted(text: str) -> str:
    """Text in Chinese double quotes, its own double quotes turned into the inner kind."""
    return "“" + text.translate(_INNER_QUOTES) + "”"


@dataclass(frozen=True, slots=True)
class BriefingRef:
    """Enough of a briefing to cite it, kept with each mark so it outlives the briefing."""

    id: str
    content_hash: str = ""
    title: str = ""
    date: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape kept in the user file and in exports."""
        return {
            "id": self.id,
            "content_hash": self.content_hash,
            "title": self.title,
            "date": self.date,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None, fallback_id: str = "") -> BriefingRef:
        """Build from the stored shape; tolerant of missing keys."""
        data = data or {}
        return cls(
            id=str(data.get("id") or fallback_id),
            content_hash=str(data.get("content_hash") or ""),
            title=str(data.get("title") or ""),
            date=data.get("date"),
            source=data.get("source"),
        )


@dataclass(frozen=True, slots=True)
class SectionRef:
    """Enough of a section to cite it: order, headline, kicker and byline."""

    id: str
    order: int = 0
    headline: str = ""
    kicker: str | None = None
    byline: Byline = field(default_factory=Byline)
    # The section's shape (store.numbering.block_kinds), so a mark keeps its ¶ number even
    # after its briefing is deleted; empty in marks made before it was kept.
    kinds: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape kept in the user file and in exports."""
        data = {
            "id": self.id,
            "order": self.order,
            "headline": self.headline,
            "kicker": self.kicker,
            "byline": self.byline.to_dict(),
        }
        if self.kinds:
            data["kinds"] = self.kinds
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None, fallback_id: str = "") -> SectionRef:
        """Build from the stored shape; tolerant of missing keys."""
        data = data or {}
        order = data.get("order")
        return cls(
            id=str(data.get("id") or fallback_id),
            order=order if isinstance(order, int) else section_order(fallback_id),
            headline=str(data.get("headline") or ""),
            kicker=data.get("kicker"),
            byline=Byline.from_dict(data.get("byline")),
            kinds=str(data.get("kinds") or ""),
        )


def section_order(section_id: str) -> int:
    """The order part of a `<briefing_id>-<order>` section id (0 when malformed)."""
    tail = section_id.rpartition("-")[2]
    return int(tail) if tail.isdigit() else 0


class Context:
    """Looks up briefings and sections once per operation and builds their refs."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self._all: list[Briefing] | None = None
        self._sections: dict[str, Section | None] = {}

    def _briefings(self) -> list[Briefing]:
        if self._all is None:
            self._all = list(self.lib.briefings())
        return self._all

    def briefing_index(self) -> dict[str, int]:
        """Each live briefing's position in library (import) order."""
        return {b.id: i for i, b in enumerate(self._briefings())}

    def briefing(self, briefing_id: str) -> BriefingRef | None:
        """The live briefing's ref, or None when it is not in the library (its row only)."""
        b = self.lib.find_briefing(briefing_id)
        return briefing_ref(b) if b is not None else None

    def briefing_by_hash(self, content_hash: str) -> BriefingRef | None:
        """The live briefing with this content hash, if any."""
        for b in self._briefings():
            if content_hash and b.content_hash == content_hash:
                return briefing_ref(b)
        return None

    def section(self, section_id: str) -> Section | None:
        """The live section, or None when it is not in the library."""
        if section_id not in self._sections:
            try:
                self._sections[section_id] = self.lib.section(section_id)
            except NotFound:
                self._sections[section_id] = None
        return self._sections[section_id]

    def sections_of(self, briefing_id: str) -> list[Section]:
        """Every live section of a briefing in reading order."""
        found = []
        if self.lib.find_briefing(briefing_id) is not None:
            for head in self.lib.heads(briefing_id):
                section = self.section(head.id)
                if section is not None:
                    found.append(section)
        return found

    def require_section(self, section_id: str) -> Section:
        """The live section, or NotFound with a one-line message."""
        section = self.section(section_id)
        if section is None:
            raise NotFound(f"no section {section_id!r} (see `briefing list`)")
        return section


def briefing_ref(b: Briefing) -> BriefingRef:
    """The citation ref of a live briefing."""
    return BriefingRef(b.id, b.content_hash, b.title, b.date, b.source)


def section_ref(section: Section) -> SectionRef:
    """The citation ref of a live section."""
    return SectionRef(
        section.id,
        section.order,
        section.headline,
        section.kicker,
        section.byline,
        block_kinds(section.blocks),
    )


def check_block(section: Section, block: int) -> Block:
    """The block at index `block`, or ValueError naming the valid range."""
    if isinstance(block, bool) or not isinstance(block, int):
        raise ValueError(f"block must be a whole number, not {block!r}")
    if not 0 <= block < len(section.blocks):
        raise ValueError(
            f"block {block} is out of range for section {section.id} (0..{len(section.blocks) - 1})"
        )
    return section.blocks[block]


def order_key(
    briefing_index: dict[str, int], briefing_id: str, order: int, block: int | None
) -> tuple[int, str, int, int]:
    """Sort key for reading order: library order of briefings, then section, then block."""
    rank = briefing_index.get(briefing_id, len(briefing_index))
    return (rank, briefing_id, order, -1 if block is None else block)
