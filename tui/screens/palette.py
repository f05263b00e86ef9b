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
class SectionEntry:
    """One section as the palette searches it."""

    section_id: str
    headline: str
    pinyin: str
    initials: str
    where: str


def pinyin_keys(text: str) -> tuple[str, str]:
    """Full pinyin (syllables joined by spaces) and the initials of a headline."""
    from pypinyin import Style, lazy_pinyin

    syllables = [s.lower() for s in lazy_pinyin(text, errors="ignore") if s.strip()]
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
    full = _NOT_PINYIN.sub(" ", " ".join(syllables)).strip()
    return re.sub(r" +", " ", full), _NOT_PINYIN.sub("", "".join(initials).lower())


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
        full, initials = pinyin_keys(headline)
        where = f"{titles.get(head.briefing_id, '')} · section {head.order}"
        entries.append(SectionEntry(head.id, headline, full, initials, where))
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


class SectionCommands(Provider):
    """Sections by headline: type Chinese (simplified or traditional), pinyin or initials."""

    async def startup(self) -> None:
        app: BriefingApp = self.app  # type: ignore[assignment]
        # Built on first use and in a thread: pypinyin's tables take a moment to load.
        self.entries = await asyncio.to_thread(build_index, app)

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
        query = to_simplified(query.strip())
        if not query:
            return
        fuzzy = FuzzySearch()
        style = self.match_style or self.matcher(query).match_style
        lowered = query.lower()
        compact = lowered.replace(" ", "")
        for entry in self.entries:
            score, offsets = fuzzy.match(query, entry.headline)
            display = highlight(entry.headline, offsets, style) if score else None
            if compact and compact in entry.initials:
                score = max(score, 0.9 if entry.initials.startswith(compact) else 0.7)
            p_score, _ = fuzzy.match(lowered, entry.pinyin)
            score = max(score, p_score * 0.95)
            if entry.pinyin.replace(" ", "").find(compact) >= 0 and compact.isascii():
                score = max(score, 0.95)
            if score <= 0:
                continue
            yield Hit(
                score,
                display or Content(entry.headline),
                self._jump(entry.section_id),
                text=entry.headline,
                help=safe_help(f"{entry.where} · {entry.pinyin}"),
            )
