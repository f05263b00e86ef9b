"""The domain's value objects: briefings, sections, blocks and the user's marks on them.

They are dataclasses whose generated methods are written once (`store.model_values`), so
importing them compiles no source text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from store.model_parts import BLOCK_TYPES, Block, BlockType, Byline, SectionHead
from store.model_values import FACTORY, FrozenValue, fields_of, set_field

__all__ = ["BLOCK_TYPES", "Block", "BlockType", "Briefing", "Byline", "Section", "SectionHead"]


@dataclass(slots=True, init=False, repr=False, eq=False)
class Section(FrozenValue):
    """One article of a briefing with its metadata and ordered blocks."""

    id: str
    briefing_id: str
    order: int
    headline: str
    kicker: str | None = None
    deck: str | None = None
    byline: Byline = field(default_factory=Byline)
    dateline: str | None = None
    blocks: tuple[Block, ...] = ()
    # The article's own date (YYYY-MM-DD) when the page gives one, e.g. `时间：2020-03-01`.
    date: str | None = None
    # Credit lines the page printed with the article (`责任编辑：李四`, `来源：人民网`), as printed.
    credits: tuple[str, ...] = ()

    def __init__(
        self,
        id: str,
        briefing_id: str,
        order: int,
        headline: str,
        kicker: str | None = None,
        deck: str | None = None,
        byline: Byline = FACTORY,
        dateline: str | None = None,
        blocks: tuple[Block, ...] = (),
        date: str | None = None,
        credits: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "briefing_id", briefing_id)
        set_field(self, "order", order)
        set_field(self, "headline", headline)
        set_field(self, "kicker", kicker)
        set_field(self, "deck", deck)
        set_field(self, "byline", Byline() if byline is FACTORY else byline)
        set_field(self, "dateline", dateline)
        set_field(self, "blocks", blocks)
        set_field(self, "date", date)
        set_field(self, "credits", credits)

    @property
    def paragraphs(self) -> int:
        """How many paragraph blocks the section has."""
        return sum(1 for b in self.blocks if b.type == "paragraph")

    @property
    def head_dateline(self) -> str | None:
        """The dateline to print in the head; None when the first paragraph opens with it."""
        if not self.dateline:
            return None
        first = next((b.text for b in self.blocks if b.type == "paragraph"), "")
        return None if first.lstrip().startswith(self.dateline.strip()) else self.dateline

    @property
    def captions(self) -> int:
        """How many caption blocks the section has."""
        return sum(1 for b in self.blocks if b.type == "caption")

    @property
    def tables(self) -> int:
        """How many table blocks the section has."""
        return sum(1 for b in self.blocks if b.type == "table")

    def head(self) -> SectionHead:
        """The section without its blocks, as kept in the catalog."""
        return SectionHead(
            id=self.id,
            briefing_id=self.briefing_id,
            order=self.order,
            headline=self.headline,
            kicker=self.kicker,
            deck=self.deck,
            byline=self.byline,
            dateline=self.dateline,
            paragraphs=self.paragraphs,
            captions=self.captions,
            tables=self.tables,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `briefing read --json`."""
        return {
            "id": self.id,
            "briefing_id": self.briefing_id,
            "order": self.order,
            "kicker": self.kicker,
            "headline": self.headline,
            "deck": self.deck,
            "byline": self.byline.to_dict(),
            "dateline": self.dateline,
            "paragraphs": self.paragraphs,
            "captions": self.captions,
            "tables": self.tables,
            "blocks": [b.to_dict() for b in self.blocks],
            **({"date": self.date} if self.date else {}),
            **({"credits": list(self.credits)} if self.credits else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        """Build from the stored JSON shape."""
        return cls(
            id=data["id"],
            briefing_id=data["briefing_id"],
            order=data["order"],
            headline=data["headline"],
            kicker=data.get("kicker"),
            deck=data.get("deck"),
            byline=Byline.from_dict(data.get("byline")),
            dateline=data.get("dateline"),
            blocks=tuple(Block.from_dict(b) for b in data.get("blocks") or ()),
            date=data.get("date"),
            credits=tuple(str(c) for c in data.get("credits") or ()),
        )


@dataclass(slots=True, init=False, repr=False, eq=False)
class Briefing(FrozenValue):
    """One imported briefing (a newspaper page or issue) and its section heads."""

    id: str
    title: str
    content_hash: str
    date: str | None = None
    date_inferred: bool = False
    source: str | None = None
    language: str = "zh-Hans"
    imported_at: str | None = None
    origin: str | None = None
    sections: tuple[SectionHead, ...] = ()
    # The catalog knows how many sections a briefing has; the heads come on demand.
    section_count: int = 0
    # Sections up to this order were there before the last import added to the briefing (a
    # feed that grew): only the later ones are new to the watches. 0: every section is new.
    new_from: int = 0

    def __init__(
        self,
        id: str,
        title: str,
        content_hash: str,
        date: str | None = None,
        date_inferred: bool = False,
        source: str | None = None,
        language: str = "zh-Hans",
        imported_at: str | None = None,
        origin: str | None = None,
        sections: tuple[SectionHead, ...] = (),
        section_count: int = 0,
        new_from: int = 0,
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "title", title)
        set_field(self, "content_hash", content_hash)
        set_field(self, "date", date)
        set_field(self, "date_inferred", date_inferred)
        set_field(self, "source", source)
        set_field(self, "language", language)
        set_field(self, "imported_at", imported_at)
        set_field(self, "origin", origin)
        set_field(self, "sections", sections)
        set_field(self, "section_count", section_count)
        set_field(self, "new_from", new_from)

    def to_dict(self, *, with_sections: bool = True) -> dict[str, Any]:
        """The JSON shape of a briefing in `briefing list --json`."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
        }
        if with_sections:
            data["sections"] = [s.to_dict() for s in self.sections]
        return data

    def with_sections(self, sections: tuple[SectionHead, ...]) -> Briefing:
        """A copy with other section heads."""
        return replace(self, sections=sections, section_count=len(sections))


fields_of(
    Section,
    "id briefing_id order headline kicker deck byline dateline blocks date credits",
)
fields_of(
    Briefing,
    "id title content_hash date date_inferred source language imported_at origin sections "
    "section_count new_from",
)


# The user's marks and the importer's output are built in modules of their own, loaded on
# first use: creating a dataclass costs about a millisecond, and a reader's first frame
# needs none of these.
_ELSEWHERE = {
    "Bookmark": "store.model_marks",
    "Note": "store.model_marks",
    "ParsedBriefing": "store.model_parsed",
    "ParsedSection": "store.model_parsed",
}


def __getattr__(name: str) -> Any:
    where = _ELSEWHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'store.models' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(where), name)
