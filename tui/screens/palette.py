"""Command palette provider: jump to any section by its headline, in Chinese or pinyin.

A library of years holds a hundred thousand sections, so the palette keeps little per section
(its headline's pinyin as two strings, read through a table of each character's commonest
reading), matches in a thread and lists the best matches only.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from dataclasses import dataclass
from typing import Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch

from store.sanitize import clean_line
from store.search.normalise import to_simplified
from store.search.pinyin import Keys
from tui.host import ReaderHost

SHOWN = 100  # matches listed for what is typed, the best first
DISCOVERED = 200  # sections listed before anything is typed


@dataclass(frozen=True, slots=True)
class SectionEntry:
    """One section as the palette searches it."""

    section_id: str
    briefing_id: str
    order: int
    headline: str
    extra: str  # kicker and deck
    full: str  # the headline's pinyin, and its initials
    initials: str
    extra_full: str


class Readings:
    """Each character's commonest toneless pinyin (pypinyin read once a character)."""

    def __init__(self) -> None:
        """An empty table; characters are read as they are met."""
        self._table: dict[str, str] = {}

    def syllables(self, text: str) -> list[str]:
        """One item a character: its reading, or the character itself (lower case)."""
        table = self._table
        missing = set(text).difference(table)
        if missing:
            from pypinyin import lazy_pinyin

            for ch in missing:
                got = lazy_pinyin(ch, errors=lambda chunk: list(chunk))
                table[ch] = "".join(c for c in (got[0] if got else ch).lower() if c.isalnum())
        return [table[ch] for ch in text]

    def strings(self, text: str) -> tuple[str, str]:
        """The pinyin of a text and its initials."""
        items = self.syllables(text)
        return "".join(items), "".join(s[:1] for s in items)

    def keys(self, text: str) -> Keys:
        """The pinyin of a text with where each letter came from (for the matches shown)."""
        full: list[str] = []
        full_at: list[int] = []
        initials: list[str] = []
        initials_at: list[int] = []
        for at, item in enumerate(self.syllables(text)):
            if item:
                full.append(item)
                full_at.extend([at] * len(item))
                initials.append(item[0])
                initials_at.append(at)
        return Keys("".join(full), tuple(full_at), "".join(initials), tuple(initials_at))


def build_index(app: ReaderHost, readings: Readings) -> list[SectionEntry]:
    """Every section's headline with its pinyin (run off the event loop)."""
    entries = []
    for head in app.library.section_heads():
        headline = clean_line(head.headline)
        extra = clean_line(" ".join(p for p in (head.kicker, head.deck) if p))
        full, initials = readings.strings(headline)
        entries.append(
            SectionEntry(
                head.id,
                head.briefing_id,
                head.order,
                headline,
                extra,
                full,
                initials,
                readings.strings(extra)[0] if extra else "",
            )
        )
    return entries


def safe_help(text: str) -> str:
    """Help lines go through Textual's markup parser: make brackets inert."""
    return clean_line(text).replace("[", "［").replace("]", "］").replace("\\", "＼")


def highlight(text: str, offsets: Any, style: Any) -> Content:
    """Plain text with matched characters styled; never parsed as markup."""
    content = Content(text)
    for offset in offsets:
        if 0 <= offset < len(text) and not text[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


def pinyin_score(entry: SectionEntry, compact: str) -> float:
    """How well a Latin query names a section: its headline's pinyin or initials (as
    `Keys.find` scores them), else its kicker and deck, below any headline match."""
    i = entry.full.find(compact)
    if i >= 0:
        return 1.0 if i == 0 else 0.9
    if len(compact) >= 2:
        i = entry.initials.find(compact)
        if i >= 0:
            return 0.85 if i == 0 else 0.75
    return 0.5 if entry.extra_full and compact in entry.extra_full else 0.0


def best_matches(
    entries: list[SectionEntry], query: str, fuzzy: FuzzySearch, stale: Any
) -> list[tuple[float, int, SectionEntry]]:
    """The SHOWN best sections for a query (simplified already), best first, in reading
    order among equals; stops early (empty) once `stale()` says the query changed."""
    compact = query.lower().replace(" ", "")
    chars = set(query) - {" "}
    scored: list[tuple[float, int, SectionEntry]] = []
    for n, entry in enumerate(entries):
        if not n % 4096 and stale():
            return []
        if compact.isascii():
            score = pinyin_score(entry, compact)
            if not score and chars <= set(entry.headline.lower()):
                score = fuzzy.match(query, entry.headline)[0]
        elif chars <= set(entry.headline):  # every character there: worth a fuzzy match
            score = fuzzy.match(query, entry.headline)[0]
        else:
            score = 0.5 if query in entry.extra else 0.0
        if score > 0:
            scored.append((score, -n, entry))
    top = heapq.nlargest(SHOWN, scored, key=lambda s: (s[0], s[1]))
    return [(score, -neg, entry) for score, neg, entry in top]


# The first-line indent of paragraphs, chosen from the palette and kept in the settings.
INDENTS = (
    ("Paragraph indent: two cells (one character)", 2),
    ("Paragraph indent: four cells (two characters)", 4),
    ("Paragraph indent: none", 0),
)
INDENT_HELP = "First-line indent of paragraphs, remembered"


class SectionCommands(Provider):
    """Sections by headline: type Chinese (simplified or traditional), pinyin or initials.

    It also offers the paragraph indent settings when the query names them.
    """

    async def startup(self) -> None:
        """Begin indexing the sections' headlines in a thread (pypinyin's tables take a
        moment, a library of years some seconds); searches wait for it."""
        app = cast(ReaderHost, self.app)
        self.readings = Readings()
        self._asked = itertools.count()
        self._latest = 0
        # A task of its own: the palette cancels a search at each key typed, and a search
        # awaiting this directly would cancel the indexing with it.
        self._built = asyncio.ensure_future(asyncio.to_thread(self._build, app))

    def _build(self, app: ReaderHost) -> tuple[list[SectionEntry], dict[str, str]]:
        entries = build_index(app, self.readings)
        return entries, {b.id: clean_line(b.title) for b in app.library.briefings()}

    async def _index(self) -> list[SectionEntry]:
        self.entries, self.titles = await asyncio.shield(self._built)
        return self.entries

    def _where(self, entry: SectionEntry) -> str:
        return safe_help(f"{self.titles.get(entry.briefing_id, '')} · section {entry.order}")

    def _indent(self, size: int) -> Any:
        def set_indent() -> None:
            # The app's watcher re-sets every reader and saves the setting.
            cast(ReaderHost, self.app).paragraph_indent = size

        return set_indent

    def _jump(self, section_id: str) -> Any:
        def go() -> None:
            cast(ReaderHost, self.app).open_section(section_id)

        return go

    async def discover(self) -> Hits:
        """Before anything is typed: the open briefing's sections, else the first ones."""
        reader = getattr(self.app, "reader", None)
        section = getattr(reader, "section", None)
        here = getattr(section, "briefing_id", None)
        entries = await self._index()
        mine = [e for e in entries if e.briefing_id == here] if here else []
        for entry in (mine or entries)[:DISCOVERED]:
            yield DiscoveryHit(
                Content(entry.headline),
                self._jump(entry.section_id),
                text=entry.headline,
                help=self._where(entry),
            )

    async def search(self, query: str) -> Hits:
        """The indent settings and the sections the query names (headline, pinyin, kicker)."""
        for name, size in INDENTS:
            score = self.matcher(query).match(name)
            if score > 0:
                yield Hit(score, Content(name), self._indent(size), help=INDENT_HELP)
        query = to_simplified(query.strip())
        if not query:
            return
        asked = self._latest = next(self._asked)
        style = self.match_style or self.matcher(query).match_style
        entries = await self._index()
        found = await asyncio.to_thread(
            best_matches, entries, query, FuzzySearch(), lambda: self._latest != asked
        )
        compact = query.lower().replace(" ", "")
        fuzzy = FuzzySearch()
        for score, _n, entry in found:
            offsets: Any = ()
            if compact.isascii():
                offsets = self.readings.keys(entry.headline).find(compact)[1]
            if not offsets:
                offsets = fuzzy.match(query, entry.headline)[1]
            yield Hit(
                score,
                highlight(entry.headline, offsets, style),
                self._jump(entry.section_id),
                text=entry.headline,
                help=self._where(entry),
            )
