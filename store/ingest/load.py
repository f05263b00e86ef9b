"""The importer's front door: detect a file's format and hand it to that format's adapter."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from store.errors import ImportFailure
from store.ingest import decode
from store.ingest.decode import decode_bytes
from store.ingest.detect import FORMATS, detect
from store.ingest.loaded import Loaded

log = logging.getLogger(__name__)


Adapter = Callable[[bytes, str], list[Loaded]]


def _text(data: bytes, name: str) -> list[Loaded]:
    return [Loaded(decode_bytes(data, name=name), "text")]


def _html(data: bytes, name: str) -> list[Loaded]:
    from store.ingest.htmldoc import load_html

    return load_html(data, name)


def _refuse(message: str) -> Adapter:
    def adapter(data: bytes, name: str) -> list[Loaded]:
        raise ImportFailure(f"{name}: {message}")

    return adapter


_ADAPTERS: dict[str, Adapter] = {
    "text": _text,
    "html": _html,
    "doc": _refuse("a legacy Word .doc file; open it in Word or LibreOffice, save it as .docx"),
    "zip": _refuse("a zip archive that is neither an EPUB e-book nor a Word .docx file"),
}


def register(fmt: str, adapter: Adapter) -> None:
    """Make an adapter the reader of a format."""
    _ADAPTERS[fmt] = adapter


def load_bytes(data: bytes, name: str = "input", fmt: str | None = None) -> list[Loaded]:
    """The briefings in a file's bytes; ImportFailure (one line naming it) for any problem."""
    if fmt is not None and fmt not in FORMATS:
        raise ImportFailure(f"{name}: unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if len(data) > decode.MAX_BYTES:
        raise _too_large(name, len(data))
    if not data.strip():
        raise ImportFailure(f"{name}: file is empty")
    kind = fmt or detect(data)
    _load_adapters()
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
        log.warning("importing %s as %s failed", name, kind, exc_info=True)
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ImportFailure(f"{name}: cannot read this {kind} file ({reason})") from None


def load_path(path: str | os.PathLike[str], fmt: str | None = None) -> list[Loaded]:
    """Read a file (within the size limit) and load the briefings in it."""
    p = Path(path)
    try:
        if p.is_dir():
            raise ImportFailure(f"{p}: is a directory, not a file")
        size = p.stat().st_size
        if size > decode.MAX_BYTES:
            raise _too_large(str(p), size)
        with p.open("rb") as fh:
            # One byte past the limit: a file that grew since stat still gets refused.
            data = fh.read(decode.MAX_BYTES + 1)
    except FileNotFoundError:
        raise ImportFailure(f"{p}: no such file") from None
    except OSError as exc:
        raise ImportFailure(f"{p}: cannot read ({exc.strerror or exc})") from None
    return load_bytes(data, str(p), fmt)


def _too_large(name: str, size: int) -> ImportFailure:
    limit = decode.MAX_BYTES
    return ImportFailure(
        f"{name}: file is too large ({size / 2**20:.1f} MiB; the limit is {limit / 2**20:g} MiB)"
    )


def _load_adapters() -> None:
    """Adapters of the heavier formats register themselves when first needed."""
    for fmt, module in (("feed", "feeds"), ("pdf", "pdf"), ("docx", "worddoc"), ("epub", "epub")):
        if fmt not in _ADAPTERS:
            try:
                mod = __import__(f"store.ingest.{module}", fromlist=["load"])
            except ModuleNotFoundError as exc:
                if exc.name and exc.name.startswith("store.ingest"):
                    continue
                raise
            register(fmt, mod.load)
