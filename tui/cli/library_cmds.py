"""`briefing list`, `briefing read` and `briefing import`."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from store import Briefing, BriefingError, Library, Section
from store.sanitize import clean_line
from tui.cli.common import console, echo_json, fail, get_library, is_terminal
from tui.wording import plural

if TYPE_CHECKING:
    from tui.cli.import_run import Outcome


def register(group: click.Group) -> None:
    """Add list, read and import to the `briefing` group."""
    group.add_command(list_cmd)
    group.add_command(read_cmd)
    group.add_command(import_cmd)


@click.command("list")
@click.option("--source", help="Only briefings from this source.")
@click.option("--since", help="Only briefings dated on or after this day, month or year.")
@click.option("--until", help="Only briefings dated on or before this day, month or year.")
@click.option("--unread", is_flag=True, help="Only briefings with sections not read yet.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (streamed, one briefing at a time)."
)
def list_cmd(
    source: str | None, since: str | None, until: str | None, unread: bool, as_json: bool
) -> None:
    """List briefings and their sections."""
    from store.shelf import Filter, normalise_date, unread_count

    bounds = []
    for name, value in (("--since", since), ("--until", until)):
        day = normalise_date(value) if value else None
        if value and day is None:
            fail(f"{name} {value!r} is not a date like 2019, 2019-10 or 2019-10-03", 2)
        bounds.append(day)
    library = get_library()
    read = library.read_state.all()
    chosen = Filter(since=bounds[0], until=bounds[1], source=source, unread=unread)
    if as_json:
        # Built one by one as they are written: the first shows before the others exist.
        _stream_json(library, (b for b in library.iter_briefings() if chosen.keeps(b, read)), read)
        return
    briefings = [b for b in library.briefings() if chosen.keeps(b, read)]
    if not briefings:
        if chosen == Filter():
            click.echo("No briefings yet. Import one with `briefing import FILE`.")
        else:
            click.echo("No briefings match.")
        return
    styled = is_terminal()
    out = console() if styled else None
    for b in briefings:
        date = f"  {b.date}{' (inferred)' if b.date_inferred else ''}" if b.date else ""
        left = unread_count(b, read)
        progress = f"  [{b.section_count - left}/{b.section_count} read]"
        header = f"{b.id}  {clean_line(b.title)}{date}{progress}"
        if out is not None:
            from rich.text import Text

            out.print(Text(header, style="bold"))
        else:
            click.echo(header)
        done = read.get(b.id, frozenset())
        for s in library.heads_of(b):
            kicker = f"[{clean_line(s.kicker)}] " if s.kicker else ""
            authors = " ".join(s.byline.authors)
            mark = "✓ " if s.order in done else ""
            line = f"  {s.id}  {mark}{kicker}{clean_line(s.headline)}"
            tail = f"  ({authors}; {s.paragraphs} ¶)" if authors else f"  ({s.paragraphs} ¶)"
            if out is not None:
                from rich.text import Text

                text = Text(line)
                text.append(tail, style="dim")
                out.print(text)
            else:
                click.echo(line + tail)


def _stream_json(
    library: Library, briefings: Iterable[Briefing], read: dict[str, frozenset[int]]
) -> None:
    """`{"briefings": [...]}` written briefing by briefing, so the first appear at once."""
    import sys

    from tui.cli.common import json_bytes

    sys.stdout.flush()
    out = sys.stdout.buffer  # bytes as orjson made them: no decoding and encoding again
    out.write(b'{\n  "briefings": [')
    n = -1
    for n, b in enumerate(briefings):
        data = b.to_dict(with_sections=False)
        data["sections"] = library.head_dicts(b)
        done = read.get(b.id, frozenset())
        data["read"] = sum(1 for o in done if o <= b.section_count)
        for head in data["sections"]:
            head["read"] = int(head["id"].rpartition("-")[2]) in done
        out.write((b",\n    " if n else b"\n    ") + json_bytes(data, "    "))
        if n % 64 == 0:
            out.flush()  # the first briefing shows at once, even through a pipe
    out.write(b"\n  ]\n}\n" if n >= 0 else b"]\n}\n")
    out.flush()


@click.command("read")
@click.argument("section_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md"]),
    default=None,
    help="Plain text or Markdown (default: styled on a terminal, text when piped).",
)
def read_cmd(section_id: str, as_json: bool, fmt: str | None) -> None:
    """Show one section (ids come from `briefing list`)."""
    library = get_library()
    section = library.section(section_id)
    if as_json:
        from store.numbering import block_kinds, paragraph_number, place

        data = section.to_dict()
        kinds = block_kinds(section.blocks)
        for i, block in enumerate(data["blocks"]):
            block["place"], block["paragraph"] = place(kinds, i), paragraph_number(kinds, i)
        echo_json(data)
        return
    if fmt == "md":
        from store.export import section_markdown

        click.echo(section_markdown(section), nl=False)
        return
    if fmt is None and is_terminal():
        _print_styled(section)
        return
    from store.export import section_text

    click.echo(section_text(section), nl=False)


# How `briefing read` styles each kind of typeset line on a terminal.
LINE_STYLES = {
    "kicker": "dim",
    "headline": "bold",
    "deck": "italic",
    "byline": "dim",
    "dateline": "dim",
    "rule": "dim",
    "heading": "bold",
    "caption": "italic dim",
    "table": "",
    "table-note": "dim",
}
# Cells kept free at the right edge: a closing mark may hang one cell past the column.
RIGHT_MARGIN = 2


def _print_styled(section: Section) -> None:
    """The section typeset as the reader sets it, for the terminal's real width."""
    from rich.text import Text

    from tui.widgets.layout import MAX_COLUMN, layout_section

    out = console()
    column = max(8, min(MAX_COLUMN, out.width - RIGHT_MARGIN))
    for line in layout_section(section, column, indent=4).lines:
        style = LINE_STYLES.get(line.kind, "")
        text = Text(line.prefix + line.text, style=style)
        out.print(text, overflow="ignore", crop=False, no_wrap=True)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--replace", is_flag=True, help="Re-import a briefing that is already there.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "feed", "pdf", "docx", "epub"]),
    default=None,
    help="Read every file as this format instead of detecting it from the content.",
)
@click.option("--title", help="The briefing's title, instead of the one read from the page.")
@click.option(
    "--date",
    callback=lambda _ctx, _param, value: _check_date(value),
    help="The briefing's date (YYYY-MM-DD), instead of the one read from the page.",
)
@click.option("--source", help="The paper or site, instead of the one read from the page.")
def import_cmd(
    files: tuple[Path, ...],
    as_json: bool,
    replace: bool,
    fmt: str | None,
    title: str | None,
    date: str | None,
    source: str | None,
) -> None:
    """Import briefings: text, web pages, feeds, PDF, Word .docx and EPUB files.

    FILES may be files, folders (imported recursively) or - for standard input. The page's
    masthead gives a briefing its title, date and source; --title, --date and --source
    override them.
    """
    from store.bulk_pool import IndexFeeder
    from tui.cli.import_run import expand, import_paths, skipped_notice, summary
    from tui.cli.import_watches import import_news, news_json, news_lines

    given = {"title": title, "date": date, "source": source}
    overrides = {k: clean_line(v).strip() for k, v in given.items() if v and v.strip()}

    # Listing the section and head folders for stray temp files costs more than adding one
    # page; the next command that lists them, or the reader, removes them.
    library = get_library(tidy=False)
    from store.search.index import refuse_newer

    refuse_newer(library.home)  # before anything is stored: a newer index is never touched
    targets = expand(files, library.home)
    if not targets:
        fail("no files to import in " + ", ".join(clean_line(str(f)) for f in files), 1)
    outcomes = []
    progress = None
    if len(targets) > 1 and not as_json and is_terminal():
        from rich.progress import Progress

        progress = Progress(console=console(), transient=True)
        progress.start()
        task = progress.add_task("importing", total=len(targets))
    # The workers fold each briefing for the search index as well, so the index gets its
    # new segments without reading anything back.
    feeder = IndexFeeder(library, parallel=len(targets) > 1)
    try:
        for batch in import_paths(library, targets, fmt, replace, overrides, feeder):
            for outcome in batch:
                outcomes.append(outcome)
                if not as_json:
                    _report(outcome, progress)
            if progress is not None:
                progress.advance(task, len(batch))
    finally:
        if progress is not None:
            progress.stop()
        feeder.flush()
        _index_added(library, outcomes, feeder.indexed)
    failures = sum(1 for o in outcomes if o.error)
    news = import_news(library, outcomes)
    if as_json:
        echo_json({"files": [_outcome_json(o) for o in outcomes], "watches": news_json(news)})
    else:
        lines = summary(outcomes) if len(targets) > 1 else []
        notice = skipped_notice(outcomes) if len(targets) > 1 else None
        for line in [*lines, *([clean_line(notice)] if notice else []), *news_lines(news)]:
            click.echo(line)
    if failures and len(targets) > 1 and not as_json:
        fail(f"{failures} of {len(targets)} files failed", 1)
    if failures:
        raise click.exceptions.Exit(1)


def _check_date(value: str | None) -> str | None:
    """A --date that is a real calendar day in YYYY-MM-DD form, or a usage error."""
    if value is None:
        return None
    import datetime

    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter("give the date as YYYY-MM-DD, e.g. 2020-03-01") from None


def _index_added(library: Library, outcomes: list[Outcome], indexed: set[str]) -> None:
    """Bring the search index up to date with what the import stored and did not index as
    it went (a feed's new items, standard input), so the first search afterwards does not
    build it."""
    changed = [
        r.briefing.id
        for o in outcomes
        for r in o.results
        if r.status in ("imported", "replaced", "updated") and r.briefing.id not in indexed
    ]
    if not changed:
        return

    from store.search.index import update_index

    # On failure the next search checks the index against the catalog and catches up.
    with contextlib.suppress(BriefingError):
        update_index(library, list(dict.fromkeys(changed)), [])


def _report(outcome: Outcome, progress: Any) -> None:
    """One line per briefing imported or file skipped, or one line on stderr for a failure."""
    if outcome.skipped:
        line = f"{clean_line(outcome.skipped)} (skipped)"
        _say(line, progress)
        return
    if outcome.error:
        line = f"briefing: {clean_line(outcome.error)}"
        if progress is not None:
            # Through the progress display's redirected stderr, so the bar stays on its line.
            print(line, file=sys.stderr)
        else:
            click.echo(line, err=True)
        return
    shown = clean_line(outcome.label)
    for result in outcome.results:
        b = result.briefing
        verb = {
            "imported": "imported",
            "replaced": "replaced",
            "updated": "updated",
            "exists": "already there (use --replace to import again)",
        }[result.status]
        count = plural(b.section_count, "section")
        line = f"{shown}: {verb}: {b.id} {clean_line(b.title)}, {count}"
        _say(line, progress)


def _say(line: str, progress: Any) -> None:
    """A line on stdout, above the progress display when there is one (never as markup)."""
    if progress is None:
        click.echo(line)
    else:
        progress.console.print(line, markup=False, highlight=False)


def _outcome_json(o: Outcome) -> dict[str, object]:
    base = {"file": o.label, "format": o.format}
    if o.error:
        return {**base, "status": "failed", "error": o.error}
    if o.skipped:
        return {**base, "status": "skipped", "reason": o.skipped, "briefings": []}
    briefings = [
        {
            "status": r.status,
            "briefing_id": r.briefing.id,
            "title": r.briefing.title,
            "sections": r.briefing.section_count,
        }
        for r in o.results
    ]
    first = briefings[0] if briefings else {}
    return {**base, **first, "briefings": briefings}
