"""The list of search results: headline, hit count, snippet with the hits lit up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

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


def place_prompt(text: str, start: int, end: int, block: int) -> Text:
    """One line for a hit inside the current section: paragraph number and snippet."""
    snip = make_snippet(text, [(start, end)], width=56)
    line = Text(f"¶{block + 1:<4}", style="dim", no_wrap=True)
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
