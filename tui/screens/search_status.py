"""What the search screen's status line says: the query echoed, and what to try instead."""

from __future__ import annotations

from rich.text import Text

from store.sanitize import clean_line
from store.search.hints import HAN, Hint
from store.typeset import cell_width

# How much of a long query the status line repeats.
ECHO_CELLS = 40


def echo(query: str, cells: int = ECHO_CELLS) -> str:
    """The query as the status line repeats it: one line, long ones cut with an ellipsis."""
    line = clean_line(" ".join(query.split()))
    if cell_width(line) <= cells:
        return line
    out, used = [], 0
    for ch in line:
        used += cell_width(ch)
        if used > cells - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def nothing_found(what: str, query: str, hints: list[Hint], noun: str) -> Text:
    """The status for an empty result: what was searched, then what would find something."""
    text = Text(no_wrap=False)
    text.append(f"{what}: ")
    text.append(echo(query), style="bold")
    text.append(". ")
    if hints:
        first = hints[0]
        text.append("Try ", style="dim")
        text.append(echo(first.query, 30), style="bold")
        text.append(f" ({first.reason}, {first.found} {noun}{'s' if first.found != 1 else ''})")
        for other in hints[1:]:
            text.append(" or ", style="dim")
            text.append(echo(other.query, 30), style="bold")
            text.append(f" ({other.reason})")
        text.append(" — press enter to search for it.", style="dim")
    elif HAN.search(query):
        text.append(
            "Simplified and Traditional characters match each other; try fewer characters.",
            style="dim",
        )
    else:
        text.append(
            "Try Chinese characters, or toneless pinyin with syllables joined (hengyang).",
            style="dim",
        )
    return text


def also_found(line: str, hints: list[Hint], noun: str) -> Text:
    """The status for results, then another reading of the query that finds more."""
    text = Text(line, no_wrap=False)
    for hint in hints[:1]:
        text.append(" · Try ", style="dim")
        text.append(echo(hint.query, 30), style="bold")
        text.append(f" ({hint.reason}, {hint.found} {noun}{'s' if hint.found != 1 else ''})")
    return text
