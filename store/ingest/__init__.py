"""The importer: decode a briefing file and split its text into sections and blocks."""

from __future__ import annotations

from store.ingest.decode import MAX_BYTES, decode_bytes, read_file
from store.ingest.parse import parse

__all__ = ["MAX_BYTES", "decode_bytes", "parse", "read_file"]
