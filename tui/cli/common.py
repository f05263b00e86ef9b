"""What the subcommands share: the library from the context, output modes, error reporting."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tui.cli.plain import (
    CliFailure,
    console,
    fail,
    is_terminal,
    json_bytes,
    json_text,
    report_unexpected,
    run_plain,
    say_error,
    set_active_store,
)

if TYPE_CHECKING:
    from store.library import Library

__all__ = [
    "CliFailure",
    "CliState",
    "console",
    "echo_json",
    "fail",
    "get_library",
    "is_terminal",
    "json_bytes",
    "json_text",
    "report_unexpected",
    "run_guarded",
    "say_error",
]


@dataclass
class CliState:
    """Per-invocation state: the library folder and the opened library."""

    store_dir: Path | None
    _library: Library | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        set_active_store(self.store_dir)

    def library(self, *, tidy: bool = True) -> Library:
        """Open the library once per invocation (`tidy`: see open_library)."""
        if self._library is None:
            # Loaded here: help and usage errors never open a library.
            from store.library import open_library

            self._library = open_library(self.store_dir, tidy=tidy)
        return self._library


def get_library(ctx: click.Context | None = None, *, tidy: bool = True) -> Library:
    """The library of the current command; `tidy=False` leaves a crashed writer's temp files
    in the section and head folders to the next command that lists them (or the reader)."""
    ctx = ctx or click.get_current_context()
    return ctx.find_object(CliState).library(tidy=tidy)  # type: ignore[union-attr]


def echo_json(data: Any) -> None:
    """Print readable UTF-8 JSON, safe for a terminal, even for text that is not valid Unicode."""
    click.echo(json_text(data))


def run_guarded(group: click.Group, argv: list[str] | None) -> int:
    """Run the CLI, turning every error into one stderr line and an exit code."""

    def command() -> int:
        try:
            code = group.main(args=argv, prog_name="briefing", standalone_mode=False)
        except click.exceptions.Abort:
            say_error("aborted")
            return 1
        except click.exceptions.Exit as exc:
            return exc.exit_code
        except click.ClickException as exc:
            say_error(exc.format_message())
            return exc.exit_code
        # Without standalone mode click returns the code of an `Exit` instead of raising it.
        return code if isinstance(code, int) else 0

    # The errors a command raises itself are answered as on the click-free path.
    return run_plain(command)
