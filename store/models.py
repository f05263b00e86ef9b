"""The domain's value objects: briefings, sections, blocks and the user's marks on them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

BlockType = Literal["paragraph", "heading", "caption", "table"]
BLOCK_TYPES: tuple[BlockType, ...] = ("paragraph", "heading", "caption", "table")


@dataclass(frozen=True, slots=True)
class Byline:
    """Who wrote a section: a role such as 湖南日报记者 and the authors' names.

    `parts` keeps each role with its own names (本报记者 李苗、徐德荣 通讯员 王五),
    `photographers` the people credited for pictures (张三 摄), and `text` the byline as
    printed (names padded with full-width spaces stay padded there, never in `authors`).
    Only role, authors and photographers take part in equality.
    """

    role: str | None = None
    authors: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    parts: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)
    text: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape used by the store and the CLI.

        `photographers`, `parts` and `text` appear only when they add something: a photo
        credit, several roles, or a printed form other than role and names spaced out.
        """
        data: dict[str, Any] = {"role": self.role, "authors": list(self.authors)}
        if self.photographers:
            data["photographers"] = list(self.photographers)
        if len(self.parts) > 1:
            data["parts"] = [{"role": r, "names": list(n)} for r, n in self.parts]
        if self.text and self.text != self.plain():
            data["text"] = self.text
        return data

    def plain(self) -> str:
        """The byline on one line from its fields: role, then names, space separated."""
        return " ".join(p for p in (self.role, *self.authors) if p)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Byline:
        """Build from the stored JSON shape."""
        data = data or {}
        parts = tuple(
            (str(p.get("role") or ""), tuple(p.get("names") or ()))
            for p in data.get("parts") or ()
            if isinstance(p, dict)
        )
        return cls(
            role=data.get("role"),
            authors=tuple(data.get("authors") or ()),
            photographers=tuple(data.get("photographers") or ()),
            parts=parts,
            text=data.get("text"),
        )


@dataclass(frozen=True, slots=True)
class Block:
    """One typed piece of a section: a paragraph, a cross-head, a photo caption or a table."""

    type: BlockType
    text: str = ""
    columns: tuple[str, ...] = ()
    note: str | None = None
    # Body rows of a real grid (pipe, tab, aligned or HTML table); empty when the source only
    # describes a table, so no row is ever invented.
    rows: tuple[tuple[str, ...], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: tables carry columns, rows and note instead of text."""
        if self.type == "table":
            return {
                "type": "table",
                "columns": list(self.columns),
                "rows": [list(r) for r in self.rows],
                "note": self.note,
            }
        return {"type": self.type, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        """Build from the stored JSON shape."""
        if data["type"] == "table":
            rows = tuple(tuple(str(c) for c in r) for r in data.get("rows") or ())
            return cls(
                "table",
                columns=tuple(data.get("columns") or ()),
                note=data.get("note"),
                rows=rows,
            )
        return cls(data["type"], text=data.get("text", ""))


@dataclass(frozen=True, slots=True)
class Section:
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


@dataclass(frozen=True, slots=True)
class SectionHead:
    """A section's metadata and block counts, without the text."""

    id: str
    briefing_id: str
    order: int
    headline: str
    kicker: str | None = None
    deck: str | None = None
    byline: Byline = field(default_factory=Byline)
    dateline: str | None = None
    paragraphs: int = 0
    captions: int = 0
    tables: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a section in `briefing list --json`."""
        return {
            "id": self.id,
            "kicker": self.kicker,
            "headline": self.headline,
            "deck": self.deck,
            "byline": self.byline.to_dict(),
            "dateline": self.dateline,
            "paragraphs": self.paragraphs,
            "captions": self.captions,
            "tables": self.tables,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SectionHead:
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
            paragraphs=data.get("paragraphs", 0),
            captions=data.get("captions", 0),
            tables=data.get("tables", 0),
        )


@dataclass(frozen=True, slots=True)
class Briefing:
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
