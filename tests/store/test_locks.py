"""The writers' file lock: excludes other processes (filelock's too) and other threads."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from store import locks
from store.errors import WriteFailed
from store.locks import FlockLock, LockTimeout, file_lock
from store.storage import AtomicJSONStorage

REPO = Path(__file__).resolve().parents[2]

HOLDER = """
import sys
sys.path.insert(0, {repo!r})
if {kind!r} == "filelock":
    from filelock import FileLock as Lock
else:
    from store.locks import FlockLock as Lock
lock = Lock({path!r})
lock.acquire()
print("held", flush=True)
sys.stdin.readline()
lock.release()
print("free", flush=True)
sys.stdin.readline()
"""


class Holder:
    """Another process holding the lock until told to let go."""

    def __init__(self, path: Path, kind: str = "flock") -> None:
        code = HOLDER.format(repo=str(REPO), path=str(path), kind=kind)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout.readline() == "held\n"  # type: ignore[union-attr]

    def let_go(self) -> None:
        self.proc.stdin.write("\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]
        assert self.proc.stdout.readline() == "free\n"  # type: ignore[union-attr]

    def end(self) -> None:
        self.proc.stdin.close()  # type: ignore[union-attr]
        self.proc.wait(timeout=30)


@pytest.mark.parametrize("kind", ["flock", "filelock"])
def test_another_process_holding_the_lock_keeps_it_until_it_lets_go(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "catalog.json.lock"
    holder = Holder(path, kind)
    try:
        lock = FlockLock(str(path))
        with pytest.raises(LockTimeout):
            lock.acquire(timeout=0.2)
        assert lock.lock_counter == 0
        holder.let_go()
        lock.acquire(timeout=5)
        assert lock.is_locked
        lock.release()
        assert not lock.is_locked
    finally:
        holder.end()


def test_filelock_waits_for_this_lock(tmp_path: Path) -> None:
    from filelock import FileLock, Timeout

    path = tmp_path / "x.lock"
    with FlockLock(str(path)), pytest.raises(Timeout):
        # Held by this thread's descriptor: filelock's own descriptor is refused it.
        FileLock(str(path), thread_local=False).acquire(timeout=0.2)
    FileLock(str(path)).acquire(timeout=0.2)


def test_the_lock_is_reentrant_and_free_after_the_last_leave(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    lock = FlockLock(str(path))
    other = FlockLock(str(path))
    lock.acquire()
    lock.acquire()
    assert lock.lock_counter == 2
    lock.release()
    with pytest.raises(LockTimeout):
        other.acquire(timeout=0)
    lock.release()
    assert lock.lock_counter == 0
    lock.release()  # leaving a lock not held does nothing
    other.acquire(timeout=0)
    other.release()
    assert path.exists()  # left in place, so every waiter locks the same file


def test_two_threads_exclude_each_other(tmp_path: Path) -> None:
    lock = FlockLock(str(tmp_path / "x.lock"))
    seen: list[object] = []

    def other() -> None:
        try:
            lock.acquire(timeout=0.1)
        except LockTimeout as exc:
            seen.append(exc)
        else:
            seen.append("acquired")
            lock.release()

    with lock:
        t = threading.Thread(target=other)
        t.start()
        t.join()
    assert isinstance(seen[0], LockTimeout)
    seen.clear()
    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert seen == ["acquired"]


def test_a_shared_lock_is_released_by_another_thread(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    lock = FlockLock(str(path), thread_local=False)
    lock.acquire()
    t = threading.Thread(target=lock.release)
    t.start()
    t.join()
    assert lock.lock_counter == 0
    FlockLock(str(path)).acquire(timeout=0)


def test_a_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("keep")
    (tmp_path / "x.lock").symlink_to(target)
    with pytest.raises(OSError):
        FlockLock(str(tmp_path / "x.lock")).acquire(timeout=0)
    assert target.read_text() == "keep"


def test_a_lock_file_unlinked_while_waiting_is_not_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.lock"
    real = locks.fcntl

    class Racing:
        LOCK_EX, LOCK_NB, LOCK_UN = real.LOCK_EX, real.LOCK_NB, real.LOCK_UN
        unlinked = 0

        def flock(self, fd: int, op: int) -> None:
            if op & real.LOCK_EX and not self.unlinked:
                self.unlinked += 1
                path.unlink()  # the holder before us went away with its file
            real.flock(fd, op)

    monkeypatch.setattr(locks, "fcntl", Racing())
    lock = FlockLock(str(path))
    lock.acquire(timeout=1)
    try:
        assert os.fstat(lock._hold.fd).st_ino == os.stat(path).st_ino
    finally:
        lock.release()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_holds_nothing_of_its_parent(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    lock = FlockLock(str(path))
    with lock:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 1
            try:
                if lock.lock_counter == 0:
                    lock.acquire(timeout=0)
            except LockTimeout:
                lock.release()  # nothing to leave: the parent keeps its lock
                code = 0
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert lock.lock_counter == 1
        with pytest.raises(LockTimeout):
            FlockLock(str(path)).acquire(timeout=0)


def test_without_flock_filelock_takes_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.lock"
    monkeypatch.setattr(locks, "fcntl", None)
    lock = file_lock(str(path), timeout=0.1)
    assert not isinstance(lock, FlockLock)
    holder = Holder(path)
    try:
        with pytest.raises(LockTimeout):
            lock.acquire()
        holder.let_go()
        with lock:
            assert lock.lock_counter == 1 and lock.is_locked
        assert lock.lock_counter == 0
    finally:
        holder.end()


def test_a_write_waiting_too_long_for_the_lock_fails_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "user.json"
    storage = AtomicJSONStorage(path, lock_timeout=0.2)
    storage.write({"meta": {}})
    holder = Holder(Path(str(path) + ".lock"))
    try:
        with pytest.raises(WriteFailed, match="another briefing process holds the lock"):
            storage.write({"meta": {"1": {"v": 1}}})
        holder.let_go()
        storage.write({"meta": {"1": {"v": 1}}})
    finally:
        holder.end()
    assert storage.read() == {"meta": {"1": {"v": 1}}}


def test_a_file_in_a_folder_not_made_yet_gets_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "catalog.json"
    storage = AtomicJSONStorage(path)
    storage.write({"_default": {}})
    assert path.exists()
    assert (tmp_path / "not" / "yet" / "catalog.json.lock").exists()
    with FlockLock(str(tmp_path / "other" / "x.lock")):
        assert (tmp_path / "other").is_dir()
