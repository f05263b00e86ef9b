"""Sections from formats that carry structure (web pages, feeds, Word, e-books).

An adapter reads what its format marks (headline, kicker, deck, byline, date, paragraphs,
headings, captions, tables) into `Article`s; this module turns them into parsed sections
with the same rules the text importer applies: bylines and datelines by form, captions
that announce themselves, a stand-in headline from the opening words, never new text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from store.errors import NoArticle
from store.ingest.blocks import classify
from store.ingest.cleantext import tidy
from store.ingest.credits import byline_from, is_metadata_line, unwrap
from store.ingest.rules import (
    metadata_fields,
    parse_byline,
    parse_date,
    parse_dateline,
    split_title,
    trailing_byline,
)
from store.ingest.text import Unit, ends_sentence, first_sentence, is_title_like
from store.models import Block, Byline, ParsedBriefing, ParsedSection

PieceKind = Literal["paragraph", "heading", "caption", "table"]

# The number or bracket that opens an item of a list of briefs.
_ITEM_NUMBER = re.compile(
    r"^(?:[0-9０-９]{1,2}\s*[.、．:：)）]|[一二三四五六七八九十]{1,3}、|[①-⑳]|【)"
)
# A fragment this short with no sentence mark is a widget's label ("图集", "+1").
_FRAGMENT_MAX = 4


@dataclass(slots=True)
class Piece:
    """One block as the source marks it."""

    kind: PieceKind
    text: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(slots=True)
class Article:
    """One article as a structured source gives it; any field may be missing."""

    headline: str | None = None
    kicker: str | None = None
    deck: str | None = None
    byline: str | None = None
    dateline: str | None = None
    pieces: list[Piece] = field(default_factory=list)
    # Drop headings and scraps that follow the last paragraph (web pages).
    trim_tail: bool = False


def article_section(article: Article) -> ParsedSection | None:
    """A parsed section from a structured article; None when it holds no text at all."""
    byline = byline_from(article.byline)
    dateline = article.dateline
    date: str | None = None
    blocks: list[Block] = []
    headline = tidy(article.headline or "")
    for piece in article.pieces:
        if piece.kind == "table":
            if piece.columns or piece.rows:
                blocks.append(Block("table", columns=piece.columns, rows=piece.rows))
            continue
        text = tidy(piece.text)
        if not text or (text == headline and not blocks):
            continue
        fields = metadata_fields(unwrap(text))
        if fields is not None:
            # A metadata line (作者：…, 责任编辑：…, 来源：…, a bare timestamp): the text
            # rules read its fields; none of it is article text.
            for f in fields:
                if f.field == "byline" and byline is None:
                    byline = parse_byline(f.value) or byline_from(f.value)
                elif f.field == "date" and date is None:
                    date = parse_date(f.value)
            continue
        if is_metadata_line(text):
            continue
        lead = not any(b.type == "paragraph" for b in blocks)
        if lead and piece.kind == "caption" and len(text) <= 24 and byline is None:
            # A small line between headline and text is the byline (任仲平, 本报记者 程 龙).
            found_byline = parse_byline(text) or byline_from(text)
            if found_byline is not None:
                byline = found_byline
                continue
        if piece.kind != "paragraph":
            blocks.append(Block(piece.kind, text))
            continue
        if len(text) <= _FRAGMENT_MAX and not ends_sentence(text):
            continue
        if not any(b.type == "paragraph" for b in blocks):
            found = parse_dateline(text)
            if found is not None and dateline is None:
                dateline = found.text
                byline = byline or found.byline
            elif parse_byline(text) is not None and len(text) <= 40:
                # A byline line above the first paragraph is metadata, not text.
                byline = byline or parse_byline(text)
                continue
        kind = classify([Unit(text, 1)])[0].kind
        blocks.append(Block("caption" if kind == "caption" else "paragraph", text))
    last = next((n for n in range(len(blocks) - 1, -1, -1) if blocks[n].type == "paragraph"), None)
    if byline is None and last is not None:
        # A byline in brackets closing the article: ……任务。（记者 张三）
        closing = trailing_byline(blocks[last].text)
        if closing is not None:
            rest, byline = closing
            blocks[last] = Block("paragraph", rest) if rest else blocks[last]
    # On a web page, headings and scraps after the last paragraph are the page's own
    # furniture (相关推荐, 评论（191）, 已输入0字): they head nothing.
    while (
        article.trim_tail
        and blocks
        and (
            blocks[-1].type == "heading"
            or (
                blocks[-1].type == "paragraph"
                and len(blocks[-1].text) < 12
                and not ends_sentence(blocks[-1].text)
            )
        )
    ):
        blocks.pop()
    if not blocks and not headline:
        return None
    kicker = tidy(article.kicker or "") or None
    deck = tidy(article.deck or "") or None
    if headline:
        # The text rules decide what a dash run means (kicker end, deck start, split).
        lines = [*([kicker] if kicker else []), headline]
        # A deck opening with a dash run keeps the headline as the headline.
        dashed = bool(deck) and split_title([headline, deck])[1] == headline
        if dashed:
            lines.append(deck)
        kicker, headline, found = split_title(lines)
        deck = found if dashed or found else deck
    if not headline:
        first = next((b.text for b in blocks if b.text), "")
        headline = first_sentence(first)
    return ParsedSection(
        headline=headline,
        kicker=kicker,
        deck=deck,
        byline=byline or Byline(),
        dateline=dateline,
        blocks=tuple(blocks),
        date=date,
    )


def split_items(pieces: list[Piece], *, numbered: bool = False) -> list[Article] | None:
    """A list page (numbered briefs under short headings) as one article per item.

    Long articles have cross-heads too, but several paragraphs under each; a list of
    briefs has at least three headings with one or two paragraphs each. Under an
    article's own headline (`numbered`), only numbered headings (1. 一、 ① 【】) count,
    as an article's cross-heads and photo captions look much like briefs.
    """
    heads = [
        i
        for i, p in enumerate(pieces)
        if p.kind == "heading" and (not numbered or _ITEM_NUMBER.match(p.text))
    ]
    if len(heads) < 3:
        return None
    spans = [*heads, len(pieces)]
    sizes = [spans[n + 1] - spans[n] - 1 for n in range(len(heads))]
    if sorted(sizes)[len(sizes) // 2] > 2 or max(sizes) > 6 or sum(sizes) < len(heads):
        return None
    articles: list[Article] = []
    lead = pieces[: heads[0]]
    if any(p.kind == "paragraph" for p in lead):
        articles.append(Article(pieces=lead))
    for n, start in enumerate(heads):
        body = pieces[start + 1 : spans[n + 1]]
        articles.append(Article(headline=pieces[start].text, pieces=list(body)))
    return articles


def build(
    articles: list[Article], *, title: str | None = None, date: str | None = None, name: str = ""
) -> ParsedBriefing:
    """A parsed briefing from articles; NoArticle when none holds any text."""
    sections = [s for s in (article_section(a) for a in articles) if s is not None]
    sections = _drop_contents(_drop_repeats(sections))
    if not sections:
        raise NoArticle(f"{name}: no article text found" if name else "no article text found")
    title = tidy(title or "") or None
    return ParsedBriefing(sections=tuple(sections), title=title, date=date)


def _drop_repeats(sections: list[ParsedSection]) -> list[ParsedSection]:
    """An article printed twice in one file (a compiled issue repeats continued pieces)."""
    seen: set[tuple[str, tuple[Block, ...]]] = set()
    out = []
    for s in sections:
        key = (s.headline, s.blocks)
        if key in seen and s.blocks:
            continue
        seen.add(key)
        out.append(s)
    return out


def _drop_contents(sections: list[ParsedSection]) -> list[ParsedSection]:
    """A table of contents: a section whose lines are mostly the other sections' headlines."""
    heads = {s.headline for s in sections if len(s.headline) >= 4}
    out = []
    for s in sections:
        text = "".join(b.text for b in s.blocks)
        listed = [h for h in heads if h != s.headline and h in text]
        # Mostly headlines: at least half its text is the other sections' headlines.
        rest = len(text) - sum(len(h) for h in listed)
        if len(listed) >= 3 and rest * 2 < len(text):
            continue
        out.append(s)
    return out


def briefing_text(parsed: ParsedBriefing) -> str:
    """The text of a parsed briefing, one block a paragraph; it names the briefing."""
    lines: list[str] = []
    if parsed.title:
        lines.append(parsed.title)
    for s in parsed.sections:
        lines.extend(x for x in (s.kicker, s.headline, s.deck, s.dateline) if x)
        lines.extend(" ".join((s.byline.role or "", *s.byline.authors)).split())
        for b in s.blocks:
            if b.type == "table":
                lines.append(" | ".join(b.columns))
                lines.extend(" | ".join(r) for r in b.rows)
            else:
                lines.append(b.text)
    return "\n\n".join(lines) + "\n"


def looks_like_title(text: str) -> bool:
    """A short line that could head an article (the text rules' own test)."""
    return bool(text) and is_title_like(text)
