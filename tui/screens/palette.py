"""Command palette provider: jump to any section by its headline, in Chinese or pinyin.

A library of years holds a hundred thousand sections, so the palette keeps one compact index
of headlines for the library (`tui.screens.palette_index`), made the first time it is opened
and brought up to date from the briefings that changed each time after; a key typed is
matched in a thread and only the best matches are listed.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from store.sanitize import clean_line
from tui.host import ReaderHost
from tui.screens.palette_index import Lines, best_lines, index_for, marks

SHOWN = 100  # matches listed for what is typed, the best first
DISCOVERED = 200  # sections listed before anything is typed


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
        """Bring the library's headline index up to date in a thread (the first time, a
        library of years takes a second or two; after that, only what changed is read)."""
        app = cast(ReaderHost, self.app)
        self._kept = index_for(app.library)
        self._asked = itertools.count()
        self._latest = 0
        # A task of its own: the palette cancels a search at each key typed, and a search
        # awaiting this directly would cancel the indexing with it.
        self._built = asyncio.ensure_future(asyncio.to_thread(self._kept.refresh, app.library))

    async def _index(self) -> Lines:
        return await asyncio.shield(self._built)

    def _where(self, lines: Lines, line: int) -> str:
        briefing_id, _, order = lines.ids[line].rpartition("-")
        return safe_help(f"{lines.titles.get(briefing_id, '')} · section {order}")

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
        """Before anything is typed: the open briefing's sections (from its heads at once,
        not waiting for the index a first opening makes), else the library's first ones."""
        host = cast(ReaderHost, self.app)
        reader = getattr(self.app, "reader", None)
        section = getattr(reader, "section", None)
        here = getattr(section, "briefing_id", None)
        heads = host.briefing_heads(here) if here and not self._built.done() else ()
        if heads:
            title = clean_line(host.briefing_title(here))
            for head in heads[:DISCOVERED]:
                shown = clean_line(head.headline)
                yield DiscoveryHit(
                    Content(shown),
                    self._jump(head.id),
                    text=shown,
                    help=safe_help(f"{title} · section {head.order}"),
                )
            return
        lines = await self._index()
        found = lines.spans.get(here or "") or range(len(lines))
        for line in found[:DISCOVERED]:
            yield DiscoveryHit(
                Content(lines.shown[line]),
                self._jump(lines.ids[line]),
                text=lines.shown[line],
                help=self._where(lines, line),
            )

    async def search(self, query: str) -> Hits:
        """The indent settings and the sections the query names (headline, pinyin, kicker)."""
        for name, size in INDENTS:
            score = self.matcher(query).match(name)
            if score > 0:
                yield Hit(score, Content(name), self._indent(size), help=INDENT_HELP)
        query = query.strip()
        if not query:
            return
        asked = self._latest = next(self._asked)
        style = self.match_style or self.matcher(query).match_style
        lines = await self._index()
        found = await asyncio.to_thread(
            best_lines, lines, query, SHOWN, lambda: self._latest != asked
        )
        readings = self._kept.readings
        for score, line in found:
            headline = lines.shown[line]
            yield Hit(
                score,
                highlight(headline, marks(headline, query, readings), style),
                self._jump(lines.ids[line]),
                text=headline,
                help=self._where(lines, line),
            )
