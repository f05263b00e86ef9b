"""What a web page says about itself: title, headline elements, author, date and source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from store.ingest.dateline import parse_byline
from store.ingest.dates import DATE, iso_date
from store.ingest.structured import looks_like_title, tidy

_TITLE_META = ("og:title", "twitter:title", "headline", "title", "dc.title")
_AUTHOR_META = ("author", "article:author", "byline", "dc.creator", "sailthru.author")
_DATE_META = (
    "article:published_time", "og:release_date", "publishdate", "pubdate", "publish_date",
    "publication_date", "datepublished", "dc.date.issued", "dc.date", "date", "sailthru.date",
    "og:article:published_time", "weibo:article:create_at", "article:modified_time",
)  # fmt: skip
_SOURCE_META = ("source", "og:site_name", "application-name", "copyright")
_SOURCE = re.compile(r"来源(?:于|自)?\s*[:：]\s*([^\s|/:：]{2,20})")
_RIGHTS = re.compile(r"\s*(?:版[权權]所有|all rights reserved)[.。]?$", re.I)
# A date the page labels as its publication date, wherever it stands.
_LABELLED_DATE = re.compile(r"(?:发布|发表|出版|刊发|更新)?(?:日期|时间)\s*[:：]\s*")
_SITE_SPLIT = re.compile(r"\s*(?:[-_|｜—–]+|::)\s*")
_KICKER_CLASS = re.compile(r"kicker|pre-?title|yin|intro-?title|lead-?title|top-?title", re.I)
_DECK_CLASS = re.compile(r"sub-?title|subhead|fu-?(?:biao)?ti|deck|summary-?title", re.I)
_AUTHOR_CLASS = re.compile(r"author|byline|writer|reporter|zuozhe", re.I)
_INFO_CLASS = re.compile(r"time|date|info|source|pub|meta|attr|from", re.I)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(slots=True)
class PageMeta:
    """A page's own statements about its article."""

    title: str = ""
    og_title: str = ""
    author: str | None = None
    date: str | None = None
    source: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def read_meta(root: etree._Element) -> PageMeta:
    """Title and meta tags of a page (read before the furniture is removed)."""
    metas: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").lower()
        content = el.get("content")
        if key and content and key not in metas:
            metas[key] = tidy(content)
    title_el = root.find(".//title")
    title = tidy("".join(title_el.itertext())) if title_el is not None else ""
    og_title = next((metas[k] for k in _TITLE_META if metas.get(k)), "")
    author = next((metas[k] for k in _AUTHOR_META if _is_name(metas.get(k))), None)
    date = next((d for d in (iso_date(metas.get(k)) for k in _DATE_META) if d), None)
    if date is None:
        for el in root.iter("time"):
            date = iso_date(el.get("datetime")) or iso_date("".join(el.itertext()))
            if date:
                break
    source = next((_source_name(metas[k]) for k in _SOURCE_META if metas.get(k)), None)
    return PageMeta(title, og_title, author, date, source, metas)


def _is_name(value: str | None) -> bool:
    return bool(value) and not value.isdigit() and "://" not in value and len(value) <= 40


def _source_name(value: str) -> str | None:
    match = _SOURCE.search(value)
    name = match.group(1) if match else value
    name = re.sub(r"^(?:来源|Copyright|©)\s*[:：]?\s*", "", name).strip()
    # A copyright line names its owner: "网易版权所有" is 网易's page.
    name = _RIGHTS.sub("", name).strip()
    return name[:40] or None


def page_title(meta: PageMeta) -> str:
    """The page's title without the site name that follows it."""
    raw = meta.og_title or meta.title
    parts = [p for p in _SITE_SPLIT.split(raw) if p]
    if not parts:
        return raw
    return parts[0] if len(parts[0]) >= 4 else max(parts, key=len)


def main_heading(body: etree._Element, meta: PageMeta) -> etree._Element | None:
    """The element holding the article's headline: an h1 the title agrees with, or similar."""
    titles = " ".join(filter(None, (meta.og_title, meta.title)))
    parts = [p for p in _SITE_SPLIT.split(meta.og_title or meta.title) if p]
    # A short part beside a longer one is the site's or the section's name (新华网).
    names = {p for p in parts if len(p) <= 8 and any(len(q) > len(p) for q in parts)}
    # A heading inside a link is a logo or a teaser, never the page's own headline.
    candidates = [
        el for el in body.iter(*_HEADINGS) if 4 <= len(_text(el)) <= 100 and not _in_link(el)
    ]
    agreeing = [el for el in candidates if _text(el) in titles and _text(el) not in names]
    if agreeing:
        return min(agreeing, key=lambda el: _HEADINGS.index(el.tag))
    h1s = [el for el in candidates if el.tag == "h1"]
    if not titles:
        return h1s[0] if len(h1s) == 1 else None
    # Pages that set the headline in a plain block: the longest block that the page
    # title begins with (titles append the section and site names), or that is one of
    # the title's parts (some sites put their name first).
    long_parts = {p for p in parts if len(p) >= 6}
    best: etree._Element | None = None
    best_len = 0
    for el in body.iter("div", "p", "span", "td", "strong", "font", "b", "a"):
        text = _text(el)
        fits = titles.startswith(text) or text in long_parts
        if fits and best_len < len(text) <= 100 and len(text) >= 6:
            best, best_len = el, len(text)
    if best is None and len(h1s) == 1:
        # A page whose title is only the site's name (an e-paper article page titled
        # 人民日报) still has its one headline element.
        return h1s[0]
    return best


def _in_link(el: etree._Element) -> bool:
    return any(a.tag == "a" for a in el.iterancestors()) or (
        el.find(".//a") is not None and len(_text(el.find(".//a"))) >= len(_text(el))
    )


def heading_parts(h1: etree._Element | None, meta: PageMeta) -> dict[str, str | None]:
    """Headline, kicker and deck from the headline element and its neighbours."""
    if h1 is None:
        return {"headline": page_title(meta) or None, "kicker": None, "deck": None}
    kicker = deck = None
    prev = _sibling(h1, -1)
    if prev is not None and _is_head_line(prev, _KICKER_CLASS):
        kicker = _text(prev)
        _clear(prev)
    nxt = _sibling(h1, 1)
    if nxt is not None and _is_head_line(nxt, _DECK_CLASS):
        deck = _text(nxt)
        _clear(nxt)
    _fill_from_neighbourhood(h1, meta)
    if meta.author is None:
        meta.author = _byline_below(h1)
    return {"headline": _text(h1), "kicker": kicker, "deck": deck}


def _byline_below(h1: etree._Element) -> str | None:
    """A byline line set just under the headline, outside the article's text block."""
    node = h1.getnext()
    for _ in range(4):
        if node is None:
            return None
        text = _text(node)
        if text and len(text) <= 40 and parse_byline(text) is not None:
            return text
        node = node.getnext()
    return None


def _is_head_line(el: etree._Element, classes: re.Pattern[str]) -> bool:
    text = _text(el)
    if not text or len(text) > 64 or not looks_like_title(text):
        return False
    if DATE.search(text) or _SOURCE.search(text):
        return False
    words = f"{el.get('class', '')} {el.get('id', '')}"
    return el.tag in _HEADINGS or bool(classes.search(words))


def _sibling(el: etree._Element, step: int) -> etree._Element | None:
    node = el.getprevious() if step < 0 else el.getnext()
    while node is not None and not _text(node) and node.find(".//img") is None:
        node = node.getprevious() if step < 0 else node.getnext()
    return node


def _clear(el: etree._Element) -> None:
    """Empty an element whose text became the kicker or deck, keeping what follows it."""
    tail = el.tail
    el.clear()
    el.tail = tail


def _fill_from_neighbourhood(h1: etree._Element, meta: PageMeta) -> None:
    """Date, author and source from the info line near the headline, when meta lacks them."""
    if meta.date is None:
        body_text = _text(h1.getroottree().getroot())
        for match in _LABELLED_DATE.finditer(body_text):
            meta.date = iso_date(body_text[match.end() : match.end() + 24])
            if meta.date:
                break
    scope = h1.getparent()
    for _ in range(2):
        if scope is None:
            return
        info = [
            el
            for el in scope.iter()
            if isinstance(el.tag, str)
            and _INFO_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}")
        ]
        texts = [_text(el) for el in info] + [_text(scope)[:400]]
        if meta.date is None:
            meta.date = next((d for d in map(iso_date, texts) if d), None)
        if meta.source is None:
            # Read with a break between the page's text nodes, so a name ends where its
            # element does, not in the widget after it (长江网 before 调整字体, 字号 超大).
            nodes = [_nodes(el) for el in info] + [_nodes(scope)[:400]]
            found = next((m for m in map(_SOURCE.search, nodes) if m), None)
            meta.source = found.group(1) if found else None
        if meta.author is None:
            authors = [
                _text(el)
                for el in scope.iter()
                if isinstance(el.tag, str)
                and _AUTHOR_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}")
            ]
            meta.author = next((a for a in authors if _is_name(a)), None)
        scope = scope.getparent()


def _nodes(el: etree._Element) -> str:
    """An element's text nodes, one a line."""
    return "\n".join(t for t in (tidy(t) for t in el.itertext()) if t)


def _text(el: etree._Element) -> str:
    return tidy("".join(el.itertext()))
