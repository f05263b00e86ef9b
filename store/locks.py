"""The cross-process file lock every writer holds: a whole-file `flock` on `<file>.lock`.

Where the system has `flock(2)` (Linux, macOS, the BSDs) the lock is taken here, the way
filelock's UnixFileLock takes it (an exclusive `flock` on a lock file left in place, opened
without following a symbolic link), so processes of either kind exclude each other. Importing
filelock 4 costs every writing command about 20 ms (logging, secrets, its own forty modules);
elsewhere it is used as it is, loaded on first use.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

POLL = 0.05  # seconds between tries while another process holds the lock
_OPEN = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class LockTimeout(TimeoutError):
    """The lock was still held by another process when the time allowed ran out."""

    def __init__(self, path: str) -> None:
        super().__init__(f"the lock {path} is held by another process")
        self.lock_file = path


class _Hold:
    """How often a thread (or, shared, the lock's threads) entered the lock, and its file."""

    def __init__(self) -> None:
        self.count = 0
        self.fd = -1
        self.pid = 0


class _ThreadHold(threading.local):
    """A hold of one thread (each thread sees its own fields)."""

    def __init__(self) -> None:
        self.count = 0
        self.fd = -1
        self.pid = 0


class FlockLock:
    """A re-entrant cross-process lock on one file (filelock's FileLock interface, in part).

    `thread_local=True` (the default): each thread holds it on its own descriptor, so two
    threads exclude each other as two processes do. `thread_local=False`: one hold shared by
    every thread, so one thread may release what another took.
    """

    def __init__(self, lock_file: str, timeout: float = -1, thread_local: bool = True) -> None:
        self.lock_file = lock_file
        self.timeout = timeout
        self._hold: Any = _ThreadHold() if thread_local else _Hold()
        # A shared hold is entered by one thread at a time; a thread's own needs no guard.
        self._guard: Any = threading.Lock() if not thread_local else None

    @property
    def lock_counter(self) -> int:
        """How many times the holder entered the lock without leaving it yet."""
        hold = self._hold
        return hold.count if hold.pid == os.getpid() else 0

    @property
    def is_locked(self) -> bool:
        """Whether this process holds the lock (this thread, for a thread-local lock)."""
        return self.lock_counter > 0

    def acquire(self, timeout: float | None = None) -> FlockLock:
        """Take the lock, waiting up to `timeout` seconds (negative: for ever); LockTimeout."""
        if self._guard is None:
            self._enter(self.timeout if timeout is None else timeout)
        else:
            with self._guard:
                self._enter(self.timeout if timeout is None else timeout)
        return self

    def _enter(self, timeout: float) -> None:
        hold = self._hold
        pid = os.getpid()
        if hold.pid != pid:
            # A child made by fork shares its parent's open lock file (and so its flock): it
            # holds nothing until it takes the lock itself, and leaves the parent's alone.
            if hold.fd >= 0:
                os.close(hold.fd)
            hold.count, hold.fd, hold.pid = 0, -1, pid
        if hold.count:
            hold.count += 1
            return
        hold.fd = _take(self.lock_file, timeout)
        hold.count = 1

    def release(self, force: bool = False) -> None:
        """Leave the lock once (all the way with `force`); the last leave unlocks the file."""
        if self._guard is None:
            self._leave(force)
        else:
            with self._guard:
                self._leave(force)

    def _leave(self, force: bool) -> None:
        hold = self._hold
        if hold.pid != os.getpid() or hold.count == 0:
            return
        hold.count = 0 if force else hold.count - 1
        if hold.count == 0:
            fd, hold.fd = hold.fd, -1
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    def __enter__(self) -> FlockLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _take(path: str, timeout: float) -> int:
    """Open the lock file and flock it, polling until `timeout`; the locked descriptor."""
    deadline = None if timeout < 0 else time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, _OPEN, 0o644)
        except FileNotFoundError:
            # As filelock does: the lock of a file not written yet makes its folder.
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            fd = os.open(path, _OPEN, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass
            else:
                # A lock file unlinked while this process waited is no longer the lock: a
                # process opening the path now gets a new file, so take that one instead.
                if os.fstat(fd).st_nlink > 0:
                    return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        if deadline is not None and time.monotonic() >= deadline:
            raise LockTimeout(path)
        time.sleep(POLL if deadline is None else max(0.0, min(POLL, deadline - time.monotonic())))


class _Borrowed:
    """filelock's FileLock where the system has no flock, its timeout told as LockTimeout."""

    def __init__(self, lock_file: str, timeout: float = -1, thread_local: bool = True) -> None:
        from filelock import FileLock

        self._lock = FileLock(lock_file, timeout=timeout, thread_local=thread_local)
        self.lock_file = lock_file

    @property
    def lock_counter(self) -> int:
        return int(self._lock.lock_counter)

    @property
    def is_locked(self) -> bool:
        return bool(self._lock.is_locked)

    def acquire(self, timeout: float | None = None) -> _Borrowed:
        from filelock import Timeout

        try:
            self._lock.acquire(timeout=timeout)
        except Timeout as exc:
            raise LockTimeout(self.lock_file) from exc
        return self

    def release(self, force: bool = False) -> None:
        self._lock.release(force=force)

    def __enter__(self) -> _Borrowed:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def file_lock(lock_file: str, *, timeout: float = -1, thread_local: bool = True) -> Any:
    """The lock on `lock_file`: FlockLock where the system has flock, filelock's elsewhere."""
    kind: Any = FlockLock if fcntl is not None else _Borrowed
    return kind(lock_file, timeout=timeout, thread_local=thread_local)
