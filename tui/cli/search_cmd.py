"""`briefing search QUERY`: ranked sections with their snippets, as text or JSON."""

from __future__ import annotations

from typing import Any

import click

from store.sanitize import clean_line
from store.typeset import cell_width, char_width
from tui.cli.common import console, echo_json, fail, get_library, is_terminal

# A query longer than this is echoed cut, so the summary stays one line.
QUERY_CELLS = 40


def register(group: click.Group) -> None:
    """Add `search` to the `briefing` group."""
    group.add_command(search_cmd)


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
    from store.search import QueryError, parse, search

    # What is searched is what the message shows: escapes and controls are dropped from both.
    query = clean_line(query)
    try:
        if parse(query).empty:
            fail("give a word to look for (the query is empty)", 2)
    except QueryError as exc:
        fail(str(exc), 2)
    library = get_library()
    if briefing_id:
        briefing_id = library.briefing(briefing_id).id
    try:
        results = search(library, query, limit=limit, briefing_id=briefing_id)
    except QueryError as exc:
        fail(str(exc), 2)
    places = _places(library, results.hits)
    if as_json:
        data = results.to_dict()
        for hit, shown in zip(data["hits"], places, strict=True):
            hit["place"], hit["paragraph"] = shown
        echo_json(data)
    else:
        _print(results, query, [p for p, _ in places])
    if results.total == 0:
        raise click.exceptions.Exit(1)


def echoed(query: str, limit: int = QUERY_CELLS) -> str:
    """The query as the summary line repeats it: one line, cut to `limit` cells."""
    flat = " ".join(query.split())
    if cell_width(flat) <= limit:
        return flat
    used = 0
    for i, ch in enumerate(flat):
        used += char_width(ch)
        if used > limit - 1:
            return flat[:i] + "…"
    return flat


def _summary(results: Any, query: str) -> str:
    shown = len(results.hits)
    what = echoed(query)
    if results.total == 0:
        return f"No section matches {what}."
    noun = "section matches" if results.total == 1 else "sections match"
    tail = f" (showing {shown})" if shown < results.total else ""
    via = " as pinyin" if results.via == "pinyin" else ""
    return f"{results.total} {noun} {what}{via}{tail}"


def _places(library: Any, hits: Any) -> list[tuple[str, int | None]]:
    """Each hit's first place as the reader numbers it (¶ 3, caption 1), and its ¶ number."""
    from store.numbering import block_kinds, paragraph_number, place
    from store.search import index

    # The index the search read knows each briefing's text, section count and import time:
    # what a head file must match. So no catalog row is read for the places.
    rows = index.ready(library).manifest.briefings
    found = []
    for hit in hits:
        if hit.block is None:
            found.append(("section head", None))
            continue
        kinds = _only_paragraphs(library, hit, rows.get(hit.briefing_id))
        if kinds is None:
            kinds = block_kinds(library.section(hit.section_id).blocks)
        found.append((place(kinds, hit.block), paragraph_number(kinds, hit.block)))
    return found


def _only_paragraphs(library: Any, hit: Any, info: dict[str, Any] | None) -> str | None:
    """The shape of a hit's section when every block is a paragraph, else None.

    Told by its briefing's heads (one small file per briefing, its paragraphs counted) against
    the block count the index gave, so most hits need no section file read.
    """
    from store.heads import heads_stamp, read_heads

    if not hit.blocks or info is None:
        return None  # (gone since the search: reading the section says so in its own words)
    stamp = heads_stamp(
        {
            "content_hash": info.get("hash"),
            "section_count": info.get("count"),
            "imported_at": info.get("imported_at"),
        }
    )
    heads = read_heads(library.home, hit.briefing_id, stamp)
    if heads is None:
        return None
    head = next((h for h in heads if h.id == hit.section_id), None)
    if head is None or head.paragraphs != hit.blocks:
        return None
    return "p" * hit.blocks


def _print(results: Any, query: str, places: list[str]) -> None:
    """Readable list; styled on a terminal, plain through a pipe."""
    styled = is_terminal()
    out = console() if styled else None
    lines: list[Any] = [_summary(results, query)]
    for n, hit in enumerate(results.hits, start=1):
        where = places[n - 1]
        count = f"{hit.hits} hit" + ("" if hit.hits == 1 else "s")
        head = f"{n:>2}. {clean_line(hit.headline)}"
        meta = f"  {hit.section_id} · {where} · {count}"
        snippet = hit.snippet.replace("\n", " ")
        if out is None:
            lines.extend([head + meta, f"    {snippet}"])
            continue
        from rich.text import Text

        title = Text(head, style="bold")
        title.append(meta, style="dim")
        body = Text("    " + snippet)
        for a, b in hit.spans:
            body.stylize("bold reverse", a + 4, b + 4)
        lines.extend([title, body])
    for line in lines:
        if out is None:
            click.echo(line)
        else:
            out.print(line, soft_wrap=False, overflow="ellipsis", no_wrap=True)
