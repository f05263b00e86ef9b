"""`briefing highlight add|rm`: passages marked without a note."""

from __future__ import annotations

import click

from store.notes import add_note, delete_note
from tui.cli.common import get_library
from tui.cli.notes_common import PLACE, PLACE_HELP, block_index, place_in, user_errors


@click.group("highlight")
def highlight_group() -> None:
    """Highlight a passage without writing a note, or remove a highlight."""


@highlight_group.command("add")
@click.argument("section_id")
@click.option("--block", type=PLACE, required=True, help=PLACE_HELP)
@click.option("--quote", default=None, help="Highlight only this passage of the block.")
def highlight_add(section_id: str, block: str, quote: str | None) -> None:
    """Highlight a paragraph (or a passage of it) of a section."""
    library = get_library()
    with user_errors():
        index = block_index(library, section_id, block)
        note = add_note(library, section_id, index, "", quote=quote, kind="highlight")
    where = place_in(library, note.section_id, note.block)
    click.echo(f"{note.id}  highlighted {note.section_id} {where}")


@highlight_group.command("rm")
@click.argument("highlight_id")
def highlight_rm(highlight_id: str) -> None:
    """Remove a highlight."""
    note = delete_note(get_library(), highlight_id)
    click.echo(f"{note.id}  deleted")
