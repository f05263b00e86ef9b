"""PDF with a text layer: whole issues and column-laid e-paper pages.

pypdf (BSD) reads the text layer; it runs no JavaScript and follows no link. Lines come in
reading order from `pdflayout`; running headers and footers (page numbers, 版次, 责编
lines, a masthead repeated on each page) are dropped; lines set clearly larger than the
body text are headlines, the text rules decide bylines and datelines; paragraphs are
rejoined across line and page breaks with nothing inserted between Chinese characters.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from store.errors import ImportFailure
from store.ingest.cleantext import tidy
from store.ingest.credits import is_metadata_line, issue_of
from store.ingest.dates import DATE, iso_date
from store.ingest.loaded import Loaded
from store.ingest.pdffonts import fonts_read_once
from store.ingest.pdflayout import (
    Line,
    join_display_lines,
    lines_of,
    page_spans,
    reading_order,
    usual_size,
)
from store.ingest.structured import Article, Piece, briefing_text, build
from store.ingest.text import ends_sentence

_MARGIN = 0.07  # share of the page height at the top and bottom where running lines sit
_RUNNING = re.compile(
    r"第\s*[0-9０-９A-Za-z一二三四五六七八九十]+\s*版|版次|责编|责任编辑|本版编辑|美编|校对|编辑[:：]"
    r"|^\s*[-—–]?\s*\d{1,4}\s*[-—–]?\s*$|^\s*第?\s*\d{1,4}\s*页"
)
_HEADLINE = 1.3  # a line this many times the body size is a headline
_SUBHEAD = 1.08  # between this and _HEADLINE: a kicker, deck or cross-head
_CAPTION = 0.92  # a short line this much smaller than the body is a caption


def load(data: bytes, name: str) -> list[Loaded]:
    """One briefing from a PDF file."""
    import pypdf
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _unlock(reader):
            raise ImportFailure(f"{name}: the PDF is encrypted with a password; it cannot be read")
        pages = list(reader.pages)
    except DependencyError:
        raise ImportFailure(
            f"{name}: the PDF is encrypted in a way this reader cannot open"
        ) from None
    except PdfReadError as exc:
        raise ImportFailure(f"{name}: not a readable PDF ({str(exc)[:100]})") from None
    page_lines: list[tuple[float, list[Line]]] = []
    with fonts_read_once():
        for page in pages:
            try:
                height = float(page.mediabox.height) or 842.0
                lines = lines_of(page_spans(page))
            except (PdfReadError, KeyError, ValueError, TypeError, AttributeError):
                continue
            page_lines.append((height, lines))
    usual = usual_size([lines for _, lines in page_lines])
    page_lines = [(h, join_display_lines(lines, usual)) for h, lines in page_lines]
    if sum(len(ln.text) for _, lines in page_lines for ln in lines) < 20:
        raise ImportFailure(
            f"{name}: the PDF has no text layer (a scanned page); OCR is not supported"
        )
    masthead, body = _drop_running(page_lines)
    ordered = [reading_order(lines) for lines in body]
    articles = _articles(ordered)
    date = next((d for d in map(iso_date, masthead) if d), None)
    title = next((t for t in map(_paper_name, masthead) if t), None)
    if not (date and title):
        # A compiled issue names paper and date under each article instead of a masthead.
        found = next((f for ln in lines_in(ordered) if (f := issue_of(ln.text))), None)
        if found:
            title, date = title or found[0], date or found[1]
    title = title or _doc_title(reader)
    parsed = build(articles, title=title, date=date, name=name)
    meta = {k: v for k, v in {"title": parsed.title, "date": date}.items() if v}
    return [Loaded(briefing_text(parsed), "pdf", parsed, meta)]


def lines_in(pages: list[list[Line]]):
    """Every line of every page, in order."""
    for lines in pages:
        yield from lines


def _paper_name(line: str) -> str | None:
    """The paper's name before the date of a masthead line (湖南日报 2019年12月10日 第3版)."""
    match = DATE.search(line)
    if match is None:
        return None
    name = line[: match.start()].strip(" |·-—\u3000")
    return name if 2 <= len(name) <= 20 else None


def _doc_title(reader) -> str | None:
    """The document's own title, unless it is a generator's placeholder."""
    try:
        title = tidy(str((reader.metadata or {}).get("/Title") or ""))
    except Exception:  # a damaged information dictionary is no reason to fail
        return None
    if not title or title.lower() in ("untitled", "无标题") or title.startswith("Microsoft "):
        return None
    return title


def _unlock(reader) -> bool:
    """Open a PDF encrypted only against changes (an empty user password)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # pypdf raises several kinds for unknown or broken encryption
        return False


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def _drop_running(pages: list[tuple[float, list[Line]]]) -> tuple[list[str], list[list[Line]]]:
    """Drop headers and footers: lines in the margins that repeat or look like page furniture.

    Returns the dropped header lines of the first page (the masthead) and each page's rest.
    """
    counts: Counter[str] = Counter()
    for height, lines in pages:
        counts.update({_key(ln.text) for ln in lines if _in_margin(ln, height)})
    repeated = {k for k, n in counts.items() if len(pages) >= 3 and n >= len(pages) * 0.5}
    masthead: list[str] = []
    out = []
    for n, (height, lines) in enumerate(pages):
        kept = []
        for ln in lines:
            margin = _in_margin(ln, height)
            if margin and (_key(ln.text) in repeated or _RUNNING.search(ln.text)):
                if n == 0 and ln.y > height / 2:
                    masthead.append(ln.text)
                continue
            kept.append(ln)
        out.append(kept)
    return masthead, out


def _in_margin(line: Line, height: float) -> bool:
    return line.y > height * (1 - _MARGIN) or line.y < height * _MARGIN


def _articles(pages: list[list[Line]]) -> list[Article]:
    """Articles from lines in reading order: headlines by size, paragraphs by layout."""
    body = usual_size(pages)
    edges = _edges(pages)
    articles: list[Article] = [Article()]
    heads: list[Line] = []
    para: list[str] = []
    prev: Line | None = None

    captions: list[str] = []

    def flush_para() -> None:
        if para:
            articles[-1].pieces.append(Piece("paragraph", _join(para)))
            para.clear()
        # A caption set inside a paragraph's run follows the paragraph, as the text rules
        # place a caption wedged in a broken paragraph.
        articles[-1].pieces.extend(Piece("caption", text) for text in captions)
        captions.clear()

    def flush_heads() -> None:
        if not heads:
            return
        # Editors' and designers' lines set in a larger size are no headline.
        heads[:] = [ln for ln in heads if not is_metadata_line(ln.text)]
        if not heads:
            return
        top = max(ln.size for ln in heads)
        if top >= body * _HEADLINE:
            big = [ln for ln in heads if ln.size >= top * 0.9]
            first, last = heads.index(big[0]), heads.index(big[-1])
            articles.append(
                Article(
                    headline=_join([ln.text for ln in big]),
                    kicker=_join([ln.text for ln in heads[:first]]) or None,
                    deck=_join([ln.text for ln in heads[last + 1 :]]) or None,
                )
            )
        else:
            articles[-1].pieces.append(Piece("heading", _join([ln.text for ln in heads])))
        heads.clear()

    prev_page = 0
    for page_no, lines in enumerate(pages):
        flush_heads()  # a head never runs over a page break
        for ln in lines:
            if ln.size >= body * _SUBHEAD:
                flush_para()
                if heads and abs(heads[-1].y - ln.y) > ln.size * 3 and prev is heads[-1]:
                    flush_heads()
                heads.append(ln)
            elif ln.size <= body * _CAPTION and len(ln.text) <= 60:
                flush_heads()
                if captions and prev is not None and prev.size <= body * _CAPTION:
                    captions[-1] = _join([captions[-1], ln.text])
                else:
                    captions.append(ln.text)
                if not para:
                    flush_para()
                prev, prev_page = ln, page_no
                continue
            else:
                flush_heads()
                edge = edges.get((prev_page, round(prev.x0 / 8)), 0.0) if prev else 0.0
                if para and _starts_paragraph(ln, prev, para, edge):
                    flush_para()
                para.append(ln.text)
            prev, prev_page = ln, page_no
    flush_para()
    flush_heads()
    return [a for a in articles if a.headline or a.pieces]


def _starts_paragraph(line: Line, prev: Line | None, para: list[str], edge: float) -> bool:
    """A new paragraph: the line is indented, or the one before ended short on a full stop."""
    if prev is None:
        return True
    indent = line.x0 - prev.x0
    if indent > line.size * 1.2 and abs(prev.y - line.y) < line.size * 3:
        return True
    short = prev.x1 < edge - line.size * 1.5
    return short and ends_sentence(para[-1])


def _edges(pages: list[list[Line]]) -> dict[tuple[int, int], float]:
    """The right edge of each column: the furthest a line starting there reaches."""
    edges: dict[tuple[int, int], float] = {}
    for n, lines in enumerate(pages):
        for ln in lines:
            key = (n, round(ln.x0 / 8))
            edges[key] = max(edges.get(key, 0.0), ln.x1)
    return edges


def _join(parts: list[str]) -> str:
    """Lines of one paragraph joined: nothing between Chinese characters, a space in Latin."""
    text = ""
    for part in parts:
        part = part.strip()
        if text and re.search(r"[A-Za-z0-9,.;:]$", text) and re.match(r"[A-Za-z0-9(]", part):
            text += " "
        text += part
    return text
