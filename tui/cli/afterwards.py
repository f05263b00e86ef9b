"""Work a command leaves for after it has answered, done in a child process of its own that
the caller (a shell, a script reading the output) does not wait for."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable

_pending: list[Callable[[], object]] = []


def later(work: Callable[[], object]) -> None:
    """Do `work` once the command has answered, when it runs as a whole process."""
    _pending.append(work)


def pending() -> list[Callable[[], object]]:
    """What the command left for afterwards (and forget it)."""
    work, _pending[:] = list(_pending), []
    return work


def run() -> None:
    """Fork a child for the work left (if any), its output going nowhere; the parent goes on
    to end as it would have. The child is a session of its own, at a lower priority, so the
    shell's prompt and the next command come first (it runs at the lowest priority, on Linux
    only on a processor nothing else wants); a failure there is silent, as the work
    is tidying that a later command does anyway."""
    work = pending()
    if not work:
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    try:
        pid = os.fork()
    except OSError:
        return
    if pid:
        return
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)  # the caller's pipes close with the parent
        with contextlib.suppress(OSError):
            os.nice(19)
        with contextlib.suppress(AttributeError, OSError):
            # Linux: run only on a processor nothing else wants.
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # type: ignore[attr-defined]
        for job in work:
            with contextlib.suppress(Exception):
                job()
    finally:
        os._exit(0)
