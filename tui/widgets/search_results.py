"""The list of search results: headline, hit count, snippet with the hits lit up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store.models import Section
from store.sanitize import clean_line
from store.search.snippet import make_snippet

HIT_STYLE = "bold reverse"


def snippet_text(snippet: str, spans: Sequence[tuple[int, int]], indent: str = "  ") -> Text:
    """A snippet as Rich Text (never markup) with its spans styled."""
    text = Text(indent + snippet.replace("\n", " "), no_wrap=True, overflow="ellipsis")
    for a, b in spans:
        text.stylize(HIT_STYLE, a + len(indent), b + len(indent))
    return text


def hit_prompt(hit: Any) -> Text:
    """Two lines for one matching section."""
    head = Text(clean_line(hit.headline) or "(untitled)", style="bold", no_wrap=True)
    count = f"  {hit.hits} hit" + ("" if hit.hits == 1 else "s")
    head.append(count, style="dim")
    if hit.via == "pinyin":
        head.append(" · pinyin", style="dim")
    return Text("\n").join([head, snippet_text(hit.snippet, hit.spans)])


# How a hit outside the paragraphs is labelled in the list of hits of one section.
FIELD_LABELS = {
    "kicker": "kicker",
    "headline": "headline",
    "deck": "deck",
    "byline": "byline",
    "dateline": "dateline",
}
BLOCK_LABELS = {"caption": "caption", "heading": "cross-head", "table": "table"}
LABEL_CELLS = 11


def place_labels(section: Section) -> dict[tuple[str, int | None], str]:
    """Where each field of a section is, as the list of hits names it (¶ counts paragraphs)."""
    labels: dict[tuple[str, int | None], str] = {(f, None): v for f, v in FIELD_LABELS.items()}
    n = 0
    for i, block in enumerate(section.blocks):
        if block.type == "paragraph":
            n += 1
            labels[("block", i)] = f"¶{n}"
        else:
            labels[("block", i)] = BLOCK_LABELS.get(block.type, block.type)
    return labels


def place_prompt(text: str, start: int, end: int, label: str) -> Text:
    """One line for a hit inside the current section: where it is and a snippet."""
    snip = make_snippet(text, [(start, end)], width=56)
    line = Text(label, style="dim", no_wrap=True)
    line.pad_right(max(1, LABEL_CELLS - line.cell_len))
    line.append_text(snippet_text(snip.text, snip.spans, indent=""))
    return line


class SearchResultsList(OptionList):
    """Results to choose from with the arrows and enter."""

    def show_prompts(self, prompts: Sequence[Text]) -> None:
        """Replace the options (keeping the first highlighted)."""
        self.clear_options()
        self.add_options([Option(p) for p in prompts])
        if prompts:
            self.highlighted = 0
