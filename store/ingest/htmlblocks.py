"""The blocks of a web page's body in reading order: paragraphs, headings, captions, tables."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from store.ingest.structured import Piece, looks_like_title, tidy

BLOCK_TAGS = frozenset(
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
_PUNCT = frozenset("，。、；：！？,.;:!?")
_CAPTION_CLASS = re.compile(r"caption|pic|img|photo|figure|tuzhu|desc|note", re.IGNORECASE)


def text_of(el: etree._Element) -> str:
    """An element's text as one tidy line."""
    return tidy("".join(el.itertext()))


def link_text(el: etree._Element) -> int:
    """How many characters of an element's text sit inside links."""
    return sum(len(text_of(a)) for a in el.iter("a"))


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
        yield "heading", el, text_of(el)
        return
    if tag == "table" and _is_data_table(el):
        yield "table", el, ""
        return
    if tag == "figcaption":
        yield "caption", el, text_of(el)
        return
    if tag == "img":
        yield "image", el, ""
        return
    if tag in ("ul", "ol") and _link_share(el) > 0.5:
        return
    if not any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el):
        yield from _inline_block(el)
        return
    buffer: list[str] = [el.text or ""]
    number = 0
    for child in el:
        ctag = child.tag if isinstance(child.tag, str) else ""
        if ctag in BLOCK_TAGS or ctag in ("img", "br"):
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
    if text and not keyword_stuffing(text):
        yield "paragraph", el, text


def keyword_stuffing(text: str) -> bool:
    """A long run of words with almost no punctuation: a hidden keyword list, not prose."""
    if len(text) < 400:
        return False
    marks = sum(1 for ch in text if ch in _PUNCT)
    return marks * 150 < len(text)


def _inline_block(el: etree._Element) -> Iterator[tuple[str, etree._Element, str]]:
    """A block with only inline content; <br> splits it into lines, images mark captions."""
    if el.find(".//img") is not None and not text_of(el):
        yield "image", el, ""
        return
    if _link_share(el) > 0.6 and len(text_of(el)) < 80:
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
    if not text or keyword_stuffing(text):
        return
    kind = "heading" if bold and looks_like_title(text) else "paragraph"
    yield kind, el, text


def _all_bold(el: etree._Element) -> bool:
    """A block whose whole text is inside <strong>/<b>: a cross-head or an item title."""
    total = len(text_of(el))
    if total == 0 or total > 64:
        return False
    bold = sum(len(text_of(b)) for b in el.iter("strong", "b") if b.getparent() is not None)
    return bold >= total


def _link_share(el: etree._Element) -> float:
    total = len(text_of(el))
    return link_text(el) / total if total else 0.0


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
    long_cells = sum(1 for c in cells if len(text_of(c)) > 150)
    return long_cells == 0


def _table(table: etree._Element) -> Piece | None:
    rows = []
    for r in table.iter("tr"):
        cells = tuple(text_of(c) for c in r.iterchildren("td", "th"))
        if any(cells):
            rows.append(cells)
    if len(rows) < 2:
        return None
    width = max(len(r) for r in rows)
    rows = [r + ("",) * (width - len(r)) for r in rows]
    return Piece("table", columns=rows[0], rows=tuple(rows[1:]))
