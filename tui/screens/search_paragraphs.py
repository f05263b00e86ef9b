"""Results that open up to their paragraphs: one row per matching paragraph with its snippet."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from rich.text import Text

from store.models import Section
from store.search.fields import field_texts
from tui.search_places import HitPlace, SearchChoice, choice_from_results, places_of
from tui.widgets.search_results import place_labels, place_prompt

PromptMaker = Callable[[int], Text]
INDENT = "    "


@dataclass(frozen=True, slots=True)
class Row:
    """What one option of the results list stands for: a result, or one of its paragraphs."""

    hit: int
    place: HitPlace | None = None


def paragraph_rows(section: Section, positions: Any) -> list[tuple[HitPlace, PromptMaker]]:
    """The first hit of each paragraph (or head field) holding hits, with its snippet prompt."""
    texts = {(f, b): t for f, b, t in field_texts(section)}
    labels = place_labels(section)
    places = places_of(section.id, positions)
    counts: dict[tuple[str, int | None], int] = {}
    for p in places:
        counts[(p.field, p.block)] = counts.get((p.field, p.block), 0) + 1
    out: list[tuple[HitPlace, PromptMaker]] = []
    seen: set[tuple[str, int | None]] = set()
    for p in places:
        key = (p.field, p.block)
        if key in seen:
            continue
        seen.add(key)
        n = counts[key]
        label = f"{INDENT}{labels.get(key, p.field)}" + (f" ×{n}" if n > 1 else "")
        maker = partial(_indented, texts.get(key, ""), p.start, p.end, label)
        out.append((p, maker))
    return out


def _indented(text: str, start: int, end: int, label: str, width: int = 0) -> Text:
    line = place_prompt(text, start, end, label.strip(), max(0, width - len(INDENT)))
    return Text(INDENT) + line


class Expansion:
    """Which results are opened up to their paragraphs, and what each list option is."""

    def __init__(self) -> None:
        self.opened: dict[int, list[tuple[HitPlace, PromptMaker]]] = {}

    def clear(self) -> None:
        """Close every result (a new search)."""
        self.opened.clear()

    def rows(self, hits: int) -> list[Row]:
        """The options in order: each result, then its paragraphs when opened."""
        out: list[Row] = []
        for i in range(hits):
            out.append(Row(i))
            out.extend(Row(i, place) for place, _m in self.opened.get(i, ()))
        return out

    def makers(self, base: Sequence[PromptMaker]) -> list[PromptMaker]:
        """The prompt makers of every option, paragraphs after their result."""
        out: list[PromptMaker] = []
        for i, make in enumerate(base):
            out.append(make)
            out.extend(m for _p, m in self.opened.get(i, ()))
        return out

    def choice(self, query: str, hits: Sequence[Any], row: Row) -> SearchChoice:
        """Every hit as one walk, starting at the row's result or at its paragraph."""
        choice = choice_from_results(query, hits, row.hit)
        if row.place is None:
            return choice
        at = next((k for k, p in enumerate(choice.places) if p == row.place), choice.current)
        return replace(choice, current=at)
