"""README documents every command and option that `briefing --help` offers, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import click

from tui.cli.group import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "briefing") -> dict[str, click.Command]:
    ctx = click.Context(group)
    found: dict[str, click.Command] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        path = f"{prefix} {name}"
        found[path] = command
        if isinstance(command, click.Group):
            found.update(_commands(command, path))
    return found


COMMANDS = _commands(cli)


def test_every_command_is_in_the_readme() -> None:
    missing = [path for path in COMMANDS if path not in README]
    assert missing == []


def test_every_option_is_in_the_readme() -> None:
    missing = []
    for path, command in COMMANDS.items():
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                names = [n for n in param.opts if n.startswith("--") and n != "--help"]
                if names and not any(n in README for n in names):
                    missing.append(f"{path} {names[0]}")
    assert missing == []


def test_the_readme_names_no_command_that_does_not_exist() -> None:
    named = set(re.findall(r"`briefing ([a-z]+)", README))
    top = {path.split()[1] for path in COMMANDS}
    assert named <= top, named - top
