"""`briefing rm BRIEFING_ID...`: delete briefings; notes and bookmarks on them stay, detached."""

from __future__ import annotations

import sys
from typing import Any

import click

from store import Briefing, Library
from store.sanitize import clean_line
from tui.cli.common import fail, get_library, is_terminal, say_error
from tui.wording import plural

MARK_TABLES = ("notes", "highlights", "bookmarks")
INDEX_FOLDER = "index"  # store.search.folder.FOLDER, named here to leave the package unloaded


def _marks_on(library: Library, briefing_id: str) -> tuple[int, int]:
    if not library.user.holds_rows(*MARK_TABLES):
        return 0, 0  # the usual case: the note and bookmark code never loads
    from store.bookmarks import list_bookmarks
    from store.notes import list_notes

    notes = len(list_notes(library, briefing_id=briefing_id))
    bookmarks = len(list_bookmarks(library, briefing_id=briefing_id))
    return notes, bookmarks


def _agreed(question: str) -> bool:
    """Ask on the terminal; the end of input (ctrl-d) answers no, as it does to `rm -i`, while
    an interrupt still aborts the command."""
    try:
        return click.confirm(question, default=False)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, EOFError):
            click.echo()  # the answer's line was never ended
            return False
        raise


def _describe(b: Briefing) -> str:
    date = f" {b.date}" if b.date else ""
    return f"{b.id} {clean_line(b.title)}{clean_line(date)}, {plural(b.section_count, 'section')}"


@click.command("rm")
@click.argument("briefing_ids", metavar="BRIEFING_ID...", nargs=-1, required=True)
@click.option(
    "--yes", "-y", is_flag=True, help="Delete without asking (needed when not on a terminal)."
)
def rm_cmd(briefing_ids: tuple[str, ...], yes: bool) -> None:
    """Delete briefings (ids from `briefing list`; a unique prefix will do).

    Notes and bookmarks on a deleted briefing are kept, marked detached. On a terminal it
    asks first; otherwise give --yes.
    """
    # Listing the section and head folders for stray temp files would cost more than
    # the delete; the next command that lists them, or the reader, removes them.
    library = get_library(tidy=False)
    chosen: dict[str, Briefing] = {}
    for b in library.resolve_many(briefing_ids):  # NotFound before anything is deleted
        chosen.setdefault(b.id, b)
    if not yes:
        if not (is_terminal(sys.stdin) and is_terminal()):
            fail("not on a terminal: give --yes to delete without asking", 2)
        for b in chosen.values():
            click.echo(f"  {_describe(b)}")
        what = "this briefing" if len(chosen) == 1 else f"these {len(chosen)} briefings"
        if not _agreed(f"Delete {what}?"):
            # Declining is an answer, not a failure: `rm -i` exits 0 when told no.
            click.echo("Nothing deleted.")
            return
    marks = {bid: _marks_on(library, bid) for bid in chosen}
    # All at once: one catalog write and one sync, whatever their number.
    library.delete_briefings(list(chosen))
    change = library.catalog.take_change()
    for b in chosen.values():
        notes, bookmarks = marks[b.id]
        kept = ""
        if notes or bookmarks:
            kept = f" ({plural(notes, 'note')} and {plural(bookmarks, 'bookmark')} kept, detached)"
        click.echo(f"deleted {_describe(b)}{kept}")
    _update_index(library, list(chosen), change)


def _update_index(library: Library, removed: list[str], change: Any) -> None:
    """Mark the briefings deleted in the search index, so the next search finds it in step
    with the catalog; or say in one line that an index a newer briefing wrote was left as it
    was (this version's search refuses it, as an import does)."""
    if not (library.home / INDEX_FOLDER).is_dir():
        return  # never searched: the search package need not load
    from store.errors import BriefingError, IndexTooNew
    from store.search.index import forget

    try:
        forget(library, removed, [change] if change else [])
    except IndexTooNew as exc:
        say_error(str(exc))
    except (BriefingError, OSError):
        pass  # the delete is done; the next search checks the index and catches up
