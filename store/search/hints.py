"""Other forms of a query that may find something: without quotes, in any field, as pinyin."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from store.search.pinyin import spelled
from store.typeset import cell_width

# Field filters the query language knows; "briefing:" narrows, so dropping it widens.
_FIELD = re.compile(r"(?<![\w:])-?(headline|byline|kicker|briefing|source):(?=\S)", re.IGNORECASE)
_QUOTE_CHARS = '"＂“”「」『』'
HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]+")


@dataclass(frozen=True, slots=True)
class Hint:
    """Another query to try and how many matches it has."""

    query: str
    reason: str
    found: int


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
    if HAN.search(q):
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


def pinyin_form(lib: Any, query: str) -> str | None:
    """The query with each of its Latin words spelt as the Han characters the library holds
    most for that pinyin (beijing: 北京); None unless every word is Latin and spells some."""
    from store.search.normalise import fold, is_latin_word

    words = query.split()
    if not words or not all(is_latin_word(fold(w)) for w in words):
        return None
    from store.search import engine, index
    from store.search.query import parse
    from store.search.segfile import SegmentDamaged

    try:
        expanded = engine.expand_pinyin(index.ready(lib), parse(" ".join(words)))
    except SegmentDamaged:  # the search itself reports and mends it
        return None
    if expanded is None:
        return None
    spelt = [next((t.folded for t in c.terms if t.via == "pinyin"), None) for c in expanded.clauses]
    return None if None in spelt else " ".join(str(s) for s in spelt)


def pinyin_hint(lib: Any, query: str, found: int, count: Callable[[str], int]) -> list[Hint]:
    """A query of Latin words found as text, read as pinyin when that finds more: `beijing`
    finds one page printing BEIJING where 北京 fills thousands."""
    alt = pinyin_form(lib, query)
    if alt is None:
        return []
    more = count(alt)
    return [Hint(alt, "read as pinyin", more)] if more > found else []


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
