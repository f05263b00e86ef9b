"""Command palette provider: jump to any section by its headline, in Chinese or pinyin.

A library of years holds a hundred thousand sections, so the palette keeps one compact index
of headlines for the library (`tui.screens.palette_index`), made the first time it is opened
and brought up to date from the briefings that changed each time after; a key typed is
matched in a thread and only the best matches are listed.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from typing import Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from store.sanitize import clean_line
from store.search.normalise import fold, fold_with_map
from tui.host import ReaderHost
from tui.screens.palette_index import SEP, Lines, Readings, index_for

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


def _tiers(query: str) -> list[tuple[float, str, str, str]]:
    """What a query is looked for as, best first: (score, key, how, needle)."""
    needle = fold(query).replace(SEP, "")  # a line end typed would join two lines
    if not needle:
        return []
    if not needle.isascii():
        return [
            (1.0, "folded", "start", needle),
            (0.9, "folded", "in", needle),
            (0.8, "folded", "spelt", needle),
            (0.5, "extra", "in", needle),
        ]
    compact = "".join(c for c in needle if c.isalnum())
    tiers = [(0.95, "folded", "in", needle)]
    if compact:
        tiers += [(1.0, "full", "start", compact), (0.9, "full", "in", compact)]
        if len(compact) >= 2:
            tiers += [(0.85, "initials", "start", compact), (0.75, "initials", "in", compact)]
        tiers += [(0.5, "extra_full", "in", compact)]
    tiers += [(0.5, "extra", "in", needle)]
    return sorted(tiers, key=lambda t: -t[0])


def best_lines(lines: Lines, query: str, shown: int, stale: Callable[[], bool]) -> list[Any]:
    """The `shown` best lines for a query as (score, line), best first and in reading order
    among equals; stops early (empty) once `stale()` says the query changed."""
    found: dict[int, float] = {}
    for score, kind, how, needle in _tiers(query):
        if stale():
            return []
        if how == "spelt":
            lines_found = lines.lines_spelling(kind, needle)
        else:
            lines_found = lines.lines_with(kind, needle, at_start=how == "start")
        for n, line in enumerate(lines_found):
            if not n % 4096 and n and stale():
                return []
            if line not in found:
                found[line] = score
                if len(found) >= shown:
                    break
        if len(found) >= shown:
            break
    return sorted(((s, n) for n, s in found.items()), key=lambda t: (-t[0], t[1]))


def marks(headline: str, query: str, readings: Readings) -> tuple[int, ...]:
    """Where a query matched a headline shown, as character offsets (for highlighting)."""
    needle = fold(query)
    if not needle:
        return ()
    if needle.isascii():
        compact = "".join(c for c in needle if c.isalnum())
        got = readings.keys(headline).find(compact)[1] if compact else ()
        if got:
            return tuple(got)
    folded, where = fold_with_map(headline)
    at = folded.find(needle)
    if at >= 0:
        return tuple(where[i] for i in range(at, at + len(needle)))
    out: list[int] = []
    pos = 0
    for ch in needle:  # its characters in order, others between
        pos = folded.find(ch, pos)
        if pos < 0:
            return ()
        out.append(where[pos])
        pos += 1
    return tuple(out)


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
