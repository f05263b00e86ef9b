"""The `briefing` command line; with no subcommand it opens the reader."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tui.cli import common, doctor_cmd, library_cmds, notes_cmds, search_cmd
from tui.cli.common import run_guarded

VERSION = "0.1.0"


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_dir",
    type=click.Path(path_type=Path),
    envvar="BRIEFING_HOME",
    help="Library folder (default: the platform's user data folder; env BRIEFING_HOME).",
)
@click.version_option(VERSION, "-V", "--version", prog_name="briefing")
@click.pass_context
def cli(ctx: click.Context, store_dir: Path | None) -> None:
    """Read Chinese-language news briefings in the terminal, offline.

    With no command, opens the reader on the library (the embedded Hunan Daily page on first run).
    """
    ctx.obj = common.CliState(store_dir)
    if ctx.invoked_subcommand is None:
        library = ctx.obj.library()
        from tui.app import BriefingApp

        BriefingApp(library).run()


library_cmds.register(cli)
search_cmd.register(cli)
notes_cmds.register(cli)
doctor_cmd.register(cli)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one line on stderr and a non-zero exit code for every failure."""
    sys.exit(run_guarded(cli, argv))
