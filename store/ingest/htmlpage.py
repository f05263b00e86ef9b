"""Web pages: the main text of an article page, or one section per item of a list page.

lxml parses (no network, no entities beyond HTML's own); the rules on top are general:
scripts, navigation, share bars and related-article lists go; the element holding the most
paragraph text outside links is the body; headline, kicker and deck come from the page's
heading elements and meta tags; byline, date and source from its fields or meta tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree, html

from store.ingest import htmlmeta
from store.ingest.structured import Article, Piece, split_items, tidy

_DROP = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "input", "select", "textarea", "nav", "aside", "link", "meta", "video",
    "audio", "map", "head",
)  # fmt: skip
# Class or id words of page furniture: share bars, comments, related lists, menus, ads.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|comments?|related|relate|recommend\w*|hot\w*|rank\w*"
    r"|sidebar|side|nav\w*|menu|breadcrumbs?|crumbs?|footer|copyright|advert\w*|ads?|adv"
    r"|banner|login|toolbar|tags?|keywords?|pager|pagination|subscribe|qrcode|ewm|erweima"
    r"|weixin|wechat|download|more|reco|corr\w*|popup|modal|cookie)(?:$|[\s_\d-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "td",
        "li",
        "ul",
        "ol",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "figure",
        "figcaption",
        "dl",
        "dd",
        "dt",
        "center",
        "header",
        "footer",
        "pre",
        "tr",
        "tbody",
        "thead",
        "body",
        "font",
    ]
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CAPTION_CLASS = re.compile(r"caption|pic|img|photo|figure|tuzhu|desc|note", re.IGNORECASE)
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
    if h1 is None:
        items = split_items(pieces)
        if items:
            return items, meta
    return [Article(**head, byline=meta.author, pieces=pieces)], meta


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
        furniture = el.tag in ("header", "footer") or _FURNITURE.search(words)
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
    return sum(1 for p in el.iter("p") if len(_text(p)) >= 40)


def _text(el: etree._Element) -> str:
    return tidy("".join(el.itertext()))


def _link_text(el: etree._Element) -> int:
    return sum(len(_text(a)) for a in el.iter("a"))


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
        if isinstance(child.tag, str) and child.tag not in _BLOCK_TAGS:
            total += len("".join(child.itertext()).strip())
        total += len((child.tail or "").strip())
    return total


def _direct_link_text(el: etree._Element) -> int:
    return sum(len("".join(a.itertext()).strip()) for a in el.iterchildren("a"))


def blocks_of(container: etree._Element, skip: etree._Element | None = None) -> Iterator[Piece]:
    """The container's blocks in reading order: paragraphs, headings, captions, tables."""
    after_image = False
    for kind, el, text in _walk(container, skip):
        if kind == "table":
            table = _table(el)
            if table is not None:
                yield table
            after_image = False
            continue
        if kind == "image":
            after_image = True
            continue
        if not text:
            continue
        if kind == "paragraph" and _is_caption(el, text, after_image):
            kind = "caption"
        after_image = False
        yield Piece(kind, text)  # type: ignore[arg-type]


def _walk(
    el: etree._Element, skip: etree._Element | None
) -> Iterator[tuple[str, etree._Element, str]]:
    """(kind, element, text) for each leaf block under el, splitting text at <br>."""
    if el is skip:
        return
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _HEADINGS:
        yield "heading", el, _text(el)
        return
    if tag == "table" and _is_data_table(el):
        yield "table", el, ""
        return
    if tag == "figcaption":
        yield "caption", el, _text(el)
        return
    if tag == "img":
        yield "image", el, ""
        return
    if tag in ("ul", "ol") and _link_share(el) > 0.5:
        return
    if not any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el):
        yield from _inline_block(el)
        return
    buffer: list[str] = [el.text or ""]
    number = 0
    for child in el:
        ctag = child.tag if isinstance(child.tag, str) else ""
        if ctag in _BLOCK_TAGS or ctag in ("img", "br"):
            yield from _flush(el, buffer)
            if ctag == "br":
                pass
            elif ctag == "li" and tag == "ol":
                number += 1
                for kind, sub, text in _walk(child, skip):
                    yield kind, sub, _numbered(text, number) if kind == "paragraph" else text
            else:
                yield from _walk(child, skip)
            buffer = [child.tail or ""]
        else:
            buffer.append("".join(child.itertext()))
            buffer.append(child.tail or "")
    yield from _flush(el, buffer)


def _numbered(text: str, number: int) -> str:
    return text if not text or text[0].isdigit() else f"{number}. {text}"


def _flush(el: etree._Element, buffer: list[str]) -> Iterator[tuple[str, etree._Element, str]]:
    text = tidy("".join(buffer))
    buffer.clear()
    if text:
        yield "paragraph", el, text


def _inline_block(el: etree._Element) -> Iterator[tuple[str, etree._Element, str]]:
    """A block with only inline content; <br> splits it into lines, images mark captions."""
    if el.find(".//img") is not None and not _text(el):
        yield "image", el, ""
        return
    if _link_share(el) > 0.6 and len(_text(el)) < 80:
        return
    bold = _all_bold(el)
    lines: list[list[str]] = [[]]

    def visit(node: etree._Element) -> None:
        if node is not el and node.tag == "br":
            lines.append([])
        else:
            lines[-1].append(node.text or "")
            for child in node:
                visit(child)
        if node is not el:
            lines[-1].append(node.tail or "")

    visit(el)
    for line in lines:
        yield from _emit(el, line, bold)


def _emit(
    el: etree._Element, buffer: list[str], bold: bool
) -> Iterator[tuple[str, etree._Element, str]]:
    text = tidy("".join(buffer))
    if not text:
        return
    from store.ingest.structured import looks_like_title

    kind = "heading" if bold and looks_like_title(text) else "paragraph"
    yield kind, el, text


def _all_bold(el: etree._Element) -> bool:
    """A block whose whole text is inside <strong>/<b>: a cross-head or an item title."""
    total = len(_text(el))
    if total == 0 or total > 64:
        return False
    bold = sum(len(_text(b)) for b in el.iter("strong", "b") if b.getparent() is not None)
    return bold >= total


def _link_share(el: etree._Element) -> float:
    total = len(_text(el))
    return _link_text(el) / total if total else 0.0


def _is_caption(el: etree._Element, text: str, after_image: bool) -> bool:
    if len(text) > 120:
        return False
    words = f"{el.get('class', '')} {el.get('id', '')}"
    if _CAPTION_CLASS.search(words):
        return True
    centred = "center" in (el.get("align", "") + el.get("style", "")).lower()
    return after_image and centred and len(text) <= 80


def _is_data_table(table: etree._Element) -> bool:
    """A grid of short cells, not a table that lays out a page."""
    if table.find(".//table") is not None:
        return False
    rows = [r for r in table.iter("tr")]
    if len(rows) < 2:
        return False
    widths = [len(list(r.iterchildren("td", "th"))) for r in rows]
    if max(widths) < 2:
        return False
    cells = [c for r in rows for c in r.iterchildren("td", "th")]
    long_cells = sum(1 for c in cells if len(_text(c)) > 150)
    return long_cells == 0


def _table(table: etree._Element) -> Piece | None:
    rows = []
    for r in table.iter("tr"):
        cells = tuple(_text(c) for c in r.iterchildren("td", "th"))
        if any(cells):
            rows.append(cells)
    if len(rows) < 2:
        return None
    width = max(len(r) for r in rows)
    rows = [r + ("",) * (width - len(r)) for r in rows]
    return Piece("table", columns=rows[0], rows=tuple(rows[1:]))
