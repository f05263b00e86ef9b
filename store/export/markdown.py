"""Notes as Markdown with YAML front matter, readable in Obsidian and as plain text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from store.bookmarks import BookmarkEntry
from store.export.doc import ExportDoc, citation_parts, tag_word
from store.notes import NoteEntry, first_chars, quoted
from store.sanitize import clean_line, clean_text

# Characters that start emphasis, code, links, raw HTML, tags, tables, strikethrough or math.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~$])")
# Obsidian's ==highlight== and %%comment%% (a comment would hide the user's text).
_DOUBLED = re.compile(r"(?<=[=%])(?=[=%])")
# An ampersand that would read as an HTML entity.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Line starts that would become a list, a heading underline or a numbered list.
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def escape_line(text: str) -> str:
    """One line of user or briefing text made inert as Markdown."""
    text = _INLINE.sub(r"\\\1", text)
    text = _DOUBLED.sub("\\\\", text)
    text = _ENTITY.sub("&amp;", text)
    # Leading spaces would make an indented code block.
    text = text.lstrip(" \t")
    match = _LINE_START.match(text)
    if match:
        if match.group(2)[0].isdigit():
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = "\\" + text
    return text


def escape_block(text: str) -> list[str]:
    """Multi-line text cleaned and escaped line by line."""
    return [escape_line(line) for line in clean_text(text).split("\n")]


def yaml_str(value: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(clean_line(value), ensure_ascii=False)


def front_matter(doc: ExportDoc) -> list[str]:
    """The YAML header: title, source, export time, scope and counts."""
    return [
        "---",
        f"title: {yaml_str(doc.title)}",
        f"source: {yaml_str(doc.source())}",
        f"exported: {yaml_str(doc.exported_at)}",
        f"scope: {yaml_str(doc.scope)}",
        f"briefings: {len(doc.briefings())}",
        f"notes: {len(doc.notes)}",
        f"bookmarks: {len(doc.bookmarks)}",
        "---",
    ]


def note_lines(entry: NoteEntry) -> list[str]:
    """One note: quote as a blockquote, citation, the note's text and its #tags."""
    lines: list[str] = []
    if entry.note.quote:
        lines += ["> " + line if line else ">" for line in escape_block(entry.note.quote)]
        lines.append(">")
    cite = " · ".join(
        escape_line(p) for p in citation_parts(entry.briefing, entry.section, entry.note.block)
    )
    lines.append(f"> — {cite}")
    lines.append("")
    if entry.note.text.strip():
        # Two trailing spaces keep the user's line breaks in rendered Markdown.
        body = escape_block(entry.note.text.strip())
        lines += [line + "  " if i < len(body) - 1 else line for i, line in enumerate(body)]
        lines.append("")
    if entry.note.tags:
        lines.append(" ".join("#" + tag_word(t) for t in entry.note.tags))
        lines.append("")
    return lines


def bookmark_line(entry: BookmarkEntry) -> str:
    """One bookmark as a list item: label, citation and its opening words."""
    bm = entry.bookmark
    cite = " · ".join(
        escape_line(p) for p in citation_parts(entry.briefing, entry.section, bm.block)
    )
    head = f"**{escape_line(clean_line(bm.label))}** — " if bm.label else ""
    line = f"- {head}{cite}"
    if bm.quote:
        line += f": {escape_line(quoted(first_chars(clean_line(bm.quote))))}"
    if entry.detached:
        line += " *(detached)*"
    return line


def render(doc: ExportDoc) -> str:
    """The whole export as Markdown text."""
    out = [*front_matter(doc), "", f"# {escape_line(clean_line(doc.title))}", ""]
    out += _notes(doc.notes)
    if doc.bookmarks:
        out += ["## Bookmarks", ""]
        out += [bookmark_line(e) for e in doc.bookmarks]
        out.append("")
    if not doc.notes and not doc.bookmarks:
        out += ["*No notes or bookmarks.*", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _notes(entries: Iterable[NoteEntry]) -> list[str]:
    out: list[str] = []
    briefing: tuple[str, bool] | None = None
    section: str | None = None
    for entry in entries:
        if (entry.briefing.id, entry.detached) != briefing:
            briefing, section = (entry.briefing.id, entry.detached), None
            title = clean_line(entry.briefing.title or entry.briefing.id)
            date = f" · {clean_line(entry.briefing.date)}" if entry.briefing.date else ""
            gone = " (detached)" if entry.detached else ""
            out += [f"## {escape_line(title + date + gone)}", ""]
        if entry.section.id != section:
            section = entry.section.id
            out += [f"### {escape_line(clean_line(entry.section.headline or section))}", ""]
        out += note_lines(entry)
    return out
