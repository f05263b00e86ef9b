"""`briefing bookmarks|bookmark|notes|note|export`: marks and notes from the command line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from store.bookmarks import (
    BookmarkEntry,
    add_bookmark,
    bookmark_to_dict,
    delete_bookmark,
    list_bookmarks,
)
from store.export import FORMATS, ExportScope, collect, import_notes, render, write_export
from store.notes import NoteEntry, add_note, delete_note, first_chars, list_notes, note_to_dict
from store.sanitize import clean_line, clean_text
from tui.cli.common import console, echo_json, fail, get_library, is_terminal


def register(group: click.Group) -> None:
    """Add bookmarks, bookmark, notes, note and export to the `briefing` group."""
    group.add_command(bookmarks_cmd)
    group.add_command(bookmark_group)
    group.add_command(notes_group)
    group.add_command(note_group)
    group.add_command(export_cmd)


@contextmanager
def _user_errors() -> Iterator[None]:
    # Bad input the store rejects is the user's to fix: one line, exit 1.
    try:
        yield
    except (ValueError, FileExistsError) as exc:
        fail(str(exc))


class _Out:
    """Plain lines when piped, Rich Text (never markup) on a terminal."""

    def __init__(self) -> None:
        self.rich = console() if is_terminal() else None

    def line(self, text: str, style: str = "") -> None:
        if self.rich is None:
            click.echo(text)
        else:
            from rich.text import Text

            self.rich.print(Text(text, style=style), soft_wrap=True)


def _place(block: int | None) -> str:
    return "whole section" if block is None else f"block {block}"


def _entry_json(entry: NoteEntry | BookmarkEntry, data: dict[str, Any]) -> dict[str, Any]:
    return {
        **data,
        "detached": entry.detached,
        "briefing": entry.briefing.to_dict(),
        "section": entry.section.to_dict(),
    }


@click.command("bookmarks")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--order",
    type=click.Choice(["newest", "reading"]),
    default="newest",
    show_default=True,
    help="Newest first, or in reading order.",
)
@click.option("--search", "text", default=None, help="Only bookmarks whose text has this.")
def bookmarks_cmd(as_json: bool, order: str, text: str | None) -> None:
    """List bookmarks."""
    entries = list_bookmarks(get_library(), order=order, text=text)  # type: ignore[arg-type]
    if as_json:
        echo_json({"bookmarks": [_entry_json(e, bookmark_to_dict(e.bookmark)) for e in entries]})
        return
    if not entries:
        click.echo("No bookmarks yet. Add one with `briefing bookmark add SECTION_ID`.")
        return
    out = _Out()
    for e in entries:
        bm = e.bookmark
        label = f"{clean_line(bm.label)}  " if bm.label else ""
        gone = "  (detached)" if e.detached else ""
        out.line(f"{bm.id}  {label}{clean_line(e.section.headline)}{gone}", "bold")
        out.line(f"    {bm.section_id} {_place(bm.block)}  {bm.created}", "dim")
        if bm.quote:
            out.line(f"    {first_chars(clean_line(bm.quote), 60)}")


@click.group("bookmark")
def bookmark_group() -> None:
    """Add or remove a bookmark."""


@bookmark_group.command("add")
@click.argument("section_id")
@click.option("--block", type=int, default=None, help="Block index (0 = first); default: section.")
@click.option("--label", default=None, help="A label to show in the list.")
def bookmark_add(section_id: str, block: int | None, label: str | None) -> None:
    """Bookmark a section or one of its blocks."""
    with _user_errors():
        bm = add_bookmark(get_library(), section_id, block, label)
    click.echo(f"{bm.id}  bookmarked {bm.section_id} {_place(bm.block)}")


@bookmark_group.command("rm")
@click.argument("bookmark_id")
def bookmark_rm(bookmark_id: str) -> None:
    """Delete a bookmark."""
    bm = delete_bookmark(get_library(), bookmark_id)
    click.echo(f"{bm.id}  deleted")


@click.group("notes", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--tag", default=None, help="Only notes with this tag.")
@click.option("--briefing", "briefing_id", default=None, help="Only notes on this briefing.")
@click.option("--search", "text", default=None, help="Only notes whose text or quote has this.")
@click.pass_context
def notes_group(
    ctx: click.Context, as_json: bool, tag: str | None, briefing_id: str | None, text: str | None
) -> None:
    """List notes grouped by briefing and section (or import them: `notes import FILE`)."""
    if ctx.invoked_subcommand is not None:
        return
    entries = list_notes(get_library(), tag=tag, briefing_id=briefing_id, text=text)
    if as_json:
        echo_json({"notes": [_entry_json(e, note_to_dict(e.note)) for e in entries]})
        return
    if not entries:
        click.echo("No notes yet. Add one with `briefing note add SECTION_ID --block N TEXT`.")
        return
    out = _Out()
    heading = section = None
    for e in entries:
        if (e.briefing.id, e.detached) != heading:
            heading, section = (e.briefing.id, e.detached), None
            date = f" · {e.briefing.date}" if e.briefing.date else ""
            gone = "  (detached)" if e.detached else ""
            out.line(
                f"{clean_line(e.briefing.title or e.briefing.id)}{clean_line(date)}{gone}", "bold"
            )
        if e.section.id != section:
            section = e.section.id
            out.line(f"  {clean_line(e.section.headline)}  ({section})", "bold")
        note = e.note
        out.line(
            f"    {note.id}  block {note.block}  “{first_chars(clean_line(note.quote), 50)}”", "dim"
        )
        for line in clean_text(note.text).strip().split("\n"):
            out.line(f"      {line}")
        if note.tags:
            out.line("      " + " ".join("#" + clean_line(t) for t in note.tags), "cyan")


@notes_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
def notes_import(file: Path) -> None:
    """Restore notes and bookmarks from a JSON export (matched to briefings by content)."""
    counts = import_notes(get_library(), file)
    click.echo(
        f"{counts.added} added ({counts.notes_added} notes, {counts.bookmarks_added} bookmarks), "
        f"{counts.skipped} already there, {counts.detached} detached"
    )


@click.group("note")
def note_group() -> None:
    """Add or remove a note."""


@note_group.command("add")
@click.argument("section_id")
@click.argument("text")
@click.option("--block", type=int, required=True, help="Block index (0 = first).")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--quote", default=None, help="Quote only this passage of the block.")
def note_add(
    section_id: str, text: str, block: int, tags: tuple[str, ...], quote: str | None
) -> None:
    """Add a note on a block of a section."""
    with _user_errors():
        note = add_note(get_library(), section_id, block, text, tags, quote=quote)
    click.echo(f"{note.id}  noted {note.section_id} block {note.block}")


@note_group.command("rm")
@click.argument("note_id")
def note_rm(note_id: str) -> None:
    """Delete a note."""
    note = delete_note(get_library(), note_id)
    click.echo(f"{note.id}  deleted")


@click.command("export")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@click.option("--briefing", "briefing_id", default=None, help="Only this briefing.")
@click.option("--tag", default=None, help="Only notes with this tag.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="File.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def export_cmd(
    fmt: str, briefing_id: str | None, tag: str | None, output: Path | None, force: bool
) -> None:
    """Export notes and bookmarks (to stdout unless -o FILE)."""
    library = get_library()
    if briefing_id is not None:
        library.briefing(briefing_id)  # NotFound for a mistyped id rather than an empty export
    doc = collect(library, ExportScope(briefing_id=briefing_id, tag=tag))
    text = render(fmt, doc)
    if output is None or str(output) == "-":
        click.echo(text.removeprefix("\ufeff") if is_terminal() else text, nl=False)
        return
    with _user_errors():
        path = write_export(output, text, force=force)
    click.echo(
        f"wrote {len(doc.notes)} notes and {len(doc.bookmarks)} bookmarks to {path}", err=True
    )
