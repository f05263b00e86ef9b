"""`briefing search QUERY`: ranked sections with their snippets, as text or JSON."""

from __future__ import annotations

import click

from tui.cli.common import get_library
from tui.cli.search_out import run_search


@click.command("search")
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="Most results."
)
@click.option("--briefing", "briefing_id", metavar="ID", help="Search only this briefing.")
def search_cmd(query: str, as_json: bool, limit: int, briefing_id: str | None) -> None:
    """Search every section for QUERY.

    \b
    Terms separated by spaces must all occur; "a phrase" keeps its spaces;
    -word excludes; a OR b; headline:, byline:, kicker:, briefing: limit a term.
    Traditional characters, full-width forms and pinyin (hengyang) also match.

    Exit code 0 when something matches, 1 when nothing does (like grep), 2 for a usage error.
    """
    code = run_search(get_library, query, as_json, limit, briefing_id)
    if code:
        raise click.exceptions.Exit(code)
