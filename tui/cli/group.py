"""The click group of `briefing` and its lazily loaded subcommands."""

from __future__ import annotations

from pathlib import Path

import click

from tui.cli import common
from tui.cli.version import VERSION

# Subcommands load their modules only when run, so opening the reader pays for none of them.
LAZY_COMMANDS = {
    "list": "tui.cli.library_cmds:list_cmd",
    "read": "tui.cli.library_cmds:read_cmd",
    "edit": "tui.cli.manage_cmds:edit_cmd",
    "mark": "tui.cli.manage_cmds:mark_cmd",
    "import": "tui.cli.import_cmd:import_cmd",
    "rm": "tui.cli.rm_cmd:rm_cmd",
    "search": "tui.cli.search_cmd:search_cmd",
    "bookmarks": "tui.cli.bookmark_cmds:bookmarks_cmd",
    "bookmark": "tui.cli.bookmark_cmds:bookmark_group",
    "notes": "tui.cli.notes_cmds:notes_group",
    "note": "tui.cli.notes_cmds:note_group",
    "highlight": "tui.cli.highlight_cmds:highlight_group",
    "export": "tui.cli.notes_cmds:export_cmd",
    "doctor": "tui.cli.doctor_cmd:doctor_cmd",
    "kwic": "tui.cli.kwic_cmd:kwic_cmd",
    "trend": "tui.cli.trend_cmd:trend_cmd",
    "watch": "tui.cli.watch_cmds:watch_group",
}


# The first paragraph of each command's help, all that `briefing --help` shows of it, so the
# listing imports no command's module (tests/cli/test_help_listing.py holds it to the commands).
SUMMARIES = {
    "bookmark": "Add or remove a bookmark.",
    "bookmarks": "List bookmarks.",
    "doctor": "Check every file of the library (never writes without --repair).",
    "edit": "Change a briefing's title, date or source (ids from `briefing list`).",
    "export": "Export notes and bookmarks (to stdout unless -o FILE).",
    "highlight": "Highlight a passage without writing a note, or remove a highlight.",
    "import": "Import briefings: text, web pages, feeds, PDF, Word .docx and EPUB files.",
    "kwic": "Every occurrence of QUERY with its context, one line each (a concordance).",
    "list": "List briefings and their sections.",
    "mark": "Mark sections, or every section of briefings, read or unread.",
    "note": "Add, edit or remove a note.",
    "notes": "List notes grouped by briefing and section (or import them: `notes import FILE`).",
    "read": "Show one section (ids come from `briefing list`).",
    "rm": "Delete briefings (ids from `briefing list`; a unique prefix will do).",
    "search": "Search every section for QUERY.",
    "trend": "How often each QUERY occurs over time, and in how many sections.",
    "watch": "Saved queries (watches) with their new and total matching sections.",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module the first time it is needed."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their summaries, as click lists them, without loading them."""
        listed = []
        for name in self.list_commands(ctx):
            cmd = self.commands.get(name)
            if cmd is None and name in SUMMARIES:
                cmd = click.Command(name, help=SUMMARIES[name])
            else:
                cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                listed.append((name, cmd))
        if listed:
            # The width click gives a summary: three times the default spacing.
            limit = formatter.width - 6 - max(len(name) for name, _ in listed)
            with formatter.section("Commands"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in listed])

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, loaded or not."""
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, importing its module on first use."""
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            import importlib

            module_name, attr = LAZY_COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module_name), attr), cmd_name)
            _keep_loaded()
        return super().get_command(ctx, cmd_name)


def _keep_loaded() -> None:
    """Once a command is loaded, keep what start-up loaded from the cycle collector and turn
    it back on, if the entry point paused it (`tui.cli.main`): the modules live until the
    process ends, so looking at them again on every collection would free nothing."""
    from tui import startgc

    if startgc.paused():
        import gc

        gc.freeze()
        startgc.resume()


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
        from tui.style_cache import default_path

        app = BriefingApp(library, style_cache=default_path())
        app.run()
        app.save_parsed_styles()
        # The app has printed its one-line error already; only the exit code is left.
        if app.return_code:
            ctx.exit(app.return_code)
