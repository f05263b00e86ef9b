"""What the bookmark, note and export commands share: output, errors and quote lookup."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from store.bookmarks import BookmarkEntry
from store.notes import NoteEntry, block_text, find_span, get_note, list_notes
from store.numbering import block_kinds, is_place, parse_place, place
from tui.cli.common import console, fail, is_terminal

if TYPE_CHECKING:
    from store import Library


@contextmanager
def user_errors() -> Iterator[None]:
    """Report ValueError and FileExistsError as one line and exit 1."""
    # Bad input the store rejects is the user's to fix: one line, exit 1.
    try:
        yield
    except (ValueError, FileExistsError) as exc:
        fail(str(exc))


class Out:
    """Plain lines when piped, Rich Text (never markup) on a terminal."""

    def __init__(self) -> None:
        self.rich = console() if is_terminal() else None

    def line(self, text: str, style: str = "") -> None:
        """Print one line."""
        if self.rich is None:
            click.echo(text)
        else:
            from rich.text import Text

            self.rich.print(Text(text, style=style), soft_wrap=True)


PLACE_HELP = "The paragraph as the reader numbers it (¶ 3 is 3), or caption N, heading N, table N."


class PlaceType(click.ParamType):
    """A place in a section as a user writes it: `3`, `¶3`, `caption 1`, `t1`."""

    name = "N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The place as given, once its form is right (its range is checked with the section)."""
        text = str(value)
        if not is_place(text):
            self.fail(
                f"{text!r} is not a place: give a paragraph number (¶ 3 is 3), "
                "or caption N, heading N, table N",
                param,
                ctx,
            )
        return text


PLACE = PlaceType()


def block_index(library: Library, section_id: str, ref: str) -> int:
    """The 0-based block a user's place means in a section; NotFound or ValueError."""
    return parse_place(block_kinds(library.section(section_id).blocks), ref)


def place_in(library: Library, section_id: str, block: int | None) -> str:
    """What a user calls a block of a live section: `¶ 3`, `caption 1`, `whole section`."""
    if block is None:
        return place("", None)
    return place(block_kinds(library.section(section_id).blocks), block)


def entry_json(entry: NoteEntry | BookmarkEntry, data: dict[str, Any]) -> dict[str, Any]:
    """A note's or bookmark's JSON with where it sits now (`block` 0-based, `place` as shown)."""
    return {
        **data,
        "place": entry.place,
        "paragraph": entry.paragraph,
        "detached": entry.detached,
        "briefing": entry.briefing.to_dict(),
        "section": entry.section.to_dict(),
    }


def quote_span(library: Library, note_id: str, quote: str) -> tuple[int, int]:
    """The offsets of `quote` in the block a note is on now; ValueError when it is not there."""
    entries = list_notes(library, ids=[note_id])
    if not entries:
        get_note(library, note_id)  # NotFound for an unknown id
        raise ValueError(f"note {note_id!r} cannot be read")
    entry = entries[0]
    if entry.detached:
        raise ValueError("the note is detached: its passage is no longer in the library")
    section = library.section(entry.note.section_id)
    return find_span(block_text(section.blocks[entry.note.block]), quote)
