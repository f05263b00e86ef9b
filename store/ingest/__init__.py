"""The importer: decode a briefing file and split its text into sections and blocks."""

from __future__ import annotations

from store.ingest.decode import MAX_BYTES, decode_bytes, read_file

__all__ = ["MAX_BYTES", "decode_bytes", "read_file"]
