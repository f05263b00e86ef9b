"""`briefing edit` and `briefing mark`: a briefing's title, date and source; read state."""

from __future__ import annotations

import click

from store.editing import UNSET
from store.sanitize import clean_line
from tui.cli.common import fail, get_library
from tui.wording import plural


@click.command("edit")
@click.argument("briefing_id")
@click.option("--title", help="New title.")
@click.option("--date", help="New date, like 2019-10-03 (empty for none).")
@click.option("--source", help="New source, like 湖南日报 (empty for none).")
def edit_cmd(briefing_id: str, title: str | None, date: str | None, source: str | None) -> None:
    """Change a briefing's title, date or source (ids from `briefing list`)."""
    if title is None and date is None and source is None:
        fail("give --title, --date or --source", 2)
    library = get_library()
    b = library.edit_briefing(
        briefing_id,
        title=UNSET if title is None else title,
        date=UNSET if date is None else date,
        source=UNSET if source is None else source,
    )
    parts = [
        b.id,
        clean_line(b.title),
        b.date or "(no date)",
        clean_line(b.source or "(no source)"),
    ]
    click.echo("edited " + "  ".join(parts))


@click.command("mark")
@click.argument("state", type=click.Choice(["read", "unread"]))
@click.argument("ids", metavar="ID...", nargs=-1, required=True)
def mark_cmd(state: str, ids: tuple[str, ...]) -> None:
    """Mark sections, or every section of briefings, read or unread.

    An ID is a section id (c3398b5e8e-2) or a briefing id or unique prefix (c3398b5e8e).
    """
    library = get_library()
    sections: list[str] = []
    for ident in ids:
        briefing_id, _, order = ident.rpartition("-")
        if briefing_id and order.isdigit():
            b = library.resolve(briefing_id)
            if not 1 <= int(order) <= b.section_count:
                fail(f"no section with id {ident!r}")
            sections.append(f"{b.id}-{int(order)}")
        else:
            b = library.resolve(ident)
            sections.extend(f"{b.id}-{n}" for n in range(1, b.section_count + 1))
    changed = library.read_state.mark(sections, read=state == "read")
    click.echo(f"marked {plural(changed, 'section')} {state}")
