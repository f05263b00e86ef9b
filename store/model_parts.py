"""A section's parts: its byline, its typed blocks, and its head (the section without its
text, as the head files and listings hold it); `store.models` names them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from store.model_values import FACTORY, FrozenValue, fields_of, set_field

BlockType = Literal["paragraph", "heading", "caption", "table"]
BLOCK_TYPES: tuple[BlockType, ...] = ("paragraph", "heading", "caption", "table")


@dataclass(slots=True, init=False, repr=False, eq=False)
class Byline(FrozenValue):
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

    def __init__(
        self,
        role: str | None = None,
        authors: tuple[str, ...] = (),
        photographers: tuple[str, ...] = (),
        parts: tuple[tuple[str, tuple[str, ...]], ...] = (),
        text: str | None = None,
    ) -> None:
        set_field(self, "role", role)
        set_field(self, "authors", authors)
        set_field(self, "photographers", photographers)
        set_field(self, "parts", parts)
        set_field(self, "text", text)

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


@dataclass(slots=True, init=False, repr=False, eq=False)
class Block(FrozenValue):
    """One typed piece of a section: a paragraph, a cross-head, a photo caption or a table."""

    type: BlockType
    text: str = ""
    columns: tuple[str, ...] = ()
    note: str | None = None
    # Body rows of a real grid (pipe, tab, aligned or HTML table); empty when the source only
    # describes a table, so no row is ever invented.
    rows: tuple[tuple[str, ...], ...] = ()

    def __init__(
        self,
        type: BlockType,
        text: str = "",
        columns: tuple[str, ...] = (),
        note: str | None = None,
        rows: tuple[tuple[str, ...], ...] = (),
    ) -> None:
        set_field(self, "type", type)
        set_field(self, "text", text)
        set_field(self, "columns", columns)
        set_field(self, "note", note)
        set_field(self, "rows", rows)

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


fields_of(Byline, "role authors photographers parts text", "role authors photographers")
fields_of(Block, "type text columns note rows")


@dataclass(slots=True, init=False, repr=False, eq=False)
class SectionHead(FrozenValue):
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
        paragraphs: int = 0,
        captions: int = 0,
        tables: int = 0,
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "briefing_id", briefing_id)
        set_field(self, "order", order)
        set_field(self, "headline", headline)
        set_field(self, "kicker", kicker)
        set_field(self, "deck", deck)
        set_field(self, "byline", Byline() if byline is FACTORY else byline)
        set_field(self, "dateline", dateline)
        set_field(self, "paragraphs", paragraphs)
        set_field(self, "captions", captions)
        set_field(self, "tables", tables)

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


fields_of(
    SectionHead,
    "id briefing_id order headline kicker deck byline dateline paragraphs captions tables",
)
