"""The importer's front door: detect a file's format and hand it to that format's adapter."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from store.errors import ImportFailure
from store.ingest import decode
from store.ingest.decode import decode_bytes
from store.ingest.detect import FORMATS, detect
from store.ingest.loaded import Loaded

Adapter = Callable[[bytes, str], list[Loaded]]

MAX_PACKAGE_BYTES = 200 * 1024 * 1024
"""Largest PDF, Word or EPUB file: their pictures make them far larger than their text."""
_PACKAGES = frozenset({"pdf", "docx", "epub"})


def _text(data: bytes, name: str) -> list[Loaded]:
    return [Loaded(decode_bytes(data, name=name), "text")]


def _html(data: bytes, name: str) -> list[Loaded]:
    from store.ingest.htmldoc import load_html

    return load_html(data, name)


def _feed(data: bytes, name: str) -> list[Loaded]:
    from store.ingest.feeds import load

    return load(data, name)


def _pdf(data: bytes, name: str) -> list[Loaded]:
    from store.ingest.pdf import load

    return load(data, name)


def _docx(data: bytes, name: str) -> list[Loaded]:
    from store.ingest.worddoc import load

    return load(data, name)


def _epub(data: bytes, name: str) -> list[Loaded]:
    from store.ingest.epub import load

    return load(data, name)


def _refuse(message: str) -> Adapter:
    def adapter(data: bytes, name: str) -> list[Loaded]:
        raise ImportFailure(f"{name}: {message}")

    return adapter


# Each adapter imports its libraries on first use, so reading text never loads them.
_ADAPTERS: dict[str, Adapter] = {
    "text": _text,
    "html": _html,
    "feed": _feed,
    "pdf": _pdf,
    "docx": _docx,
    "epub": _epub,
    "doc": _refuse("a legacy Word .doc file; open it in Word or LibreOffice, save it as .docx"),
    "rtf": _refuse("an RTF document; open it in Word or LibreOffice, save it as .docx"),
    "zip": _refuse("a zip archive that is neither an EPUB e-book nor a Word .docx file"),
}


def load_bytes(data: bytes, name: str = "input", fmt: str | None = None) -> list[Loaded]:
    """The briefings in a file's bytes; ImportFailure (one line naming it) for any problem."""
    if fmt is not None and fmt not in FORMATS:
        raise ImportFailure(f"{name}: unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if not data.strip():
        raise ImportFailure(f"{name}: file is empty")
    kind = fmt or detect(data)
    limit = _limit(kind)
    if len(data) > limit:
        raise _too_large(name, len(data), limit)
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        raise ImportFailure(f"{name}: {kind} files cannot be imported")
    try:
        return adapter(data, name)
    except ImportFailure:
        raise
    except RecursionError:
        raise ImportFailure(f"{name}: the {kind} file is nested too deeply to read") from None
    except MemoryError:
        raise ImportFailure(f"{name}: the {kind} file is too large to read") from None
    except Exception as exc:  # a malformed file must never end in a traceback
        import logging  # here: a file that reads well never loads it

        logging.getLogger(__name__).warning("importing %s as %s failed", name, kind, exc_info=True)
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ImportFailure(f"{name}: cannot read this {kind} file ({reason})") from None


def load_path(path: str | os.PathLike[str], fmt: str | None = None) -> list[Loaded]:
    """Read a file (within its format's size limit) and load the briefings in it."""
    p = Path(path)
    try:
        if p.is_dir():
            raise ImportFailure(f"{p}: is a directory, not a file")
        size = p.stat().st_size
        with p.open("rb") as fh:
            limit = _limit(fmt or _kind_of_head(fh.read(8192)))
            if size > limit:
                raise _too_large(str(p), size, limit)
            fh.seek(0)
            # One byte past the limit: a file that grew since stat still gets refused.
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise ImportFailure(f"{p}: no such file") from None
    except OSError as exc:
        raise ImportFailure(f"{p}: cannot read ({exc.strerror or exc})") from None
    return load_bytes(data, str(p), fmt)


def _limit(kind: str) -> int:
    return MAX_PACKAGE_BYTES if kind in _PACKAGES else decode.MAX_BYTES


def _kind_of_head(head: bytes) -> str:
    """The format as far as the first bytes tell (a zip's member list is at its end)."""
    if head.startswith(b"PK\x03\x04"):
        return "epub" if b"epub" in head[:100] else "docx"
    return detect(head)


def _too_large(name: str, size: int, limit: int) -> ImportFailure:
    return ImportFailure(
        f"{name}: file is too large ({size / 2**20:.1f} MiB; the limit is {limit / 2**20:g} MiB)"
    )
