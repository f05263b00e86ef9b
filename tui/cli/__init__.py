"""The `briefing` command line; with no subcommand it opens the reader."""

from __future__ import annotations

import os
import sys

# `typing` is left unloaded here, so `briefing --version` costs little more than Python itself.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def __getattr__(name: str) -> Any:
    # The click group loads only when a subcommand (or --help) needs it.
    if name in ("cli", "LazyGroup", "LAZY_COMMANDS"):
        from tui.cli import group

        return getattr(group, name)
    raise AttributeError(f"module 'tui.cli' has no attribute {name!r}")


def reader_only(args: list[str]) -> tuple[bool, str | None]:
    """Whether the arguments just open the reader (optionally `--store DIR`), and the folder."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--store" and args[1] and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--store=") and len(args[0]) > len("--store="):
        return True, args[0][len("--store=") :]
    return False, None


def open_reader(store_dir: str | None) -> int | None:
    """Open the reader without loading the command-line machinery.

    Returns the exit code, or None when something unexpected happened before the app ran,
    so the full command line runs instead and reports (and logs) it the usual way.
    """
    from tui import startgc

    startgc.pause()
    try:
        return _run_reader(store_dir)
    finally:
        startgc.resume()


def _run_reader(store_dir: str | None) -> int | None:
    from store import BriefingError, open_library

    try:
        # The section and head folders are tidied after the first frame (BriefingApp).
        library = open_library(store_dir, tidy=False)
    except BriefingError as exc:
        from store.sanitize import clean_line

        print(f"briefing: {' '.join(clean_line(str(exc)).split())}", file=sys.stderr)
        return 1
    except Exception:
        return None
    from tui.app import BriefingApp
    from tui.style_cache import default_path

    app = BriefingApp(library, style_cache=default_path())
    try:
        app.run()
    except Exception as exc:  # the last line of defence for the user
        from pathlib import Path

        from tui.cli.plain import report_unexpected

        report_unexpected(exc, Path(store_dir) if store_dir else None)
        return 1
    app.save_parsed_styles()
    # The app has printed its one-line error already; only the exit code is left.
    return app.return_code or 0


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one line on stderr and a non-zero exit code for every failure."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args in (["--version"], ["-V"]):
        # Answered before the command line loads: a version check costs a Python start.
        from tui.cli.version import version_line

        print(version_line())
        sys.exit(0)
    # Shell completion is answered by click, whatever the arguments.
    if "_BRIEFING_COMPLETE" not in os.environ:
        is_reader, store_dir = reader_only(args)
        if is_reader:
            code = open_reader(store_dir)
        else:
            from tui.cli import fast

            code = fast.run(args, whole_process=True)
            if code is not None:
                finish(code)
        if code is not None:
            sys.exit(code)
    from tui import startgc

    if argv is None:
        # The whole process runs this command: the command line and the command's module
        # load with the cycle collector off (the group keeps them from it once the command is
        # loaded), since all they allocate lives on.
        startgc.pause()
    try:
        from tui.cli.common import run_guarded
        from tui.cli.group import cli

        code = run_guarded(cli, argv)
    finally:
        startgc.resume()  # (a no-op once the command was loaded)
    if argv is None:
        from tui.cli import afterwards

        afterwards.run()  # what the command left for after its answer (a child's, unwaited)
    sys.exit(code)


def finish(code: int) -> None:
    """End the process after a command answered without click, its output flushed.

    Such a command (a search) holds no lock and leaves no thread or file to finish, so the
    interpreter's teardown (every module and object freed one by one) is skipped.
    """
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)
