"""Group typed items into articles: title block, byline, dateline, then body blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from store.ingest.blocks import Item
from store.ingest.bylines import parse_byline, trailing_byline
from store.ingest.metadata import MetaField, parse_date
from store.ingest.text import first_sentence
from store.models import Block, Byline, ParsedSection

# Metadata fields that close an article (credits printed under it) rather than open one.
_CLOSING_FIELDS = frozenset({"editor", "photo", "source", "url", "keywords", "page"})

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
    date: str | None = None
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
            date=self.date,
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
    if nxt is not None and nxt.kind == "meta" and _opening_meta(nxt):
        # A title over `作者：…` or `时间：…` lines heads an article, as crawlers print it.
        return True
    # A one-line title carrying its own deck or kicker mark is an article head.
    text = titles[0].text
    return bool(_TRAILING_DASH.search(text) or _INNER_DASH.search(text.strip("—-―─ ")))


def _opening_meta(item: Item) -> bool:
    """Whether a metadata line carries facts that open an article (byline, date, title)."""
    return any(f.field not in _CLOSING_FIELDS for f in item.meta)


def _meta_byline(value: str) -> Byline | None:
    """The byline in a `作者：` value: a full byline, or bare names (`张三 李四`)."""
    found = parse_byline(value)
    if found is not None:
        return found
    names = tuple(n for n in re.split(r"[\s\u3000、,，/]+", value) if n)
    return Byline(authors=names, text=value) if names else None


def _with_photographers(byline: Byline | None, credit: Byline) -> Byline:
    """A section's byline with the photographers of a photo credit line added."""
    base = byline or Byline()
    names = tuple(dict.fromkeys(base.photographers + credit.photographers))
    return replace(base, photographers=names)


def _apply_meta(draft: _Draft, fields: tuple[MetaField, ...]) -> None:
    """Put a metadata line's values in the article's fields; credits are dropped from text."""
    for f in fields:
        if f.field == "byline" and draft.byline is None:
            draft.byline = _meta_byline(f.value)
        elif f.field == "date" and draft.date is None:
            draft.date = parse_date(f.value)
        elif f.field == "kicker" and draft.kicker is None and f.value:
            draft.kicker = f.value
        elif f.field == "deck" and draft.deck is None and f.value:
            draft.deck = f.value
        elif f.field == "column" and draft.kicker is None and f.value:
            draft.kicker = f.value


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

    stash: list[MetaField] = []
    for n, item in enumerate(items):
        if item.kind == "title":
            pending.append(item)
            continue
        if item.kind == "meta" and any(f.field == "headline" and f.value for f in item.meta):
            # `标题：…` opens an article whatever stands around it.
            flush(None if not drafts else item)
            head = next(f.value for f in item.meta if f.field == "headline")
            drafts.append(_Draft(headline=head))
            _apply_meta(drafts[-1], tuple(stash) + item.meta)
            stash.clear()
            continue
        flush(item)
        draft = current()
        if stash and not draft.blocks:
            _apply_meta(draft, tuple(stash))
            stash.clear()
        if item.kind == "meta":
            nxt = next((x for x in items[n + 1 :] if x.kind != "meta"), None)
            if draft.blocks and _opening_meta(item) and nxt is not None and nxt.kind == "title":
                # Facts printed between an article's end and the next title belong to it.
                stash.extend(item.meta)
            else:
                _apply_meta(draft, item.meta)
            continue
        if item.kind == "dateline":
            if draft.dateline is None and item.dateline is not None:
                draft.dateline = item.dateline.text
            if draft.byline is None and item.byline is not None:
                draft.byline = item.byline
            continue
        if item.kind == "byline" and item.byline is not None and not item.byline.role:
            # `张三 摄` under a picture credits the photographer; it is not a new byline.
            draft.byline = _with_photographers(draft.byline, item.byline)
            continue
        if (
            item.kind == "byline"
            and draft.blocks
            and item.text[:1] in "（("
            and draft.byline is None
        ):
            # `（本报记者 王五）` closing an article is its byline.
            draft.byline = item.byline
            continue
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
            text = item.text
            split = trailing_byline(text)
            if split is not None and draft.byline is None:
                # `……。（记者 张三）`: the byline moves to its field, the words stay.
                text, draft.byline = split
            if text:
                draft.blocks.append(Block("paragraph", text))
        elif item.kind == "caption":
            draft.blocks.append(Block("caption", item.text))
        elif item.block is not None:
            draft.blocks.append(item.block)
    flush(None)
    return [d.finish() for d in drafts]
