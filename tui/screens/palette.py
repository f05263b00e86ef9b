"""Command palette provider: jump to any section by its headline, in Chinese or pinyin."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch

from store.sanitize import clean_line

if TYPE_CHECKING:
    from tui.app import BriefingApp

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOT_PINYIN = re.compile(r"[^a-z0-9 ]+")


@dataclass(frozen=True, slots=True)
class Keys:
    """A text's pinyin, full and initials, with where each letter came from in the text."""

    full: str
    full_at: tuple[int, ...]
    initials: str
    initials_at: tuple[int, ...]

    def find(self, query: str) -> tuple[float, tuple[int, ...]]:
        """Score a compact lower-case ASCII query; return the text offsets it matched."""
        for keys, where, start_score, inner_score in (
            (self.full, self.full_at, 1.0, 0.9),
            (self.initials, self.initials_at, 0.85, 0.75),
        ):
            i = keys.find(query)
            if i >= 0 and (keys is self.full or len(query) >= 2):
                score = start_score if i == 0 else inner_score
                return score, tuple(sorted(set(where[i : i + len(query)])))
        return 0.0, ()


@dataclass(frozen=True, slots=True)
class SectionEntry:
    """One section as the palette searches it."""

    section_id: str
    headline: str
    keys: Keys
    extra: str
    extra_keys: Keys
    where: str


def pinyin_keys(text: str) -> Keys:
    """Pinyin of a text, aligned character by character (non-Han characters kept)."""
    from pypinyin import lazy_pinyin

    # With this error handler every character yields exactly one item, keeping offsets.
    items = lazy_pinyin(text, errors=lambda chunk: list(chunk))
    if len(items) != len(text):
        items = [lazy_pinyin(ch, errors=lambda chunk: list(chunk))[0] for ch in text]
    full: list[str] = []
    full_at: list[int] = []
    initials: list[str] = []
    initials_at: list[int] = []
    for at, item in enumerate(items):
        letters = _NOT_PINYIN.sub("", item.lower()).replace(" ", "")
        if not letters:
            continue
        full.append(letters)
        full_at.extend([at] * len(letters))
        initials.append(letters[0])
        initials_at.append(at)
    return Keys("".join(full), tuple(full_at), "".join(initials), tuple(initials_at))


def to_simplified(text: str) -> str:
    """Traditional characters in a query become simplified, to match the headlines."""
    if not _HAN.search(text):
        return text
    try:
        import opencc

        return opencc.OpenCC("t2s").convert(text)
    except Exception:  # the converter is optional for matching; never fail a search on it
        return text


def build_index(app: BriefingApp) -> list[SectionEntry]:
    """Every section's headline with its pinyin keys (run off the event loop)."""
    titles = {b.id: clean_line(b.title) for b in app.library.briefings()}
    entries = []
    for head in app.heads():
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


def set_paragraph_indent(app: Any, size: int) -> None:
    """Re-set every reader with a new first-line indent and save it in the settings."""
    from tui.app import INDENT_SETTING
    from tui.screens.reader import ReaderScreen

    app.paragraph_indent = size
    for screen in app.screen_stack:
        if isinstance(screen, ReaderScreen):
            screen.view.indent = size
    app.run_worker(
        lambda: app._write_setting(INDENT_SETTING, size),
        thread=True,
        group="settings",
        exit_on_error=False,
    )


class SectionCommands(Provider):
    """Sections by headline: type Chinese (simplified or traditional), pinyin or initials.

    It also offers the paragraph indent settings when the query names them.
    """

    async def startup(self) -> None:
        app: BriefingApp = self.app  # type: ignore[assignment]
        # Built on first use and in a thread: pypinyin's tables take a moment to load.
        self.entries = await asyncio.to_thread(build_index, app)

    def _indent(self, size: int) -> Any:
        def set_indent() -> None:
            set_paragraph_indent(self.app, size)

        return set_indent

    def _jump(self, section_id: str) -> Any:
        def go() -> None:
            from tui.screens.reader import ReaderScreen

            for screen in self.app.screen_stack:
                if isinstance(screen, ReaderScreen):
                    screen.open_section(section_id)

        return go

    async def discover(self) -> Hits:
        for entry in self.entries:
            yield DiscoveryHit(
                Content(entry.headline),
                self._jump(entry.section_id),
                text=entry.headline,
                help=safe_help(entry.where),
            )

    async def search(self, query: str) -> Hits:
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
