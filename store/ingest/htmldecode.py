"""Decode a web page's bytes, trusting the bytes over a charset declaration that lies."""

from __future__ import annotations

import codecs
import re

from store.errors import ImportFailure
from store.ingest.decode import decode_bytes

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# Legacy Chinese labels name subsets of GB18030 (and Big5 of its HKSCS extension);
# pages labelled with the subset routinely use characters of the superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def declared_charset(data: bytes) -> str | None:
    """The charset a page or XML file declares in its first few KiB, if any."""
    match = _DECLARED.search(data[:4096])
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_markup(data: bytes, name: str = "input") -> str:
    """Markup bytes as text: BOM, then valid UTF-8, then the declared charset, then a guess.

    Valid UTF-8 wins over a declaration because a saved page is often re-encoded to
    UTF-8 while its meta tag still says GB2312; legacy bytes are almost never valid UTF-8.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared and declared not in ("utf-8", "ascii"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            text = data.decode(declared, "replace")
            if text.count("\ufffd") * 200 < len(text):
                return text
    try:
        return decode_bytes(data, name=name)
    except ImportFailure:
        return data.decode("utf-8", "replace")
