"""Notes as a CSV file Readwise imports: Highlight, Title, Author, URL, Note, Location, Date."""

from __future__ import annotations

import csv
import io

from store.export.doc import ExportDoc, byline_text, tag_word
from store.notes import NoteEntry
from store.numbering import paragraphs_up_to
from store.sanitize import clean_line, clean_text

COLUMNS = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")
BOM = "\ufeff"
# A cell starting with one of these runs as a formula in spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(cell: str) -> str:
    """Prefix a cell a spreadsheet would evaluate with an apostrophe."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _date(iso: str) -> str:
    # Readwise reads "YYYY-MM-DD HH:MM:SS"; the stored time is UTC.
    return iso.replace("T", " ").removesuffix("Z")


def _location(entry: NoteEntry) -> int:
    # Readwise sorts by a number: the paragraph, or the one a caption or table follows.
    if not entry.section.kinds:
        return entry.note.block + 1
    return max(1, paragraphs_up_to(entry.section.kinds, entry.note.block))


def row(entry: NoteEntry) -> list[str]:
    """The Readwise row of one note; tags go into Note as Readwise's inline .tags."""
    note = entry.note
    title = clean_line(entry.section.headline or entry.briefing.title or entry.briefing.id)
    author = byline_text(entry.section.byline) or clean_line(entry.briefing.title)
    text = clean_text(note.text).strip()
    tags = " ".join("." + tag_word(t) for t in note.tags)
    body = "\n".join(p for p in (text, tags) if p)
    cells = [
        clean_text(note.quote),
        title,
        author,
        "",
        body,
        str(_location(entry)),
        _date(clean_line(note.created)),
    ]
    return [defuse(c) for c in cells]


def render(doc: ExportDoc) -> str:
    """The notes as CSV text starting with a UTF-8 byte order mark (for spreadsheet programs)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in doc.notes:
        writer.writerow(row(entry))
    return BOM + buffer.getvalue()
