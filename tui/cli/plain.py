"""What the commands share without click: one-line failures, the error log, terminal checks.

The hot commands run without loading click (`tui.cli.fast`), so nothing here may import it.
"""

from __future__ import annotations

import math
import re
import sys
from functools import cache
from pathlib import Path

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

# The library folder of the running command, for the error log.
_active_store: Path | None = None


def set_active_store(store_dir: Path | None) -> None:
    """Name the library folder whose log gets the running command's unexpected errors."""
    global _active_store
    _active_store = store_dir


class CliFailure(Exception):
    """A failure to report as one line with an exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop with one line on stderr."""
    raise CliFailure(message, code)


def is_terminal(stream: Any = None) -> bool:
    """Whether output goes to a terminal (styled) rather than a pipe (plain)."""
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


# JSON leaves C1 controls and bidi overrides raw; a terminal may act on them, so escape them
# (a table rather than a pattern: compiling one costs a search more than translating).
_RAW = [*range(0x80, 0xA0), 0x61C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPED = {code: f"\\u{code:04x}" for code in _RAW}


def json_text(data: Any) -> str:
    """Readable UTF-8 JSON, safe for a terminal, even for text that is not valid Unicode."""
    text = standard_json(data)
    if text is None:
        from store.files import dump_document

        text = dump_document(data).decode("utf-8")
    return text.translate(_ESCAPED)


# orjson writes a float below this (other than zero) in full, where the json module writes
# an exponent; it also stops at 64-bit integers.
_SMALLEST = 1e-4
_INTS = range(-(2**63), 2**64)


def standard_json(data: Any) -> str | None:
    """`dump_document`'s text written by the standard json module, or None where the two
    would differ (a non-text key, a tiny or non-finite float, a huge integer, text that is
    not valid Unicode, another type): for a small output such as a search's, loading orjson
    costs more than it saves."""
    if not _plain(data):
        return None
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which dump_document repairs
        return None
    return text


def _plain(value: Any) -> bool:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return value in _INTS
    if kind is float:
        return value == 0 or _SMALLEST <= abs(value) < math.inf
    if kind is dict:
        return all(type(k) is str for k in value) and all(map(_plain, value.values()))
    if kind is list or kind is tuple:
        return all(map(_plain, value))
    return False


@cache
def _raw_control_bytes() -> re.Pattern[bytes]:
    # The same characters as UTF-8 bytes, for output written as bytes (streamed listings).
    return re.compile(rb"\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def json_bytes(data: Any, indent: str = "") -> bytes:
    """json_text as UTF-8 bytes, every line after the first indented by `indent` (for
    output streamed piece by piece, without decoding and encoding it again)."""
    from store.files import dump_document

    raw = _raw_control_bytes().sub(
        lambda m: f"\\u{ord(m.group().decode()):04x}".encode(), dump_document(data)
    )
    return raw.replace(b"\n", b"\n" + indent.encode()) if indent else raw


def console() -> Any:
    """A Rich console for terminal output (imported only when needed)."""
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False)


def write_line(text: str, err: bool = False) -> None:
    """One line on stdout (or stderr), flushed, as click.echo writes it."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def say_error(message: str) -> None:
    """One line on stderr; messages quote file names and input, so controls are dropped."""
    from store.sanitize import clean_line

    write_line(f"briefing: {' '.join(clean_line(message).split())}", err=True)


def report_unexpected(exc: BaseException, store_dir: Path | None = None) -> None:
    """Log an unexpected error's traceback in the library's logs and say it in one line.

    `store_dir` is the library folder when no command is running (the reader started alone).
    """
    log = _log_unexpected(exc, store_dir if store_dir is not None else _active_store)
    where = f" (details in {log})" if log else ""
    say_error(f"unexpected error: {type(exc).__name__}: {exc}{where}")


def _log_unexpected(exc: BaseException, store_dir: Path | None) -> Path | None:
    import traceback
    from datetime import UTC, datetime

    from store.paths import resolve_home

    try:
        # The library the user named, not the default one, gets the report.
        folder = resolve_home(store_dir) / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "errors.log"
        # argv may hold undecodable bytes (lone surrogates); the log must still be written.
        with path.open("a", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(f"--- {datetime.now(UTC).isoformat()} {' '.join(sys.argv)}\n")
            handle.write("".join(traceback.format_exception(exc)))
        return path
    except OSError:
        return None


def run_plain(command: Any) -> int:
    """Run `command()` (which returns an exit code), each error as one stderr line and a code.

    The same answers as the click group's guard for every error a command itself raises.
    """
    from store.errors import BriefingError

    try:
        return command()
    except CliFailure as exc:
        say_error(str(exc))
        return exc.code
    except BriefingError as exc:
        say_error(str(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence for the user
        report_unexpected(exc)
        return 1
