"""Command palette provider: jump to any section by its headline, in Chinese or pinyin."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch

from store.sanitize import clean_line
from store.search.normalise import to_simplified
from store.search.pinyin import Keys, pinyin_keys
from tui.host import ReaderHost


@dataclass(frozen=True, slots=True)
class SectionEntry:
    """One section as the palette searches it."""

    section_id: str
    headline: str
    keys: Keys
    extra: str
    extra_keys: Keys
    where: str


def build_index(app: ReaderHost) -> list[SectionEntry]:
    """Every section's headline with its pinyin keys (run off the event loop)."""
    titles = {b.id: clean_line(b.title) for b in app.library.briefings()}
    entries = []
    for head in app.library.section_heads():
        headline = clean_line(head.headline)
        extra = clean_line(" ".join(p for p in (head.kicker, head.deck) if p))
        where = f"{titles.get(head.briefing_id, '')} · section {head.order}"
        entries.append(
            SectionEntry(head.id, headline, pinyin_keys(headline), extra, pinyin_keys(extra), where)
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
        """Index the sections' headlines, in a thread: pypinyin's tables take a moment to load."""
        app = cast(ReaderHost, self.app)
        self.entries = await asyncio.to_thread(build_index, app)

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
        """Every section, by its headline, before anything is typed."""
        for entry in self.entries:
            yield DiscoveryHit(
                Content(entry.headline),
                self._jump(entry.section_id),
                text=entry.headline,
                help=safe_help(entry.where),
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
        fuzzy = FuzzySearch()
        style = self.match_style or self.matcher(query).match_style
        compact = query.lower().replace(" ", "")
        ascii_query = compact.isascii()
        for entry in self.entries:
            score, offsets = fuzzy.match(query, entry.headline)
            if ascii_query:
                p_score, p_offsets = entry.keys.find(compact)
                if p_score > score:
                    score, offsets = p_score, p_offsets
                # The kicker and deck count too, below any match in the headline itself.
                if not score and entry.extra_keys.find(compact)[0]:
                    score, offsets = 0.5, ()
            elif not score and query in entry.extra:
                score = 0.5
            if score <= 0:
                continue
            yield Hit(
                score,
                highlight(entry.headline, offsets, style),
                self._jump(entry.section_id),
                text=entry.headline,
                help=safe_help(entry.where),
            )
