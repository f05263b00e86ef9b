"""Group typed items into articles: title block, byline, dateline, then body blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from store.ingest.blocks import Item
from store.ingest.bylines import BULLETS, opening_credit, parse_byline, trailing_byline
from store.ingest.heads import (
    END_MARK,
    Context,
    new_topic,
    opens_article,
    signature_length,
    split_title,
    word_pairs,
)
from store.ingest.metadata import MetaField, parse_date
from store.ingest.text import Layout, first_sentence
from store.models import Block, Byline, ParsedSection

# Metadata fields that close an article (credits printed under it) rather than open one.
_CLOSING_FIELDS = frozenset({"editor", "photo", "source", "url", "keywords", "page"})


@dataclass(slots=True)
class _Draft:
    headline: str | None = None
    kicker: str | None = None
    deck: str | None = None
    byline: Byline | None = None
    dateline: str | None = None
    date: str | None = None
    credits: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    # Every block so far is a summary point (■…) or there is none: a dateline may still come.
    points_only: bool = True
    # The words of the text so far (see heads.word_pairs), counted up to block `seen`.
    pairs: set[str] = field(default_factory=set)
    seen: int = 0
    chars: int = 0

    def words(self) -> tuple[set[str], int]:
        """The words of the headline and blocks so far and their length, counted once each."""
        if self.seen == 0 and self.headline:
            self.pairs |= word_pairs(self.headline)
        for block in self.blocks[self.seen :]:
            self.pairs |= word_pairs(block.text)
            self.chars += len(block.text)
        self.seen = len(self.blocks)
        return self.pairs, self.chars

    def add(self, *blocks: Block) -> None:
        """Append blocks, keeping track of whether they are all summary points so far."""
        for block in blocks:
            self.blocks.append(block)
            self.points_only = self.points_only and block.text[:1] in BULLETS

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
            credits=tuple(self.credits),
        )


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
        elif f.field in _CLOSING_FIELDS and f.value:
            # 责任编辑, 来源, 图片来源 …: kept with the article as printed, out of its text.
            draft.credits.append(f"{f.label}：{f.value}" if f.label else f.value)


def _follows(item: Item | None) -> str | None:
    """What kind of line comes after a title run, as opens_article() wants it."""
    if item is None:
        return None
    if item.kind == "meta":
        return "meta" if _opening_meta(item) else "paragraph"
    if item.dateline is not None:
        return "dateline"
    return item.kind


class _Builder:
    """Walks the typed items once, opening articles and filling their fields."""

    def __init__(self, layout: Layout | None) -> None:
        self.drafts: list[_Draft] = []
        self.pending: list[Item] = []
        self.stash: list[MetaField] = []
        self.usual_gap = layout.usual_gap if layout is not None and layout.blank_mode else 0
        # The open article has ended (closing byline, end mark or credit line).
        self.closed = False
        self.after_meta: list[int] = []

    def current(self) -> _Draft:
        if not self.drafts:
            self.drafts.append(_Draft())
        return self.drafts[-1]

    def open(self, draft: _Draft) -> None:
        self.drafts.append(draft)
        self.closed = False

    def flush(self, nxt: Item | None, *, at_end: bool = False) -> None:
        pending = self.pending
        if not pending:
            return
        texts = [t.text for t in pending]
        signed = signature_length(texts) if self.drafts and self.current().blocks else 0
        if signed:
            # A name and a date closing a letter or a speech: its last paragraphs; title
            # lines after them head what comes next.
            self.current().add(*(Block("paragraph", t) for t in texts[:signed]))
            self.closed = True
            del pending[:signed]
            texts = texts[signed:]
            if not texts:
                return
        if at_end and self.drafts:
            # Title lines at the very end head nothing: keep them as cross-heads.
            self.current().add(*(Block("heading", t) for t in texts))
        elif opens_article(
            texts,
            numbered=all(t.numbered for t in pending),
            follows=_follows(nxt),
            ctx=Context(
                bool(self.drafts),
                self.closed or pending[0].rule,
                pending[0].gap,
                self.usual_gap,
                # Only where no blank lines part the articles do the words have to tell.
                new_topic=(lambda: new_topic(texts[0], *self.current().words()))
                if not self.usual_gap and len(texts) == 1 and self.drafts
                else None,
            ),
        ):
            kicker, headline, deck = split_title(texts)
            self.open(_Draft(headline=headline, kicker=kicker, deck=deck))
        else:
            self.current().add(*(Block("heading", t) for t in texts))
        pending.clear()

    def add(self, n: int, item: Item, items: list[Item]) -> None:
        if item.kind == "title":
            self.pending.append(item)
            return
        if item.kind == "meta" and any(f.field == "headline" and f.value for f in item.meta):
            # `标题：…` opens an article whatever stands around it; title lines left above
            # it end the article before.
            if self.drafts:
                self.flush(None, at_end=True)
            kicker = " ".join(t.text for t in self.pending) or None
            self.pending.clear()
            head = next(f.value for f in item.meta if f.field == "headline")
            self.open(_Draft(headline=head, kicker=kicker))
            _apply_meta(self.drafts[-1], tuple(self.stash) + item.meta)
            self.stash.clear()
            return
        self.flush(item)
        draft = self.current()
        if self.stash and not draft.blocks:
            _apply_meta(draft, tuple(self.stash))
            self.stash.clear()
        if item.kind == "meta":
            self.add_meta(n, item, items, draft)
        elif item.kind == "dateline":
            if draft.dateline is None and item.dateline is not None:
                draft.dateline = item.dateline.text
            if draft.byline is None and item.byline is not None:
                draft.byline = item.byline
        elif item.kind == "byline":
            self.add_byline(item, draft)
        elif item.kind == "paragraph":
            self.add_paragraph(item, draft)
        elif item.kind == "caption":
            draft.add(Block("caption", item.text))
        elif item.block is not None:
            draft.add(item.block)

    def add_meta(self, n: int, item: Item, items: list[Item], draft: _Draft) -> None:
        k = self.after_meta[n]
        nxt = items[k] if k < len(items) else None
        if draft.blocks and _opening_meta(item) and nxt is not None and nxt.kind == "title":
            # Facts printed between an article's end and the next title belong to it.
            self.stash.extend(item.meta)
            return
        _apply_meta(draft, item.meta)
        if draft.blocks and not _opening_meta(item):
            # `责任编辑：…` under an article closes it.
            self.closed = True

    def add_byline(self, item: Item, draft: _Draft) -> None:
        byline = item.byline
        assert byline is not None
        if byline.photographers and not byline.authors:
            # `张三 摄` under a picture credits the photographer; it is not a new byline.
            draft.byline = _with_photographers(draft.byline, byline)
        elif draft.byline is None and not draft.blocks:
            draft.byline = byline
        elif draft.blocks and item.text[:1] in "（(":
            # `（本报记者 王五）` closing an article is its byline, and its end.
            if draft.byline is None:
                draft.byline = byline
            self.closed = True
        else:
            # A second byline or one after the body: keep its words as text.
            draft.add(Block("paragraph", item.text))

    def add_paragraph(self, item: Item, draft: _Draft) -> None:
        # A dateline opens the article's text, maybe under its summary points (■…).
        first = draft.points_only
        if item.dateline is not None and first and draft.dateline is None:
            draft.dateline = item.dateline.text
            if draft.byline is None:
                draft.byline = item.dateline.byline
        text = item.text
        if not draft.blocks and draft.byline is None:
            # 〔記者張存薇／台東報導〕 opening the story names its reporter.
            draft.byline = opening_credit(text)
        split = trailing_byline(text)
        if split is not None:
            # `……。（记者 张三）`: the byline moves to its field, the words stay; the
            # article ends there.
            text, byline = split
            draft.byline = draft.byline or byline
            self.closed = True
        elif END_MARK.search(text):
            self.closed = True
        if text:
            draft.add(Block("paragraph", text))

    def finish(self) -> list[ParsedSection]:
        self.flush(None, at_end=True)
        return [d.finish() for d in self.drafts]


def build_sections(items: list[Item], layout: Layout | None = None) -> list[ParsedSection]:
    """Articles in reading order; title runs become heads or cross-heads by context."""
    builder = _Builder(layout)
    # For each item, the index of the first item after it that is not a metadata line
    # (computed once, so the walk stays linear).
    after = [len(items)] * len(items)
    k = len(items)
    for i in range(len(items) - 1, -1, -1):
        after[i] = k
        if items[i].kind != "meta":
            k = i
    builder.after_meta = after
    for n, item in enumerate(items):
        builder.add(n, item, items)
    return builder.finish()
