"""What the importer makes of one file, before the library gives it ids (names also given
by `store.models`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.models import Block, Byline


@dataclass(frozen=True, slots=True)
class ParsedBriefing:
    """What the importer makes of one file, before the library gives it ids."""

    sections: tuple[ParsedSection, ...]
    title: str | None = None
    date: str | None = None
    # The paper named by the masthead (人民日报), when the page has one.
    source: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedSection:
    """A section as parsed, without ids."""

    headline: str
    kicker: str | None = None
    deck: str | None = None
    byline: Byline = field(default_factory=Byline)
    dateline: str | None = None
    blocks: tuple[Block, ...] = ()
    date: str | None = None
    credits: tuple[str, ...] = ()
