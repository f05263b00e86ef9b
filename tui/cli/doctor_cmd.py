"""`briefing doctor [--repair] [--all] [--json]`: check and repair the files of a library."""

from __future__ import annotations

from pathlib import Path

import click

from store.doctor import Finding, check_library, repair_library
from store.paths import resolve_home
from store.sanitize import clean_line
from tui.cli.common import CliState, echo_json, fail

SHOWN_FINE = 30  # files that are fine named one a line; more are counted


def _shown(path: Path, home: Path) -> str:
    try:
        rel = path.relative_to(home)
    except ValueError:
        rel = path
    return clean_line(str(rel))


@click.command("doctor")
@click.option("--repair", is_flag=True, help="Move broken files aside and rebuild or salvage.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--all", "every", is_flag=True, help="Name every file that is fine too.")
@click.pass_context
def doctor_cmd(ctx: click.Context, repair: bool, as_json: bool, every: bool) -> None:
    """Check every file of the library (never writes without --repair).

    Exit code 0 when everything is fine (or was repaired), 1 when a problem remains.
    """
    state = ctx.find_object(CliState)
    home = resolve_home(state.store_dir if state else None)
    found = repair_library(home) if repair else check_library(home)
    remaining = [f for f in found if f.harmful]
    if as_json:
        echo_json(
            {
                "home": str(home),
                "repair": repair,
                "ok": not remaining,
                "files": [f.to_dict() for f in found],
            }
        )
    else:
        click.echo(f"library: {clean_line(str(home))}")
        fine = [f for f in found if f.status == "ok"]
        # A library of years has thousands of files: their ok lines would push the few that
        # matter off the screen, so past a handful they are counted on one line.
        named = (
            found if every or len(fine) <= SHOWN_FINE else [f for f in found if f.status != "ok"]
        )
        for f in named:
            click.echo(_line(f, home))
        if len(named) < len(found):
            other = "other " if named else ""
            click.echo(f"{'ok':<9} {len(fine)} {other}files (--all names them)")
        click.echo(_summary(found, remaining, repair))
    if remaining:
        fail(f"{len(remaining)} problem(s) remain" if repair else f"{len(remaining)} problem(s)")


def _line(f: Finding, home: Path) -> str:
    text = f"{f.status:<9} {_shown(f.path, home)}"
    if f.problem:
        text += f": {clean_line(f.problem)}"
    if f.action:
        text += f" -> {clean_line(f.action)}"
    elif f.too_new:
        text += " (left untouched; upgrade briefing)"
    return text


def _summary(found: list[Finding], remaining: list[Finding], repair: bool) -> str:
    repaired = sum(1 for f in found if f.status == "repaired")
    lost = sum(1 for f in found if f.lost)
    if lost:
        # A fine library can still be short of briefings: the count keeps that in sight.
        gone = f"; {lost} briefing{'s' if lost > 1 else ''} left the library (named above)"
    else:
        gone = ""
    if not remaining:
        return (f"{repaired} repaired, all files fine" if repaired else "all files fine") + gone
    hint = "" if repair else "; run `briefing doctor --repair` to fix what can be fixed"
    return f"{len(remaining)} problem(s){hint}{gone}"
