"""Word .docx files: sections from heading styles, or from bold short lines; tables; lists.

python-docx reads the package (its XML parser resolves no entities); the zip is checked
first for bombs and entity declarations. A document with neither headings nor bold title
lines goes through the text rules as a whole, like a text dump.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace

from store.errors import ImportFailure, NoArticle
from store.ingest import parse
from store.ingest.dates import iso_date
from store.ingest.loaded import Loaded
from store.ingest.safezip import SafeZip
from store.ingest.structured import Article, Piece, briefing_text, build, looks_like_title, tidy
from store.ingest.wordlists import Numbering
from store.models import Block, ParsedBriefing

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING = re.compile(r"^(?:heading|标题|見出し|titre|überschrift)\s*(\d)$", re.IGNORECASE)
_BOLD_TITLE_MAX = 40


@dataclass(slots=True)
class _Para:
    text: str
    level: int | None  # 0 for a title style, 1.. for headings, None for body text
    bold: bool
    caption: bool = False


def load(data: bytes, name: str) -> list[Loaded]:
    """One briefing from a .docx file."""
    import docx

    package = SafeZip(data, name)
    for member in package.members:
        if member.endswith((".xml", ".rels")):
            package.xml(member)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise ImportFailure(f"{name}: not a readable Word document ({exc})") from None
    numbering = Numbering(document)
    items = list(_items(document, numbering))
    # The package's own title is used; its author and dates are the template's or the
    # generator's as often as the writer's, so the document's masthead is read instead.
    title = tidy(document.core_properties.title or "") or None
    parsed = _sections(items, title, name)
    meta = {k: v for k, v in {"title": title or parsed.title, "date": parsed.date}.items() if v}
    return [Loaded(briefing_text(parsed), "docx", parsed, meta)]


@dataclass(frozen=True, slots=True)
class _StyleFacts:
    level: int | None
    bold: bool
    caption: bool


def _items(document, numbering: Numbering):
    """Paragraphs and tables of the body, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    # Looking a style up is slow in python-docx; each style is read once per document.
    facts: dict[str | None, tuple[object, _StyleFacts]] = {}
    for el in document.element.body.iterchildren():
        if el.tag == f"{_W}p":
            para = Paragraph(el, document)
            text = tidy(para.text)
            if not text:
                continue
            style_id = el.style
            if style_id not in facts:
                style = para.style
                facts[style_id] = (style, _style_facts(style))
            style, known = facts[style_id]
            text = numbering.label(el, style) + text
            level = known.level if known.level is not None else _outline_level(el)
            yield _Para(text, level, _bold(para, known.bold), known.caption)
        elif el.tag == f"{_W}tbl":
            table = _table(Table(el, document))
            if table is not None:
                yield table


def _style_facts(style) -> _StyleFacts:
    """Heading level, boldness and caption role of a paragraph style and its bases."""
    names = []
    bold = bool(style is not None and style.font.bold)
    caption = style is not None and (style.name or "").lower() in ("caption", "题注")
    while style is not None and len(names) < 10:
        names.extend(n for n in (style.name, getattr(style, "style_id", None)) if n)
        style = style.base_style
    for n in names:
        low = n.lower().replace("heading", "heading ").replace("  ", " ")
        if low in ("title", "标题") or n == "Title":
            return _StyleFacts(0, bold, caption)
        match = _HEADING.match(low.strip())
        if match:
            return _StyleFacts(int(match.group(1)), bold, caption)
    return _StyleFacts(None, bold, caption)


def _outline_level(p) -> int | None:
    """A heading level set on the paragraph itself (Word's outline level)."""
    outline = p.find(f"{_W}pPr/{_W}outlineLvl")
    if outline is not None and outline.get(f"{_W}val", "").isdigit():
        level = int(outline.get(f"{_W}val")) + 1
        return level if level <= 6 else None
    return None


def _bold(para, style_bold: bool) -> bool:
    runs = [r for r in para.runs if r.text.strip()]
    if not runs:
        return False
    return all(r.bold or (r.bold is None and style_bold) for r in runs)


def _table(table) -> Piece | None:
    rows = []
    for row in table.rows:
        cells, last = [], None
        for cell in row.cells:
            if last is not None and cell._tc is last:
                continue  # a merged cell repeats across the columns it spans
            last = cell._tc
            cells.append(tidy(cell.text))
        if any(cells):
            rows.append(tuple(cells))
    if not rows:
        return None
    width = max(len(r) for r in rows)
    rows = [r + ("",) * (width - len(r)) for r in rows]
    if len(rows) == 1:
        return Piece("table", columns=rows[0])
    return Piece("table", columns=rows[0], rows=tuple(rows[1:]))


def _sections(items: list, title: str | None, name: str):
    paras = [i for i in items if isinstance(i, _Para)]
    levels = sorted({p.level for p in paras if p.level})
    if levels:
        return _by_level(items, levels[0], title, name)
    if sum(1 for p in paras if _bold_title(p)) >= 1:
        return _by_bold(items, title, name)
    # Tables as pipe rows on adjacent lines, which the text rules read back as grids.
    text = "\n\n".join(
        i.text if isinstance(i, _Para) else "\n".join(" | ".join(r) for r in (i.columns, *i.rows))
        for i in items
    )
    if not text.strip():
        raise NoArticle(f"{name}: the document has no text")
    return _keep_rows(parse(text), [i for i in items if isinstance(i, Piece)])


def _keep_rows(parsed: ParsedBriefing, tables: list[Piece]) -> ParsedBriefing:
    """Put the document's own table rows back into the grids the text rules found."""
    queue = list(tables)
    sections = []
    for section in parsed.sections:
        blocks = []
        for block in section.blocks:
            if block.type == "table" and queue and queue[0].columns == block.columns:
                table = queue.pop(0)
                block = Block("table", columns=table.columns, rows=table.rows)
            blocks.append(block)
        sections.append(replace(section, blocks=tuple(blocks)))
    return replace(parsed, sections=tuple(sections))


def _bold_title(p: _Para) -> bool:
    return p.bold and len(p.text) <= _BOLD_TITLE_MAX and looks_like_title(p.text)


def _by_level(items: list, top: int, title: str | None, name: str):
    """Articles under the top heading level; deeper headings are cross-heads."""
    return _split(items, lambda p: p.level == top, lambda p: p.level is not None, title, name)


def _by_bold(items: list, title: str | None, name: str):
    """Articles under bold short lines, for documents that use no heading styles."""
    return _split(items, _bold_title, lambda p: False, title, name)


def _split(items, opens, is_heading, title, name):
    articles: list[Article] = []
    lead: list[Piece] = []
    doc_title = title
    for item in items:
        if isinstance(item, Piece):
            (articles[-1].pieces if articles else lead).append(item)
            continue
        if item.level == 0 and doc_title is None and not articles:
            doc_title = item.text
            continue
        if opens(item):
            articles.append(Article(headline=item.text))
            continue
        kind = "caption" if item.caption else "heading" if is_heading(item) else "paragraph"
        (articles[-1].pieces if articles else lead).append(Piece(kind, item.text))
    date = None
    masthead = [p.text for p in lead if p.kind != "table"]
    if masthead and all(len(t) <= 40 for t in masthead):
        # Lines above the first article are the masthead: 工作动态, 第12期, office and date.
        doc_title = doc_title or masthead[0]
        date = next((d for d in map(iso_date, masthead) if d), None)
        lead = [p for p in lead if p.kind == "table"]
    if lead:
        articles.insert(0, Article(pieces=lead))
    return build(articles, title=doc_title, date=date, name=name)
