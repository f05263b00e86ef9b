"""`briefing watch`: saved queries, their new and total matches, add, show, rm, seen."""

from __future__ import annotations

import click

from store.sanitize import clean_line
from store.userdata import shown_stamp
from tui.cli.common import echo_json, fail, get_library
from tui.wording import plural


@click.group("watch", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def watch_group(ctx: click.Context, as_json: bool) -> None:
    """Saved queries (watches) with their new and total matching sections.

    A match is new when its briefing was imported after the watch was last seen.
    """
    if ctx.invoked_subcommand is not None:
        return
    from store.analysis.watch_counts import WatchCounter

    counts = WatchCounter(get_library()).counts()
    if as_json:
        echo_json({"watches": [c.to_dict() for c in counts]})
        return
    if not counts:
        click.echo("No watches: add one with briefing watch add NAME QUERY.")
        return
    for c in counts:
        w = c.watch
        click.echo(
            f"{clean_line(w.name)}  {clean_line(w.query)}  {c.new} new, {c.total} in all"
            f"  (seen {shown_stamp(w.last_seen)})"
        )


@watch_group.command("add")
@click.argument("name")
@click.argument("query")
def add_cmd(name: str, query: str) -> None:
    """Save QUERY under NAME (an existing NAME gets the new query)."""
    from store.analysis.watches import add_watch, list_watches

    library = get_library()
    before = {w.name: w.query for w in list_watches(library)}
    try:
        watch = add_watch(library, name, query)
    except ValueError as exc:
        fail(str(exc), 2)
    line = f"Watching {clean_line(watch.query)} as {clean_line(watch.name)}"
    old = before.get(watch.name)
    if old is not None and old != watch.query:
        # A name typed again would otherwise lose the query it kept without a word.
        line += f", instead of {clean_line(old)}"
    click.echo(line + ".")


@watch_group.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show_cmd(name: str, as_json: bool) -> None:
    """The new matching sections of a watch (it stays unseen until `watch seen`)."""
    from store.analysis.watch_counts import WatchCounter
    from store.analysis.watches import get_watch

    library = get_library()
    watch = get_watch(library, name)
    counter = WatchCounter(library)
    (count,) = counter.counts([watch])
    found = counter.new_sections(watch)
    wanted = {bid for bid, _, _ in found}
    heads = {h.id: h for bid in wanted for h in library.heads(bid)}
    rows = [
        {
            "briefing_id": bid,
            "section_id": sid,
            "headline": heads[sid].headline if sid in heads else "",
            "hits": hits,
        }
        for bid, sid, hits in found
    ]
    if as_json:
        echo_json({**count.to_dict(), "sections": rows})
        return
    click.echo(
        f"{clean_line(watch.name)}: {clean_line(watch.query)}: "
        f"{plural(count.new, 'new section')}, {count.total} in all"
        f" (seen {shown_stamp(watch.last_seen)})"
    )
    for row in rows:
        click.echo(f"  {row['section_id']}  {clean_line(row['headline'])}  ({row['hits']} hits)")


@watch_group.command("rm")
@click.argument("name")
def rm_cmd(name: str) -> None:
    """Delete a watch."""
    from store.analysis.watches import remove_watch

    remove_watch(get_library(), name)
    click.echo(f"Removed watch {clean_line(name)}.")


@watch_group.command("seen")
@click.argument("name")
def seen_cmd(name: str) -> None:
    """Mark a watch's matches as looked at: nothing is new until the next import."""
    from store.analysis.watches import mark_seen

    watch = mark_seen(get_library(), name)
    click.echo(f"{clean_line(watch.name)} seen at {shown_stamp(watch.last_seen)}.")
