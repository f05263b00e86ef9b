"""Group typed items into articles: title block, byline, dateline, then body blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.ingest.blocks import Item
from store.ingest.text import first_sentence
from store.models import Block, Byline, ParsedSection

# A run of dashes that separates a headline from its deck ("主题 ——副题"), ends a kicker
# ("聚焦两会——") or opens a deck on its own line ("——访衡阳市市长邓群策").
_DASHES = r"(?:—{2,}|―{2,}|─{2,}|-{2,}|——)"
_LEADING_DASH = re.compile(rf"^{_DASHES}\s*")
_TRAILING_DASH = re.compile(rf"\s*{_DASHES}$")
_INNER_DASH = re.compile(rf"\s*{_DASHES}\s*")


@dataclass(slots=True)
class _Draft:
    headline: str | None = None
    kicker: str | None = None
    deck: str | None = None
    byline: Byline | None = None
    dateline: str | None = None
    blocks: list[Block] = field(default_factory=list)

    def finish(self) -> ParsedSection:
        headline = self.headline
        if not headline:
            # An article with no title line: its opening words stand in, never new text.
            first = next((b for b in self.blocks if b.text), None)
            headline = first_sentence(first.text) if first else ""
        return ParsedSection(
            headline=headline,
            kicker=self.kicker,
            deck=self.deck,
            byline=self.byline or Byline(),
            dateline=self.dateline,
            blocks=tuple(self.blocks),
        )


def split_title(titles: list[str]) -> tuple[str | None, str, str | None]:
    """Kicker, headline and deck from the title lines that open an article.

    The last line is the headline; a line that opens with a dash run is a deck; a dash
    run inside the headline splits it into headline and deck; lines above the headline
    are kickers (a column banner and a kicker are joined by a space), with any trailing
    dash run removed.
    """
    lines = list(titles)
    deck = None
    if len(lines) > 1 and _LEADING_DASH.match(lines[-1]):
        deck = _LEADING_DASH.sub("", lines.pop()) or None
    last = lines.pop()
    headline = _TRAILING_DASH.sub("", last) or last
    if deck is None:
        parts = _INNER_DASH.split(headline, maxsplit=1)
        if len(parts) == 2 and parts[0] and parts[1]:
            headline, deck = parts
    kickers = [k for k in (_TRAILING_DASH.sub("", line) for line in lines) if k]
    kicker = " ".join(kickers) if kickers else None
    return kicker, headline, deck


def _opens_article(titles: list[Item], nxt: Item | None, have_section: bool) -> bool:
    """Whether a run of title lines heads a new article rather than being a cross-head."""
    if not have_section or len(titles) >= 2:
        return True
    if nxt is not None and (nxt.kind == "byline" or nxt.dateline is not None):
        return True
    # A one-line title carrying its own deck or kicker mark is an article head.
    text = titles[0].text
    return bool(_TRAILING_DASH.search(text) or _INNER_DASH.search(text.strip("—-―─ ")))


def build_sections(items: list[Item]) -> list[ParsedSection]:
    """Articles in reading order; title runs become heads or cross-heads by context."""
    drafts: list[_Draft] = []
    pending: list[Item] = []

    def current() -> _Draft:
        if not drafts:
            drafts.append(_Draft())
        return drafts[-1]

    def flush(nxt: Item | None) -> None:
        if not pending:
            return
        if nxt is None and drafts:
            # Title lines at the very end head nothing: keep them as cross-heads.
            current().blocks.extend(Block("heading", t.text) for t in pending)
        elif _opens_article(pending, nxt, bool(drafts)):
            kicker, headline, deck = split_title([t.text for t in pending])
            drafts.append(_Draft(headline=headline, kicker=kicker, deck=deck))
        else:
            current().blocks.extend(Block("heading", t.text) for t in pending)
        pending.clear()

    for item in items:
        if item.kind == "title":
            pending.append(item)
            continue
        flush(item)
        draft = current()
        if item.kind == "byline":
            if draft.byline is None and not draft.blocks:
                draft.byline = item.byline
            else:
                # A second byline or one after the body: keep its words as text.
                draft.blocks.append(Block("paragraph", item.text))
        elif item.kind == "paragraph":
            if item.dateline is not None and not draft.blocks and draft.dateline is None:
                draft.dateline = item.dateline.text
                if draft.byline is None:
                    draft.byline = item.dateline.byline
            draft.blocks.append(Block("paragraph", item.text))
        elif item.kind == "caption":
            draft.blocks.append(Block("caption", item.text))
        elif item.block is not None:
            draft.blocks.append(item.block)
    flush(None)
    return [d.finish() for d in drafts]
