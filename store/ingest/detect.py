"""Tell a briefing file's format from its content: magic bytes, XML root, HTML markers."""

from __future__ import annotations

import io
import re
from typing import Literal

Format = Literal["text", "html", "feed", "pdf", "docx", "epub", "doc", "rtf", "zip"]
FORMATS: tuple[str, ...] = ("text", "html", "feed", "pdf", "docx", "epub")
"""Formats the importer reads; `--format` may force one of them."""

_HEAD = 8192
# The prolog before a root element: BOM, XML declaration, comments, processing
# instructions and a doctype, in any order and with any whitespace between.
_PROLOG = re.compile(
    rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*", re.DOTALL | re.IGNORECASE
)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_FEED_ROOTS = frozenset({b"rss", b"rdf:rdf", b"feed", b"rdf"})
_HTML_MARKERS = re.compile(
    rb"<!DOCTYPE\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s[^>]*charset"
    rb"|<(?:p|div|article|section|table|br|span|h[1-6])(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_JSON_FEED = re.compile(rb'"version"\s*:\s*"https?://jsonfeed\.org/version/', re.IGNORECASE)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def detect(data: bytes) -> Format:
    """The format of a file's bytes; plain text when nothing else matches.

    `doc` (legacy Word), `rtf` and `zip` (an archive that is no e-book or Word file) are named
    so the importer can say what they are instead of calling them binary.
    """
    head = data[:_HEAD]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    ascii_head = _ascii_view(head)
    stripped = ascii_head.lstrip()
    if stripped.startswith(b"{") and _JSON_FEED.search(ascii_head):
        return "feed"
    prolog = _PROLOG.match(stripped)
    rest = stripped[prolog.end() :] if prolog else stripped
    root = _ROOT.match(rest)
    if root is not None:
        name = root.group(1).lower()
        if name in _FEED_ROOTS:
            return "feed"
        if name == b"html":
            return "html"
    if _HTML_MARKERS.search(ascii_head) and _markup_share(ascii_head) > 0.02:
        return "html"
    return "text"


def _ascii_view(head: bytes) -> bytes:
    """The head as bytes in which ASCII markup can be searched, whatever the encoding."""
    for bom in _BOMS:
        if head.startswith(bom):
            if bom == b"\xef\xbb\xbf":
                return head[3:]
            codec = "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"
            text = head[2:].decode(codec, "ignore")
            return text.encode("ascii", "replace")
    if head[:2] in (b"<\x00", b"\x00<"):
        codec = "utf-16-le" if head[:1] == b"<" else "utf-16-be"
        return head.decode(codec, "ignore").encode("ascii", "replace")
    return head


def _markup_share(head: bytes) -> float:
    """Share of the head inside tags: a text that quotes one tag is still a text."""
    tags = re.findall(rb"<[A-Za-z!/][^<>]{0,400}>", head)
    return sum(len(t) for t in tags) / max(1, len(head))


def _zip_kind(data: bytes) -> Format:
    """An EPUB, a Word file, or some other zip archive."""
    if data[30:58] == b"mimetypeapplication/epub+zip":
        return "epub"
    import zipfile  # here: a plain text or a web page never loads it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "META-INF/container.xml" in names or "mimetype" in names:
        return "epub"
    return "zip"
