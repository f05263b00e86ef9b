"""`briefing import`: files, folders and standard input, with a line per file and a summary."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from store import BriefingError, Library
from store.sanitize import clean_line
from tui.cli.common import console, echo_json, fail, get_library, is_terminal
from tui.wording import plural

if TYPE_CHECKING:
    from tui.cli.import_run import Outcome


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
    from store.index_feed import IndexFeeder
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
    if len(targets) == 1:
        _tidy_afterwards(library)
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


def _tidy_afterwards(library: Library) -> None:
    """Merge the small segments pages imported one at a time leave in a large index, once
    the import has answered (a folder import merges its own as it ends)."""
    from store.search import tidy
    from tui.cli import afterwards

    with contextlib.suppress(BriefingError, OSError):
        if tidy.wanted(library.home):
            afterwards.later(lambda: tidy.tidy(library.home))


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
