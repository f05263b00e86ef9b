"""What one change needs from the catalog, read without parsing every row.

An import of a few files needs to know whether their ids are there and the highest `seq`; a
delete needs the rows it removes; the schema check needs the version. `catalog.json` is written
by the store alone (orjson, two-space indent), so a row is found by its id in the file's bytes
and parsed alone, and the `meta` table that opens the file is parsed without the rows. Anything
unexpected answers None, and the caller parses the whole catalog as before.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

from store.regular import open_regular

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# The leading table (meta) must end within this many bytes to be read alone.
HEAD_BYTES = 64 * 1024


@cache
def _patterns() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    # A row's `seq` and a row's key line, compiled on the first lookup rather than at import
    # (the reader opens the library before its first frame and, once seeded, looks nothing up).
    return re.compile(rb'"seq"\s*:\s*(\d+)'), re.compile(rb'\n    "\d+": \{\n')


_TABLE_KEY = b'\n  "'


def read_file(path: Path) -> bytes | None:
    """A store file's bytes (None when it does not exist); a link or a folder is refused."""
    from store.catalog_journal import open_regular

    fd = open_regular(path)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def leading_table(path: Path, name: str) -> dict[str, dict[str, Any]] | None:
    """The table `name` of a store file when it opens the document, parsed without the rest.

    None when the file is missing, does not open with that table, the table does not end
    within its first bytes, or the file does not end as a document does (cut short).
    """
    try:
        fd, st = open_regular(path)
    except OSError:  # NotRegular too
        return None
    try:
        head = os.pread(fd, HEAD_BYTES, 0)
        tail = os.pread(fd, 64, max(0, st.st_size - 64))
    except OSError:
        return None
    finally:
        os.close(fd)
    if not tail.rstrip().endswith(b"}"):
        return None
    opening = re.match(rb'\s*\{\s*"' + re.escape(name.encode()) + rb'"\s*:\s*', head)
    if opening is None:
        return None
    text = _decoded_prefix(head, len(head) == HEAD_BYTES)
    if text is None:
        return None
    import json

    try:
        # Only ASCII precedes the table, so the byte offset is the character offset.
        table, end = json.JSONDecoder().raw_decode(text, opening.end())
    except ValueError:
        return None
    if not re.match(r"\s*[,}]", text[end:]):
        return None
    if not isinstance(table, dict) or not all(isinstance(r, dict) for r in table.values()):
        return None
    return table


def _decoded_prefix(head: bytes, cut: bool) -> str | None:
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Reading stopped inside a character: the text before it is enough.
        if cut and exc.start >= len(head) - 3:
            return head[: exc.start].decode("utf-8")
        return None


def base_row(raw: bytes, briefing_id: str) -> tuple[bool, dict[str, Any] | None]:
    """(known, row) of one id in catalog.json's bytes: (True, None) when the file does not
    name it; (False, None) when its row cannot be told apart without parsing the whole file."""
    quoted = b'"' + briefing_id.encode() + b'"'
    if quoted not in raw:
        return True, None
    # A row's last "id" wins, as in a whole parse; quotes inside text are escaped, so this
    # is the key itself.
    at = raw.rfind(b'"id": ' + quoted)
    if at < 0:
        return False, None
    start = raw.rfind(b'\n    "', 0, at)
    table = raw.rfind(_TABLE_KEY, 0, max(start, 0))
    end = raw.find(b"\n    }", at)
    if start < 0 or end < 0 or not _patterns()[1].match(raw, start):
        return False, None
    if not raw.startswith(b'\n  "briefings": {', table):
        return False, None
    import orjson  # (the schema check of a search reads the meta table alone, without it)

    try:
        row = orjson.loads(raw[raw.index(b"{", start) : end + 6])
    except orjson.JSONDecodeError:
        return False, None
    if not isinstance(row, dict) or row.get("id") != briefing_id:
        return False, None
    return True, row


def highest_seq(*raws: bytes) -> int:
    """The highest `seq` any row in these bytes has (deleted rows' too: a new one goes after)."""
    return max((int(m) for raw in raws for m in _patterns()[0].findall(raw)), default=0)
