"""Search hits as places to go to: plain values the search screen hands to the reader."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.search.api import SearchHit
    from store.search.fields import HitSpan


@dataclass(frozen=True, slots=True)
class HitPlace:
    """One hit in a section: [start, end) of a block's text, or of a head field's text.

    `field` is "block" for body hits (then `block` is set), else kicker, headline, deck,
    byline or dateline (then `block` is None and the cursor goes to the top).
    """

    section_id: str
    block: int | None
    start: int
    end: int
    field: str = "block"

    @property
    def mark(self) -> tuple[str, int | None, int, int]:
        """The hit as the section view draws it."""
        return (self.field, self.block, self.start, self.end)


@dataclass(frozen=True, slots=True)
class SearchChoice:
    """What the search screen hands back: every hit place and the one to go to."""

    query: str
    places: tuple[HitPlace, ...]
    current: int = 0


def places_of(section_id: str, positions: Iterable[HitSpan]) -> list[HitPlace]:
    """Every hit of a section as places, head fields first, in reading order."""
    out = []
    for p in positions:
        if p.field == "block" and p.block is None:
            continue
        block = p.block if p.field == "block" else None
        out.append(HitPlace(section_id, block, p.start, p.end, p.field))
    return out


def choice_from_results(query: str, hits: Iterable[SearchHit], index: int) -> SearchChoice:
    """Every hit of every result as one walk, starting at result `index`.

    The chosen section opens at the paragraph its snippet showed, not at a hit in its head.
    """
    places: list[HitPlace] = []
    current = 0
    for i, hit in enumerate(hits):
        section_places = places_of(hit.section_id, hit.positions)
        if i == index:
            if not section_places:
                section_places = [HitPlace(hit.section_id, None, 0, 0, "headline")]
            at = next((k for k, p in enumerate(section_places) if p.block == hit.block), 0)
            current = len(places) + at
        places.extend(section_places)
    return SearchChoice(query, tuple(places), current)
