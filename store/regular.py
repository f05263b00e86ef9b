"""A library's own files opened for reading: never through a symbolic link (it could lead out
of the library), never anything but a regular file.

Each caller turns the errors into its own message: OSError as the OS raised it
(FileNotFoundError, ELOOP for a link) or NotRegular. Only `os` and `stat` are imported, since
the reader's first frame and a search read files through here.
"""

from __future__ import annotations

import os
import stat

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Opening a FIFO for reading would wait for a writer; on a regular file O_NONBLOCK changes nothing.
_FLAGS = os.O_RDONLY | NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def not_a_file_reason(mode: int) -> str:
    """Why a path that is not a regular file cannot be a store file."""
    return "is a directory, not a file" if stat.S_ISDIR(mode) else "is not a regular file"


class NotRegular(OSError):
    """A directory, FIFO, device or socket where a regular file belongs."""

    def __init__(self, path: str | os.PathLike[str], mode: int) -> None:
        """Name the path and keep its file mode."""
        super().__init__(f"{os.fspath(path)} {not_a_file_reason(mode)}")
        self.mode = mode


def open_regular(path: str | os.PathLike[str]) -> tuple[int, os.stat_result]:
    """A read descriptor of `path` and its stat, taken from the descriptor; the caller closes it.

    Raises OSError when it cannot be opened (a link among them) and NotRegular, the descriptor
    closed, when it is not a regular file.
    """
    fd = os.open(path, _FLAGS)
    try:
        st = os.fstat(fd)
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise NotRegular(path, st.st_mode)
    return fd, st


def read_open(fd: int) -> bytes:
    """Everything from the descriptor's position to the end of the file it opened."""
    with open(fd, "rb", buffering=0, closefd=False) as handle:
        return handle.read()


def read_regular(path: str | os.PathLike[str]) -> bytes:
    """The whole of a regular file, as `open_regular` opens it (and raises)."""
    fd, _ = open_regular(path)
    try:
        return read_open(fd)
    finally:
        os.close(fd)
