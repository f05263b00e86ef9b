"""`briefing --help` lists every command as click would, without importing the commands."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from tui.cli.group import LAZY_COMMANDS, SUMMARIES, LazyGroup


def _listing(format_commands, width: int) -> str:
    group = LazyGroup(name="briefing")  # fresh: no command loaded yet
    ctx = click.Context(group, terminal_width=width, max_content_width=width)
    formatter = ctx.make_formatter()
    format_commands(group, ctx, formatter)
    return formatter.getvalue()


def test_every_command_has_a_summary() -> None:
    assert set(SUMMARIES) == set(LAZY_COMMANDS)


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_a_summary_shortens_as_the_commands_own_help(name) -> None:
    group = LazyGroup(name="briefing")
    real = group.get_command(click.Context(group), name)
    stand_in = click.Command(name, help=SUMMARIES[name])
    assert not real.hidden and not real.deprecated
    for limit in range(5, 160):
        assert stand_in.get_short_help_str(limit) == real.get_short_help_str(limit), limit


@pytest.mark.parametrize("width", [30, 60, 80, 120, 200])
def test_the_listing_is_clicks_own(width) -> None:
    ours = _listing(LazyGroup.format_commands, width)
    assert ours == _listing(click.Group.format_commands, width)
    assert all(f"  {name}" in ours for name in LAZY_COMMANDS)


def test_help_loads_no_command_and_no_library() -> None:
    code = (
        "import sys\nfrom tui.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit as exc:\n    code = exc.code\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('tui.cli.', 'store.')) and "
        "m.split('.')[-1].endswith(('_cmd', '_cmds', 'library', 'search')))\n"
        "print(code, loaded, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip() == "0 []"
    assert "Commands:" in done.stdout and "search" in done.stdout


def test_every_command_a_module_defines_is_reachable_from_the_group() -> None:
    import importlib
    import pkgutil

    import tui.cli

    group = LazyGroup(name="briefing")
    reachable: set[int] = set()
    stack = [group.get_command(click.Context(group), name) for name in LAZY_COMMANDS]
    while stack:
        command = stack.pop()
        reachable.add(id(command))
        if isinstance(command, click.Group):
            stack.extend(command.commands.values())
    defined = {}
    for info in pkgutil.iter_modules(tui.cli.__path__, "tui.cli."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, click.Command) and not isinstance(value, LazyGroup):
                defined[f"{info.name}:{name}"] = value
            # Commands are found through LAZY_COMMANDS alone: no module adds its own.
            assert name != "register", info.name
    assert defined and [n for n, c in defined.items() if id(c) not in reachable] == []
