"""One section as Markdown or plain text (for `briefing read --format md|text`)."""

from __future__ import annotations

from store.export.doc import byline_text
from store.export.markdown import escape_block, escape_line
from store.models import Block, Section
from store.sanitize import clean_line, clean_text
from store.tablegrid import pipe_rows


def _table_md(block: Block) -> list[str]:
    rows = [[escape_line(c) for c in r] for r in pipe_rows(block.columns, block.rows)]
    lines = []
    if rows:
        lines += ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * len(rows[0])]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    if block.note:
        lines += ([""] if lines else []) + escape_block(block.note)
    return lines


def section_markdown(section: Section) -> str:
    """A section as Markdown: kicker, headline, deck, byline, then its blocks."""
    out: list[str] = []
    if section.kicker:
        out += [f"**{escape_line(clean_line(section.kicker))}**", ""]
    out += [f"# {escape_line(clean_line(section.headline))}", ""]
    if section.deck:
        out += [f"## {escape_line(clean_line(section.deck))}", ""]
    meta = [p for p in (byline_text(section.byline), clean_line(section.head_dateline or "")) if p]
    if meta:
        out += [f"*{escape_line(' · '.join(meta))}*", ""]
    for block in section.blocks:
        if block.type == "heading":
            out += [f"### {escape_line(clean_line(block.text))}", ""]
        elif block.type == "caption":
            out += [f"*{line}*" if line else "" for line in escape_block(block.text)] + [""]
        elif block.type == "table":
            out += [*_table_md(block), ""]
        else:
            out += [*escape_block(block.text), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def section_text(section: Section) -> str:
    """A section as plain text: headline lines, a blank line, then one paragraph per block."""
    out: list[str] = []
    if section.kicker:
        out.append(clean_line(section.kicker))
    out.append(clean_line(section.headline))
    if section.deck:
        out.append(clean_line(section.deck))
    meta = [p for p in (byline_text(section.byline), clean_line(section.head_dateline or "")) if p]
    if meta:
        out.append("  ".join(meta))
    out.append("")
    for block in section.blocks:
        if block.type == "table":
            out += [" | ".join(r) for r in pipe_rows(block.columns, block.rows)]
            if block.note:
                out.append(clean_text(block.note))
        elif block.type == "caption":
            out.append(f"[{clean_text(block.text)}]")
        else:
            out.append(clean_text(block.text))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
