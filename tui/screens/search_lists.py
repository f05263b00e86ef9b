"""What the search screen lists: a prompt maker for each result or each hit in the section,
and the line saying what was found."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from store.models import Section
from store.search import SearchResults
from store.search.fields import field_texts
from store.search.normalise import to_simplified
from tui.screens.search_status import echo
from tui.search_places import HitPlace
from tui.widgets.search_results import hit_prompt, place_labels, place_prompt

Maker = Callable[..., Any]


def result_makers(results: SearchResults, names: dict[str, str]) -> list[Maker]:
    """A prompt maker per result, each naming its briefing when `names` has it."""
    return [partial(hit_prompt, h, where=names.get(h.briefing_id, "")) for h in results.hits]


def results_line(results: SearchResults, query: str) -> str:
    """How many sections match, how the query was read, and how many are shown."""
    noun = "section matches" if results.total == 1 else "sections match"
    via = " (read as pinyin)" if results.via == "pinyin" else ""
    simplified = to_simplified(query.strip())
    if not via and simplified != query.strip():
        via = f" (read as {echo(simplified)})"  # Traditional characters match Simplified
    shown = f", showing {len(results.hits)}" if len(results.hits) < results.total else ""
    return f"{results.total} {noun} {echo(query)}{via}{shown}"


def place_makers(section: Section, places: list[HitPlace]) -> list[Maker]:
    """A prompt maker per hit in the section: its place's label and the text around it."""
    texts = {(f, b): t for f, b, t in field_texts(section)}
    labels = place_labels(section)
    return [
        partial(
            place_prompt,
            texts.get((p.field, p.block), ""),
            p.start,
            p.end,
            labels[(p.field, p.block)],
        )
        for p in places
    ]


def places_line(count: int, query: str) -> str:
    """How many hits of the query the section holds."""
    return f"{count} hit{'s' if count != 1 else ''} of {echo(query)} in this section"
