"""The searchable fields of a section, in reading order, and their source text."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from store.models import Block, Byline, Section

# Fields before the body; the first three form the "head" that ranks above the body.
HEAD_FIELDS = ("kicker", "headline", "deck")
META_FIELDS = ("kicker", "headline", "deck", "byline", "dateline")
BODY = "block"


# A named tuple made by collections: typing.NamedTuple compiles each field's annotation text
# when the class is made, which every search process would pay.
class HitSpan(namedtuple("HitSpan", "field block start end")):
    """One hit: [start, end) in the source text of a field (for blocks: of block `block`)."""

    __slots__ = ()
    field: str
    block: int | None
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        """The JSON shape used by the CLI."""
        return {"field": self.field, "block": self.block, "start": self.start, "end": self.end}


def byline_text(byline: Byline) -> str:
    """The searchable text of a byline: its role, then its authors, space separated."""
    parts = [byline.role] if byline.role else []
    parts.extend(byline.authors)
    return " ".join(parts)


def block_text(block: Block) -> str:
    """The searchable text of a block; a table is its column names, its rows (cells joined
    by " | ") and its note, one a line."""
    if block.type == "table":
        parts = list(block.columns)
        parts.extend(" | ".join(row) for row in block.rows)
        if block.note:
            parts.append(block.note)
        return "\n".join(parts)
    return block.text


def field_texts(section: Section) -> Iterator[tuple[str, int | None, str]]:
    """(field, block index or None, source text) for every searchable field, in reading order."""
    yield "kicker", None, section.kicker or ""
    yield "headline", None, section.headline or ""
    yield "deck", None, section.deck or ""
    yield "byline", None, byline_text(section.byline)
    yield "dateline", None, section.dateline or ""
    for i, block in enumerate(section.blocks):
        yield BODY, i, block_text(block)


def source_fields(source: list[str]) -> Iterator[tuple[str, int | None, str]]:
    """(field, block, text) triples from stored source texts in field_texts order."""
    for i, text in enumerate(source):
        if i < len(META_FIELDS):
            yield META_FIELDS[i], None, text
        else:
            yield BODY, i - len(META_FIELDS), text
