"""Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed): a briefing per feed and issue date.

feedparser reads the XML feeds, after the bytes are decoded here (a GB2312 label on GBK
bytes, UTF-8 under a wrong label) and after any document type declaration is removed: a
feed that declares entities is refused outright, so no entity is ever expanded and no
external one fetched. JSON Feed is plain JSON. Each item's HTML goes through the web-page
path; each item becomes a section, keyed by its guid or link and by its content, so that
importing a later copy of the feed adds only the new items.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
from dataclasses import dataclass, replace
from email.utils import parsedate_tz
from typing import Any

from store.errors import ImportFailure, NoArticle
from store.ingest.dates import calendar_date, iso_date
from store.ingest.htmldecode import decode_markup
from store.ingest.htmlpage import fragment_pieces
from store.ingest.loaded import Loaded
from store.ingest.structured import Article, Piece, article_section, tidy
from store.models import ParsedBriefing

_DOCTYPE = re.compile(r"<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.IGNORECASE | re.DOTALL)
_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_ROOT = re.compile(r"<[A-Za-z]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_ISO_DAY = re.compile(r"^\s*((?:19|20)\d{2})-(\d{2})-(\d{2})")
_MARKUP = re.compile(r"<[A-Za-z/!][^<>]*>|&[#A-Za-z0-9]+;")


@dataclass(slots=True)
class FeedItem:
    """One entry of a feed, as this module needs it."""

    title: str
    author: str | None
    date: str | None
    link: str | None
    guid: str | None
    html: str


def load(data: bytes, name: str) -> list[Loaded]:
    """The briefings of a feed file: one per issue date, one section per item."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        title, link, items = _json_feed(data, name)
    else:
        title, link, items = _xml_feed(data, name)
    if not items:
        raise ImportFailure(f"{name}: the feed has no items")
    by_date: dict[str | None, list[FeedItem]] = {}
    for item in items:
        by_date.setdefault(item.date, []).append(item)
    feed_id = link or title or name
    out = []
    for date, group in by_date.items():
        sections, keys = [], []
        for item in group:
            section = article_section(_article(item))
            if section is not None:
                sections.append(replace(section, date=item.date))
                keys.append(item_key(item))
        if not sections:
            continue
        parsed = ParsedBriefing(sections=tuple(sections), title=title or None, date=date)
        meta = {"title": title or None, "date": date, "source": title or None}
        # A feed briefing is named by the feed and its date, not by its items, so a later
        # copy of the feed finds it and adds what is new.
        text = f"feed\n{feed_id}\n{date or 'undated'}\n"
        meta = {k: v for k, v in meta.items() if v}
        out.append(Loaded(text, "feed", parsed, meta, keys=tuple(keys)))
    if not out:
        raise NoArticle(f"{name}: no item of the feed has any text")
    return out


def item_key(item: FeedItem) -> str:
    """An item's identity: its guid or link, and a digest of its title and text."""
    digest = hashlib.sha256(f"{item.title}\n{tidy(item.html)}".encode()).hexdigest()[:16]
    return f"{item.guid or item.link or ''}\t{digest}"


def _article(item: FeedItem) -> Article:
    if _MARKUP.search(item.html):
        pieces = fragment_pieces(item.html)
    else:
        pieces = [Piece("paragraph", p) for p in re.split(r"\n\s*\n|\n", item.html) if p.strip()]
    return Article(headline=item.title or None, byline=item.author, pieces=pieces)


def _xml_feed(data: bytes, name: str) -> tuple[str, str | None, list[FeedItem]]:
    import feedparser

    text = decode_markup(data, name)
    root = _ROOT.search(text)
    # Entities can only be declared before the root element, in the document type.
    if _ENTITY_DECL.search(text[: root.start() if root else len(text)]):
        raise ImportFailure(
            f"{name}: the feed declares XML entities; refused (entity expansion and external "
            "entities are never read)"
        )
    text = _DOCTYPE.sub("", _XML_DECL.sub("", text, count=1), count=1)
    clean = ('<?xml version="1.0" encoding="utf-8"?>\n' + text.lstrip()).encode("utf-8")
    parsed = feedparser.parse(io.BytesIO(clean), resolve_relative_uris=False, sanitize_html=True)
    if not parsed.entries and not parsed.feed:
        reason = str(parsed.get("bozo_exception") or "no feed elements").splitlines()[0]
        raise ImportFailure(f"{name}: not a readable feed ({reason[:100]})")
    feed = parsed.feed
    items = [_entry(e) for e in parsed.entries]
    with warnings.catch_warnings():
        # feedparser warns when it maps a missing date key to another one; both are read.
        warnings.simplefilter("ignore", DeprecationWarning)
        fallback = _date(feed.get("published") or feed.get("updated"), feed.get("updated_parsed"))
    items = [_with_date(i, fallback) for i in items]
    return tidy(feed.get("title", "")), feed.get("link"), items


def _with_date(item: FeedItem, fallback: str | None) -> FeedItem:
    if item.date is None:
        item.date = fallback
    return item


def _entry(e: Any) -> FeedItem:
    contents = [c.get("value", "") for c in e.get("content", []) if c.get("value")]
    html = max(contents, key=len) if contents else e.get("summary", "") or ""
    raw = e.get("published") or e.get("updated") or e.get("created")
    parsed = e.get("published_parsed") or e.get("updated_parsed")
    return FeedItem(
        title=tidy(e.get("title", "")),
        author=tidy((e.get("author_detail") or {}).get("name") or e.get("author", "")) or None,
        date=_date(raw, parsed),
        link=e.get("link"),
        guid=e.get("id"),
        html=html,
    )


def _date(raw: str | None, parsed: Any = None) -> str | None:
    """The issue date as written in the feed (its own time zone), then as feedparser read it."""
    if raw:
        iso = _ISO_DAY.match(raw)
        if iso:
            return calendar_date(*(int(g) for g in iso.groups()))  # 2019-02-30 dates nothing
        rfc = parsedate_tz(raw)
        if rfc is not None and rfc[0] > 1900:
            return calendar_date(rfc[0], rfc[1], rfc[2])
        found = iso_date(raw)
        if found:
            return found
    if parsed:
        return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _json_feed(data: bytes, name: str) -> tuple[str, str | None, list[FeedItem]]:
    try:
        doc = json.loads(decode_markup(data, name))
    except (ValueError, RecursionError) as exc:
        raise ImportFailure(f"{name}: not a readable JSON feed ({str(exc)[:80]})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise ImportFailure(f"{name}: not a JSON feed (no list of items)")
    items = []
    for it in doc["items"]:
        if not isinstance(it, dict):
            continue
        authors = it.get("authors") or (
            [it["author"]] if isinstance(it.get("author"), dict) else []
        )
        names = [a.get("name", "") for a in authors if isinstance(a, dict)]
        html = (
            _str(it.get("content_html")) or _str(it.get("content_text")) or _str(it.get("summary"))
        )
        items.append(
            FeedItem(
                title=tidy(_str(it.get("title"))),
                author=tidy(" ".join(names)) or None,
                date=_date(_str(it.get("date_published")) or _str(it.get("date_modified"))),
                link=_str(it.get("url")) or None,
                guid=_str(it.get("id")) or None,
                html=html,
            )
        )
    return tidy(_str(doc.get("title"))), _str(doc.get("home_page_url")) or None, items


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""
