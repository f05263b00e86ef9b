"""`briefing kwic QUERY`: every occurrence in context, aligned on the hit, as text, JSON or CSV."""

from __future__ import annotations

from typing import Any

import click

from store.sanitize import clean_line
from store.typeset import pad_to_cells
from tui.cli.common import console, echo_json, fail, get_library, is_terminal
from tui.cli.search_out import checked_query
from tui.wording import plural

CSV_COLUMNS = (
    "briefing_id",
    "section_id",
    "date",
    "source",
    "headline",
    "paragraph",
    "left",
    "hit",
    "right",
)


def date_option(value: str | None) -> str | None:
    """A --since/--until value checked (YYYY, YYYY-MM or YYYY-MM-DD)."""
    from store.analysis.scope import check_date

    if value is None:
        return None
    try:
        return check_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@click.command("kwic")
@click.argument("query")
@click.option("--since", metavar="DATE", help="Only briefings dated on or after (2019, 2019-10).")
@click.option("--until", metavar="DATE", help="Only briefings dated on or before.")
@click.option("--source", metavar="S", help="Only briefings whose source or title holds S.")
@click.option("--briefing", "briefing_id", metavar="ID", help="Only this briefing.")
@click.option(
    "--width", type=click.IntRange(4, 200), default=30, show_default=True, help="Cells each side."
)
@click.option(
    "--sort",
    type=click.Choice(["date", "left", "right"]),
    default="date",
    show_default=True,
    help="By date, or by the characters nearest the hit on the left or right.",
)
@click.option(
    "--limit", type=click.IntRange(1, None), default=100, show_default=True, help="Most lines."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (opens in a spreadsheet).")
def kwic_cmd(
    query: str,
    since: str | None,
    until: str | None,
    source: str | None,
    briefing_id: str | None,
    width: int,
    sort: str,
    limit: int,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Every occurrence of QUERY with its context, one line each (a concordance).

    QUERY uses the search language. Counts are of occurrences, not sections.
    Exit code 0 when something occurs, 1 when nothing does (like grep), 2 for a usage error.
    """
    from store.analysis.kwic import Concordance
    from store.analysis.scope import Scope
    from store.search import QueryError

    if as_json and as_csv:
        fail("choose one of --json and --csv", 2)
    query = checked_query(query)
    since, until = date_option(since), date_option(until)
    library = get_library()
    if briefing_id:
        briefing_id = library.briefing(briefing_id).id
    scope = Scope(since, until, source, briefing_id)
    try:
        conc = Concordance.build(library, query, scope, sort=sort)
    except QueryError as exc:
        fail(str(exc), 2)
    if as_json:
        echo_json(conc.to_dict(limit, width))
    elif as_csv:
        from store.analysis.table import csv_text

        lines = conc.lines(0, limit, width)
        rows = [[d[c] for c in CSV_COLUMNS] for d in (line.to_dict() for line in lines)]
        click.echo(csv_text(CSV_COLUMNS, rows), nl=False)
    else:
        _print(conc, conc.lines(0, limit, width), query, width)
    if conc.total == 0:
        raise click.exceptions.Exit(1)


def summary(conc: Any, query: str, shown: int) -> str:
    """The first line: how many occurrences in how many sections, and how many shown."""
    what = clean_line(query)
    if conc.total == 0:
        return f"No occurrence of {what}."
    tail = f" (showing {shown})" if shown < conc.total else ""
    return (
        f"{plural(conc.total, 'occurrence')} of {what} in {plural(conc.sections, 'section')}{tail}"
    )


def _print(conc: Any, lines: list[Any], query: str, width: int) -> None:
    """Aligned lines; styled on a terminal, plain through a pipe."""
    from store.typeset import cell_width

    styled = is_terminal()
    out = console() if styled else None
    click.echo(summary(conc, query, len(lines)))
    if conc.total:
        years = ", ".join(f"{y} {n}" for y, n in sorted(conc.by_year.items()))
        click.echo(f"by year: {clean_line(years)}")
    for line in lines:
        left = clean_line(line.left)
        pad = " " * max(0, width - cell_width(left))
        head = f"{line.date or '----------':<10} {pad_to_cells(clean_line(line.source), 8)} "
        parts = (head + pad + left, clean_line(line.hit), clean_line(line.right))
        if out is None:
            click.echo(f"{parts[0]} {parts[1]} {parts[2]}")
            continue
        from rich.text import Text

        text = Text(parts[0] + " ")
        text.append(parts[1], style="bold reverse")
        text.append(" " + parts[2])
        out.print(text, soft_wrap=False, overflow="ellipsis", no_wrap=True)
