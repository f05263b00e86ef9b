"""`briefing notes|note|export`: notes from the command line, and exporting them with bookmarks."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from store.export import (
    FORMATS,
    ExportScope,
    collect,
    export_path,
    import_notes,
    render,
    write_export,
    written_counts,
)
from store.notes import (
    add_note,
    delete_note,
    edit_note,
    first_chars,
    get_note,
    list_notes,
    normalize_tags,
    note_to_dict,
    quoted,
)
from store.sanitize import clean_line, clean_text
from tui.cli.common import echo_json, fail, get_library, is_terminal
from tui.cli.notes_common import (
    PLACE,
    PLACE_HELP,
    Out,
    block_index,
    entry_json,
    place_in,
    quote_span,
    user_errors,
)
from tui.wording import export_summary, plural


@click.group("notes", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--tag", default=None, help="Only notes with this tag.")
@click.option("--briefing", "briefing_id", default=None, help="Only notes on this briefing.")
@click.option("--search", "text", default=None, help="Only notes whose text or quote has this.")
@click.option(
    "--kind",
    type=click.Choice(["note", "highlight"]),
    default=None,
    help="Only notes, or only highlights (default: both).",
)
@click.pass_context
def notes_group(
    ctx: click.Context,
    as_json: bool,
    tag: str | None,
    briefing_id: str | None,
    text: str | None,
    kind: str | None,
) -> None:
    """List notes grouped by briefing and section (or import them: `notes import FILE`)."""
    if ctx.invoked_subcommand is not None:
        return
    library = get_library()
    if briefing_id is not None:
        library.briefing(briefing_id)  # NotFound for a mistyped id rather than "no notes"
    entries = list_notes(library, tag=tag, briefing_id=briefing_id, text=text, kind=kind)
    if as_json:
        echo_json({"notes": [entry_json(e, note_to_dict(e.note)) for e in entries]})
        return
    if not entries:
        if tag is not None or briefing_id is not None or text or kind:
            click.echo("No notes match.")
        else:
            click.echo("No notes yet. Add one with `briefing note add SECTION_ID --block N TEXT`.")
        return
    out = Out()
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
        quote = quoted(first_chars(clean_line(note.quote), 50))
        mark = "  highlight" if note.kind == "highlight" else ""
        out.line(f"    {note.id}  {e.place}{mark}  {quote}", "dim")
        body = clean_text(note.text).strip()
        for line in body.split("\n") if body else ():
            out.line(f"      {line}")
        if note.tags:
            out.line("      " + " ".join("#" + clean_line(t) for t in note.tags), "cyan")


@notes_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
def notes_import(file: Path) -> None:
    """Restore notes and bookmarks from a JSON export (matched to briefings by content)."""
    counts = import_notes(get_library(), file)
    click.echo(
        f"{counts.added} added ({plural(counts.notes_added, 'note')}, "
        f"{plural(counts.bookmarks_added, 'bookmark')}), "
        f"{counts.skipped} already there, {counts.detached} detached"
    )
    if counts.read_added or counts.read_kept or counts.read_missing:
        said = f"{plural(counts.read_added, 'section')} marked read"
        if counts.read_kept:
            said += f", {counts.read_kept} read already"
        if counts.read_missing:
            said += f"; the read sections of {plural(counts.read_missing, 'briefing')} not"
            said += " in this library were left out"
        click.echo(said)
    if counts.watches_added or counts.watches_skipped:
        click.echo(
            f"{counts.watches_added} watch{'' if counts.watches_added == 1 else 'es'} restored, "
            f"{counts.watches_skipped} already there"
        )


@click.group("note")
def note_group() -> None:
    """Add, edit or remove a note."""


@note_group.command("add")
@click.argument("section_id")
@click.argument("text")
@click.option("--block", type=PLACE, required=True, help=PLACE_HELP)
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--quote", default=None, help="Quote only this passage of the block.")
def note_add(
    section_id: str, text: str, block: str, tags: tuple[str, ...], quote: str | None
) -> None:
    """Add a note on a paragraph (or caption, heading, table) of a section."""
    if not text.strip() and not normalize_tags(tags):
        fail("the note is empty (give it some text or a --tag)")
    library = get_library()
    with user_errors():
        index = block_index(library, section_id, block)
        note = add_note(library, section_id, index, text, tags, quote=quote)
    click.echo(
        f"{note.id}  noted {note.section_id} {place_in(library, note.section_id, note.block)}"
    )


@note_group.command("edit")
@click.argument("note_id")
@click.argument("text", required=False)
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable); replaces the note's tags.")
@click.option("--no-tags", is_flag=True, help="Remove every tag.")
@click.option("--quote", default=None, help="Quote only this passage of the block.")
@click.option("--whole", is_flag=True, help="Quote the whole block again.")
def note_edit(
    note_id: str,
    text: str | None,
    tags: tuple[str, ...],
    no_tags: bool,
    quote: str | None,
    whole: bool,
) -> None:
    """Change a note's text, tags or quoted passage (what is not given stays)."""
    if tags and no_tags:
        fail("give --tag or --no-tags, not both")
    if quote is not None and whole:
        fail("give --quote or --whole, not both")
    library = get_library()
    changes: dict[str, Any] = {}
    if text is not None:
        changes["text"] = text
    if tags or no_tags:
        changes["tags"] = tags
    with user_errors():
        if quote is not None:
            changes["span"] = quote_span(library, note_id, quote)
        elif whole:
            changes["span"] = None
        if not changes:
            fail("nothing to change: give TEXT, --tag, --no-tags, --quote or --whole")
        before = get_note(library, note_id)
        after = before if text is None else replace(before, text=text)
        if not after.text.strip() and not normalize_tags(changes.get("tags", before.tags)):
            fail("the note would be empty (give it some text or a --tag)")
        note = edit_note(library, note_id, **changes)
    click.echo(f"{note.id}  edited {note.section_id} {_note_place(library, note.id)}")


def _note_place(library: Any, note_id: str) -> str:
    entries = list_notes(library, ids=[note_id])
    return entries[0].place if entries else ""


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
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File, or a folder for briefing-notes-YYYYMMDD.<ext> in it.",
)
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
    with user_errors():
        path = write_export(export_path(output, fmt), text, force=force)
    notes, bookmarks = written_counts(fmt, doc)
    left_out = len(doc.bookmarks) - bookmarks
    what = export_summary(fmt, notes, bookmarks, left_out, len(doc.read_state))
    click.echo(f"wrote {what} to {clean_line(str(path))}", err=True)
