"""Turn the bytes of a briefing file into clean text, detecting its encoding."""

from __future__ import annotations

import codecs
import os
import re
from functools import lru_cache
from pathlib import Path

from store.errors import ImportFailure
from store.sanitize import clean_text

__all__ = ["MAX_BYTES", "decode_bytes", "read_file"]

MAX_BYTES = 20 * 1024 * 1024
"""Largest file the importer accepts; a newspaper page is a few hundred KiB at most."""

# Signatures of common binary formats, so a PDF or an image is called what it is.
_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"7z\xbc\xaf",
    b"\xd0\xcf\x11\xe0",
    b"SQLite format 3",
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that real text files carry: tab, line feed, form feed, carriage return,
# and ESC (text with ANSI colours is still text; the sanitiser removes the sequences).
_TEXT_CONTROLS = frozenset(b"\t\n\x0c\r\x1b")
# Every byte that is not a stray control byte, for bytes.translate's delete argument.
_TEXT_BYTES = bytes(b for b in range(256) if (b >= 0x20 and b != 0x7F) or b in _TEXT_CONTROLS)
_STRAY_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
BINARY_SHARE = 0.05
"""Share of stray control (or undecodable) bytes past which a file is binary, not text."""
# A short text may carry a handful (a bell, two backspaces) and still be text.
_FEW_CONTROLS = 8
# UTF-8 with this small a share of invalid bytes is text with a few damaged characters.
_DAMAGED_SHARE = 0.005
_SAMPLE = 64 * 1024
# Punctuation and symbols that ordinary Chinese prose uses in either script.
_COMMON_PUNCT = frozenset(
    "，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕—…·．　％－～￥"
    "\u2013\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u00b7\u00d7\u00b0"
)


def _name(name: str | os.PathLike[str] | None) -> str:
    return str(name) if name is not None else "input"


@lru_cache(maxsize=1)
def _ideographs() -> tuple[frozenset[str], frozenset[str]]:
    """Frequent ideographs (GB2312 level 1, Big5 level 1) and GB2312 level 2."""
    frequent: set[str] = set()
    rarer: set[str] = set()
    # GB2312 ideographs: rows 0xB0-0xD7 are level 1, 0xD8-0xF7 level 2; cells 0xA1-0xFE.
    for lead in range(0xB0, 0xF8):
        row = frequent if lead < 0xD8 else rarer
        row.update(bytes((lead, t)).decode("gb2312", "ignore") for t in range(0xA1, 0xFF))
    # Big5 level 1 (frequent) ideographs: 0xA440-0xC67E.
    trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    for lead in range(0xA4, 0xC7):
        # Row 0xC6 holds ideographs only up to 0xC67E; the rest are kana and symbols.
        row = trails if lead < 0xC6 else trails[: 0x7F - 0x40]
        frequent.update(bytes((lead, t)).decode("big5", "ignore") for t in row)
    frequent.discard("")
    rarer.discard("")
    return frozenset(frequent), frozenset(rarer - frequent)


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common ideographs or common punctuation.

    A Big5 file read as GB18030 (or the other way round) decodes without error but lands
    on rare ideographs, private-use characters, bopomofo, kana and odd symbols; the right
    reading is almost all frequent characters. Level-2 GB2312 ideographs count for less
    so that short texts still tip the right way.
    """
    frequent, rarer = _ideographs()
    total = 0
    good = 0.0
    for ch in text:
        if ch < "\x80":
            continue
        total += 1
        if ch in frequent or ch in _COMMON_PUNCT or "\uff01" <= ch <= "\uff5e":
            good += 1.0
        elif ch in rarer:
            good += 0.6
    return good / total if total else 1.0


def _too_many(count: int, total: int) -> bool:
    """Whether count stray bytes or characters out of total make a file binary."""
    return count > max(_FEW_CONTROLS, total * BINARY_SHARE)


def _looks_binary(data: bytes) -> bool:
    """Known binary signatures, any NUL byte, or a real share of control bytes.

    Judged over the whole file: a text with a few escape sequences or backspaces is still
    text (the sanitiser drops them), while a binary file is full of such bytes.
    """
    if data.startswith(_MAGIC) or b"\x00" in data:
        return True
    return _too_many(len(data.translate(None, _TEXT_BYTES)), len(data))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _sample_cut(data: bytes) -> bytes:
    """A prefix of data for scoring, cut at a line break so no character is split."""
    if len(data) <= _SAMPLE:
        return data
    cut = data.rfind(b"\n", 0, _SAMPLE)
    return data[: cut + 1] if cut > 0 else data


def _guess_cjk(data: bytes) -> str | None:
    """Decode legacy Chinese bytes as GB18030 or Big5, whichever reads as real text."""
    sample = _sample_cut(data)
    candidates: list[tuple[float, int, str, str]] = []
    # GB18030 first in the tie-break order: it is the usual encoding of simplified text.
    for rank, encoding in enumerate(("gb18030", "big5", "cp950")):
        text = _strict(sample, encoding)
        if text is not None:
            candidates.append((_plausibility(text), -rank, encoding, text))
    if not candidates:
        return None
    score, _, encoding, text = max(candidates)
    non_ascii = sum(1 for ch in text if ch >= "\x80")
    if score < 0.4 and non_ascii * 5 >= len(text):
        # GB18030 maps almost any byte pairs to something; a text where most of that
        # is rare characters is another encoding or not text at all.
        return None
    return _strict(data, encoding)


def _decode(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding)
    if _looks_binary(data):
        raise _BinaryData
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    text = _guess_cjk(data)
    if text is not None:
        return text
    lenient = data.decode("utf-8", "replace")
    bad = lenient.count("\ufffd") / len(data)
    if bad <= _DAMAGED_SHARE:
        return lenient
    if bad > BINARY_SHARE * 6:
        raise _BinaryData
    return None


class _BinaryData(Exception):
    pass


def _too_many_controls(text: str) -> bool:
    """Text that decoded but is full of control characters is binary in disguise."""
    return _too_many(len(_STRAY_CONTROL.findall(text)), len(text))


def decode_bytes(data: bytes, *, name: str | os.PathLike[str] | None = None) -> str:
    """Decode a briefing file's bytes to sanitised text with \\n line ends."""
    label = _name(name)
    if len(data) > MAX_BYTES:
        raise ImportFailure(
            f"{label}: file is too large ({len(data) / 2**20:.1f} MiB; "
            f"the limit is {MAX_BYTES // 2**20} MiB)"
        )
    if not data.strip():
        raise ImportFailure(f"{label}: file is empty")
    try:
        text = _decode(data)
    except _BinaryData:
        raise ImportFailure(f"{label}: looks like a binary file, not text") from None
    if text is None:
        raise ImportFailure(f"{label}: cannot decode the text (not UTF-8, UTF-16, GB18030 or Big5)")
    if _too_many_controls(text):
        raise ImportFailure(f"{label}: looks like a binary file, not text")
    text = clean_text(text)
    if not text.strip():
        raise ImportFailure(f"{label}: file is empty")
    return text


def read_file(path: str | os.PathLike[str]) -> str:
    """Read and decode a briefing file, with a one-line ImportFailure for every problem."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ImportFailure(f"{p}: no such file") from None
    except OSError as exc:
        raise ImportFailure(f"{p}: cannot read ({exc.strerror or exc})") from None
    if p.is_dir():
        raise ImportFailure(f"{p}: is a directory, not a file")
    if st.st_size > MAX_BYTES:
        raise ImportFailure(
            f"{p}: file is too large ({st.st_size / 2**20:.1f} MiB; "
            f"the limit is {MAX_BYTES // 2**20} MiB)"
        )
    try:
        with p.open("rb") as fh:
            # One byte past the limit: a file that grew since stat still gets refused.
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportFailure(f"{p}: cannot read ({exc.strerror or exc})") from None
    return decode_bytes(data, name=p)
