"""The list of search results: headline, hit count, snippet with the hits lit up."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store.models import Section
from store.numbering import block_kinds, place
from store.sanitize import clean_line
from store.search.snippet import make_snippet

HIT_STYLE = "bold reverse"
# At most this much of a result's line names its briefing.
WHERE_CELLS = 24


def snippet_text(snippet: str, spans: Sequence[tuple[int, int]], indent: str = "  ") -> Text:
    """A snippet as Rich Text (never markup) with its spans styled."""
    text = Text(indent + snippet.replace("\n", " "), no_wrap=True, overflow="ellipsis")
    for a, b in spans:
        text.stylize(HIT_STYLE, a + len(indent), b + len(indent))
    return text


def hit_prompt(hit: Any, width: int = 0, where: str = "") -> Text:
    """Two lines for one matching section, each cut to `width` cells (0: not cut).

    The headline gives way to the hit count and `where` (its briefing), so a long
    headline never hides them.
    """
    count = Text(f"  {hit.hits} hit" + ("" if hit.hits == 1 else "s"), style="dim")
    if hit.via == "pinyin":
        count.append(" · pinyin", style="dim")
    if where:
        place = Text(f" · {clean_line(where)}", style="dim", no_wrap=True)
        place.truncate(WHERE_CELLS, overflow="ellipsis")
        count.append_text(place)
    head = Text(clean_line(hit.headline) or "(untitled)", style="bold", no_wrap=True)
    snippet = snippet_text(hit.snippet, hit.spans)
    if width > 0:
        head.truncate(max(4, width - count.cell_len), overflow="ellipsis")
        snippet.truncate(width, overflow="ellipsis")
    head.append_text(count)
    return Text("\n").join([head, snippet])


# How a hit outside the paragraphs is labelled in the list of hits of one section.
FIELD_LABELS = {
    "kicker": "kicker",
    "headline": "headline",
    "deck": "deck",
    "byline": "byline",
    "dateline": "dateline",
}
LABEL_CELLS = 11


def place_labels(section: Section) -> dict[tuple[str, int | None], str]:
    """Where each field of a section is, as the list of hits names it (¶ counts paragraphs)."""
    labels: dict[tuple[str, int | None], str] = {(f, None): v for f, v in FIELD_LABELS.items()}
    kinds = block_kinds(section.blocks)
    for i in range(len(section.blocks)):
        labels[("block", i)] = place(kinds, i)
    return labels


def place_prompt(text: str, start: int, end: int, label: str, width: int = 0) -> Text:
    """One line for a hit inside the current section: where it is and a snippet."""
    snip = make_snippet(text, [(start, end)], width=56)
    line = Text(label, style="dim", no_wrap=True)
    line.pad_right(max(1, LABEL_CELLS - line.cell_len))
    line.append_text(snippet_text(snip.text, snip.spans, indent=""))
    if width > 0:
        line.truncate(width, overflow="ellipsis")
    return line


# Builds one result's prompt for a given width in cells.
PromptMaker = Callable[[int], Text]


class SearchResultsList(OptionList):
    """Results to choose from with the arrows and enter; prompts are cut to the list's width."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._makers: list[PromptMaker] = []
        self._width = 0

    def show_prompts(self, makers: Sequence[PromptMaker], highlighted: int = 0) -> None:
        """Replace the options (keeping the `highlighted` one, the first by default)."""
        self._makers = list(makers)
        self._width = self._text_width()
        self._rebuild(highlighted if makers else None)

    def _text_width(self) -> int:
        # The option padding and a scrollbar take a few cells of the list's width.
        width = self.scrollable_content_region.width
        return max(10, width - 2) if width else 0

    def _rebuild(self, highlighted: int | None) -> None:
        self.clear_options()
        self.add_options([Option(make(self._width)) for make in self._makers])
        if highlighted is not None and self._makers:
            self.highlighted = min(highlighted, len(self._makers) - 1)

    def on_resize(self) -> None:
        width = self._text_width()
        if width != self._width and self._makers:
            self._width = width
            self._rebuild(self.highlighted)
