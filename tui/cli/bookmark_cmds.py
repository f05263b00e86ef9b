"""`briefing bookmarks` and `briefing bookmark add|rm`: bookmarks from the command line."""

from __future__ import annotations

import click

from store.bookmarks import add_bookmark, bookmark_to_dict, delete_bookmark, list_bookmarks
from store.notes import first_chars
from store.sanitize import clean_line
from tui.cli.common import echo_json, get_library
from tui.cli.notes_common import (
    PLACE,
    PLACE_HELP,
    Out,
    block_index,
    entry_json,
    place_in,
    user_errors,
)


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
        echo_json({"bookmarks": [entry_json(e, bookmark_to_dict(e.bookmark)) for e in entries]})
        return
    if not entries:
        if text:
            click.echo("No bookmarks match.")
        else:
            click.echo("No bookmarks yet. Add one with `briefing bookmark add SECTION_ID`.")
        return
    out = Out()
    for e in entries:
        bm = e.bookmark
        label = f"{clean_line(bm.label)}  " if bm.label else ""
        gone = "  (detached)" if e.detached else ""
        out.line(f"{bm.id}  {label}{clean_line(e.section.headline)}{gone}", "bold")
        out.line(f"    {bm.section_id} {e.place}  {bm.created}", "dim")
        if bm.quote:
            out.line(f"    {first_chars(clean_line(bm.quote), 60)}")


@click.group("bookmark")
def bookmark_group() -> None:
    """Add or remove a bookmark."""


@bookmark_group.command("add")
@click.argument("section_id")
@click.option("--block", type=PLACE, default=None, help=PLACE_HELP + " Default: the section.")
@click.option("--label", default=None, help="A label to show in the list.")
def bookmark_add(section_id: str, block: str | None, label: str | None) -> None:
    """Bookmark a section or one of its paragraphs."""
    library = get_library()
    with user_errors():
        index = None if block is None else block_index(library, section_id, block)
        bm = add_bookmark(library, section_id, index, label)
    click.echo(f"{bm.id}  bookmarked {bm.section_id} {place_in(library, bm.section_id, bm.block)}")


@bookmark_group.command("rm")
@click.argument("bookmark_id")
def bookmark_rm(bookmark_id: str) -> None:
    """Delete a bookmark."""
    bm = delete_bookmark(get_library(), bookmark_id)
    click.echo(f"{bm.id}  deleted")
