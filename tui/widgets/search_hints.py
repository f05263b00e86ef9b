"""What to say when a search finds nothing: other forms of the query that do find something."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text

from store.sanitize import clean_line
from store.search.pinyin import spelled
from store.typeset import cell_width

# Field filters the query language knows; "briefing:" narrows, so dropping it widens.
_FIELD = re.compile(r"(?<![\w:])-?(headline|byline|kicker|briefing):(?=\S)", re.IGNORECASE)
_QUOTE_CHARS = '"＂“”「」『』'
_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]+")
# How much of a long query the status line repeats.
ECHO_CELLS = 40


@dataclass(frozen=True, slots=True)
class Hint:
    """Another query to try and how many matches it has."""

    query: str
    reason: str
    found: int


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


def candidates(query: str) -> list[tuple[str, str]]:
    """Other forms of a query that might match, each with why it is offered."""
    q = " ".join(query.split())
    out: list[tuple[str, str]] = []

    def offer(alt: str, reason: str) -> None:
        alt = " ".join(alt.split())
        if alt and alt != q and alt not in [a for a, _ in out]:
            out.append((alt, reason))

    quoted = any(c in q for c in _QUOTE_CHARS)
    if quoted:
        offer(q.translate({ord(c): " " for c in _QUOTE_CHARS}), "without the quotes")
    if _FIELD.search(q):
        offer(_FIELD.sub(lambda m: "-" if m.group(0).startswith("-") else "", q), "in any field")
    if quoted:
        return out  # splitting on spaces would cut a quoted phrase apart
    tokens = q.split()
    if _HAN.search(q):
        # Homophones: the characters of each wanted word as pinyin (never the exclusions).
        offer(
            " ".join(
                t if t.startswith("-") else _HAN_RUN.sub(lambda m: spelled(m.group()), t)
                for t in tokens
            ),
            "read as pinyin",
        )
    words = [t for t in tokens if not t.startswith("-") and t != "OR"]
    if words and len(words) < len(tokens):
        offer(" ".join(words), "without exclusions")
    if len(words) > 1:
        offer(max(words, key=cell_width), "one word only")
    return out


def find_hints(query: str, count: Callable[[str], int], limit: int = 2) -> list[Hint]:
    """Up to `limit` other forms of the query that find something (`count` runs a search)."""
    hints: list[Hint] = []
    for alt, reason in candidates(query):
        try:
            found = count(alt)
        except Exception:  # an alternative that does not parse is simply not offered
            continue
        if found:
            hints.append(Hint(alt, reason, found))
            if len(hints) >= limit:
                break
    return hints


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
    elif _HAN.search(query):
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
