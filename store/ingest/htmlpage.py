"""Web pages: the main text of an article page, or one section per item of a list page.

lxml parses (no network, no entities beyond HTML's own); the rules on top are general:
scripts, navigation, share bars and related-article lists go; the element holding the most
paragraph text outside links is the body; headline, kicker and deck come from the page's
heading elements and meta tags; byline, date and source from its fields or meta tags.
"""

from __future__ import annotations

import re

from lxml import etree, html

from store.ingest import htmlmeta
from store.ingest.htmlblocks import BLOCK_TAGS, blocks_of, text_of
from store.ingest.structured import Article, Piece, looks_like_title, split_items

_DROP = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "button", "input", "select", "textarea", "link", "meta", "video", "audio", "map", "head",
)  # fmt: skip
# Elements that usually hold page furniture, but that some sites wrap around the article
# (a whole page inside one <form>): dropped only when they hold no article text.
_FURNITURE_TAGS = frozenset({"header", "footer", "nav", "aside", "form"})
# Class or id words of page furniture: share bars, comments, related lists, menus, ads.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|comments?|related|relate|recommend\w*|hot\w*|rank\w*"
    r"|sidebar|side|nav\w*|menu|breadcrumbs?|crumbs?|footer|copyright|advert\w*|ads?|adv"
    r"|banner|login|toolbar|tags?|keywords?|pager|pagination|subscribe|qrcode|ewm|erweima"
    r"|weixin|wechat|download|more|reco|corr\w*|popup|modal|cookie)(?:$|[\s_\d-])",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[\W_]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_PARSER = html.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, recover=True, default_doctype=False
)


def parse_page(text: str) -> tuple[list[Article], htmlmeta.PageMeta]:
    """The articles of a web page and what its head and fields say about it."""
    root = _root(text)
    meta = htmlmeta.read_meta(root)
    body = root.find("body")
    if body is None:
        body = root
    _strip(body)
    h1 = htmlmeta.main_heading(body, meta)
    head = htmlmeta.heading_parts(h1, meta)
    container = best_container(body)
    pieces = list(blocks_of(container, skip=h1)) if container is not None else []
    items = split_items(pieces, numbered=h1 is not None)
    if items:
        # A list of briefs (a morning briefing's numbered items): the page's headline
        # heads the lead paragraphs, when there are any, and each item is a section.
        if h1 is not None and items[0].headline is None:
            items[0] = Article(**head, byline=meta.author, pieces=items[0].pieces)
        return items, meta
    if h1 is None and sum(1 for p in pieces if p.kind == "paragraph" and len(p.text) >= 40) < 2:
        links = index_links(body)
        if links:
            return [Article(headline=text) for text in links], meta
    return [Article(**head, byline=meta.author, pieces=pieces, trim_tail=True)], meta


def index_links(body: etree._Element) -> list[str] | None:
    """The article titles of an index page (an e-paper page's list of its articles).

    Menus are gone by now and their links are short; what is left are links whose text
    reads as a headline. Five or more make the page an index.
    """
    seen: dict[str, None] = {}
    for a in body.iter("a"):
        text = text_of(a)
        if len(_WORDS.sub("", text)) >= 6 and len(text) <= 60 and looks_like_title(text):
            seen.setdefault(text, None)
    return list(seen) if len(seen) >= 5 else None


def _root(text: str) -> etree._Element:
    text = _XML_DECL.sub("", text, count=1)
    try:
        root = html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        root = html.fromstring("<html><body></body></html>")
    return root


def _strip(body: etree._Element) -> None:
    """Remove scripts, forms, menus and other furniture in place."""
    for el in list(body.iter(*_DROP)):
        _drop(el)
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        words = f"{el.get('class', '')} {el.get('id', '')}"
        furniture = el.tag in _FURNITURE_TAGS or _FURNITURE.search(words)
        if furniture and el.find(".//h1") is None and _long_paragraphs(el) < 3:
            _drop(el)


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    # Keep the text that follows the element (lxml stores it on the element as its tail).
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _long_paragraphs(el: etree._Element) -> int:
    return sum(1 for p in el.iter("p") if len(text_of(p)) >= 40)


def best_container(body: etree._Element) -> etree._Element | None:
    """The element whose paragraphs hold the most text outside links."""
    scores: dict[etree._Element, float] = {}
    for el in body.iter("p", "div", "td", "section", "article", "li", "font", "span", "pre"):
        own = _own_text_len(el)
        if own < 10:
            continue
        parent = el.getparent()
        if parent is None:
            continue
        weight = own - _direct_link_text(el)
        if weight <= 0:
            continue
        scores[parent] = scores.get(parent, 0.0) + weight
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + weight / 2
    if not scores:
        return body
    return max(scores.items(), key=lambda kv: kv[1])[0]


def _own_text_len(el: etree._Element) -> int:
    """Text of el that sits in it directly or in inline children, not in nested blocks."""
    total = len((el.text or "").strip())
    for child in el:
        if isinstance(child.tag, str) and child.tag not in BLOCK_TAGS:
            total += len("".join(child.itertext()).strip())
        total += len((child.tail or "").strip())
    return total


def _direct_link_text(el: etree._Element) -> int:
    return sum(len("".join(a.itertext()).strip()) for a in el.iterchildren("a"))


def fragment_pieces(text: str) -> list[Piece]:
    """The blocks of an HTML fragment that is all content (a feed item, an e-book chapter)."""
    whole = re.search(r"<(?:html|body)[\s>]", text[:4096], re.IGNORECASE)
    root = _root(text if whole else f"<html><body>{text}</body></html>")
    body = root.find("body")
    if body is None:
        return []
    _strip(body)
    return list(blocks_of(body))
