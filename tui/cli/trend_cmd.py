"""`briefing trend QUERY...`: occurrences and sections per period, as a table, JSON or CSV."""

from __future__ import annotations

from typing import Any

import click

from store.sanitize import clean_line
from tui.cli.common import echo_json, fail, get_library
from tui.cli.kwic_cmd import date_option
from tui.cli.search_out import checked_query


@click.command("trend")
@click.argument("queries", nargs=-1, required=True, metavar="QUERY...")
@click.option(
    "--by",
    type=click.Choice(["day", "week", "month", "year"]),
    default="month",
    show_default=True,
    help="Period to count by (weeks are ISO weeks, 2019-W41).",
)
@click.option("--per-10k", "per_10k", is_flag=True, help="Also occurrences per 10,000 characters.")
@click.option("--since", metavar="DATE", help="Only briefings dated on or after (2019, 2019-10).")
@click.option("--until", metavar="DATE", help="Only briefings dated on or before.")
@click.option("--source", metavar="S", help="Only briefings whose source or title holds S.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (one row per period).")
def trend_cmd(
    queries: tuple[str, ...],
    by: str,
    per_10k: bool,
    since: str | None,
    until: str | None,
    source: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """How often each QUERY occurs over time, and in how many sections.

    Each QUERY uses the search language (quote one that has spaces). Periods with text
    but no hit show zeros; periods without any text are left out.
    """
    from store.analysis.scope import Scope
    from store.analysis.trend import trend
    from store.search import QueryError

    if as_json and as_csv:
        fail("choose one of --json and --csv", 2)
    queries = tuple(checked_query(q) for q in queries)
    scope = Scope(date_option(since), date_option(until), source)
    library = get_library()
    try:
        result = trend(library, list(queries), by=by, scope=scope)
    except QueryError as exc:
        fail(str(exc), 2)
    if as_json:
        echo_json(result.to_dict(per_10k))
    elif as_csv:
        from store.analysis.table import csv_text

        header, rows = table(result, per_10k)
        click.echo(csv_text(header, rows), nl=False)
    else:
        header, rows = table(result, per_10k)
        _print(result, header, rows)


def table(result: Any, per_10k: bool) -> tuple[list[str], list[list[Any]]]:
    """One row per period: characters, then occurrences and sections of each query."""
    from store.analysis.trend import rate

    header = ["period", "chars"]
    for s in result.series:
        name = clean_line(s.query)
        header += [f"{name} occurrences", f"{name} sections"]
        if per_10k:
            header.append(f"{name} per 10k")
    rows = []
    for i, period in enumerate(result.periods):
        row: list[Any] = [period, result.series[0].points[i].chars if result.series else 0]
        for s in result.series:
            p = s.points[i]
            row += [p.occurrences, p.sections]
            if per_10k:
                row.append(rate(p.occurrences, p.chars))
        rows.append(row)
    return header, rows


def _print(result: Any, header: list[str], rows: list[list[Any]]) -> None:
    """An aligned table with the totals of each query first."""
    from store.typeset import cell_width

    for s in result.series:
        click.echo(f"{clean_line(s.query)}: {s.occurrences} occurrences in {s.sections} sections")
    if not rows:
        click.echo("No dated text to count.")
        return
    cells = [[str(c) for c in row] for row in [header, *rows]]
    widths = [max(cell_width(r[i]) for r in cells) for i in range(len(header))]
    for row in cells:
        parts = [
            c + " " * (w - cell_width(c)) if i == 0 else " " * (w - cell_width(c)) + c
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        click.echo("  ".join(parts).rstrip())
