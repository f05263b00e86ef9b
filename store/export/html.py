"""Notes as one self-contained HTML page: inline styles, no scripts, no external resources."""

from __future__ import annotations

from html import escape

from store.bookmarks import BookmarkEntry
from store.export.doc import ExportDoc, citation_parts
from store.notes import NoteEntry, first_chars, quoted
from store.sanitize import clean_line, clean_text

# Even if some text slipped through unescaped, the browser would run no script and fetch nothing.
_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_BODY = (
    "font-family: 'Noto Serif CJK SC', 'Songti SC', serif; max-width: 44em; margin: 2em auto;"
    " padding: 0 1em; line-height: 1.7; color: #222; background: #fdfcf8"
)
_QUOTE = "margin: 0.5em 0; padding: 0.2em 1em; border-left: 4px solid #c0392b; color: #444"
_CITE = "display: block; font-size: 0.85em; color: #777; margin: 0.3em 0"
_TAG = (
    "display: inline-block; font-size: 0.8em; background: #eee; border-radius: 3px;"
    " padding: 0 0.4em; margin-right: 0.3em"
)
_NOTE = "margin: 1em 0 1.5em; padding-bottom: 0.8em; border-bottom: 1px solid #e5e2da"
_META = "color: #777; font-size: 0.9em"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def h(text: str | None) -> str:
    """Text cleaned and escaped for element content and quoted attributes."""
    return escape(clean_text(text or ""), quote=True)


def _lines(text: str) -> str:
    return "<br>".join(h(line) for line in clean_text(text).strip().split("\n"))


def _cite(entry: NoteEntry | BookmarkEntry, block: int | None) -> str:
    return h(" · ".join(citation_parts(entry.briefing, entry.section, block)))


def note_html(entry: NoteEntry) -> str:
    """One note: quote, citation, text and tags."""
    parts = [f'<div class="note" style="{_NOTE}">']
    if entry.note.quote:
        parts.append(f'<blockquote style="{_QUOTE}">{_lines(entry.note.quote)}</blockquote>')
    cite = _cite(entry, entry.note.block)
    parts.append(f'<span class="cite" style="{_CITE}">— {cite}</span>')
    if entry.note.text.strip():
        parts.append(f"<p>{_lines(entry.note.text)}</p>")
    if entry.note.tags:
        tags = "".join(f'<span style="{_TAG}">#{h(clean_line(t))}</span>' for t in entry.note.tags)
        parts.append(f'<p class="tags">{tags}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def bookmark_html(entry: BookmarkEntry) -> str:
    """One bookmark as a list item."""
    bm = entry.bookmark
    label = f"<strong>{h(clean_line(bm.label))}</strong> — " if bm.label else ""
    quote = f"<br>{h(quoted(first_chars(clean_line(bm.quote))))}" if bm.quote else ""
    gone = " <em>(detached)</em>" if entry.detached else ""
    return f"<li>{label}{_cite(entry, bm.block)}{gone}{quote}</li>"


def render(doc: ExportDoc) -> str:
    """The whole export as an HTML document."""
    title = h(clean_line(doc.title))
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        "</head>",
        f'<body style="{_BODY}">',
        f"<h1>{title}</h1>",
        f'<p style="{_META}">Exported {h(doc.exported_at)} · {h(doc.scope)} · '
        f"{_count(len(doc.notes), 'note')} · {_count(len(doc.bookmarks), 'bookmark')}</p>",
    ]
    current: tuple[str, bool] | None = None
    section: str | None = None
    for entry in doc.notes:
        if (entry.briefing.id, entry.detached) != current:
            current, section = (entry.briefing.id, entry.detached), None
            name = clean_line(entry.briefing.title or entry.briefing.id)
            date = f" · {clean_line(entry.briefing.date)}" if entry.briefing.date else ""
            gone = " (detached)" if entry.detached else ""
            out.append(f"<h2>{h(name + date + gone)}</h2>")
        if entry.section.id != section:
            section = entry.section.id
            out.append(f"<h3>{h(clean_line(entry.section.headline or section))}</h3>")
        out.append(note_html(entry))
    if doc.bookmarks:
        out += ["<h2>Bookmarks</h2>", "<ul>"]
        out += [bookmark_html(e) for e in doc.bookmarks]
        out.append("</ul>")
    if not doc.notes and not doc.bookmarks:
        out.append("<p><em>No notes or bookmarks.</em></p>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
