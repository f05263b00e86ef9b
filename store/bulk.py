"""Importing many files at once: read, parse and fold them in worker processes, store in batches.

`prepare_file` is what a worker does with one file: it loads and parses it and turns each
briefing into the bytes of its section file, its head rows, its catalog fields and, when asked,
the records the search index keeps of its sections. `store_batch` then writes a batch of them
under one catalog lock: the section files are synced together (one sync each, issued from
several threads so the file system commits them as a group, then one sync of the folder) and
the catalog is written once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import replace as replace_fields
from pathlib import Path
from typing import Any

import orjson

from store.errors import BriefingError, ImportFailure, NoArticle, WriteFailed
from store.heads import head_row, heads_stamp, write_heads
from store.importing import (
    ImportItem,
    ImportResult,
    briefing_from_row,
    build_rows,
    content_hash,
    merge_new_sections,
)
from store.models import SectionHead
from store.schema import META_TABLE, SCHEMA_VERSION
from store.storage import atomic_write_bytes, dump_document, fsync_dir
from store.userdata import now_stamp

# Threads issuing the syncs of one batch's section files: enough for the file system to fold
# them into a few journal commits.
SYNC_THREADS = 8


@dataclass(slots=True)
class Prepared:
    """One briefing of a file, parsed and serialised by a worker, ready to be stored."""

    digest: str
    row: dict[str, Any]  # catalog fields, without seq and imported_at
    sections: bytes  # the JSON of its `sections` table
    heads: list[dict[str, Any]]
    records: list[Any] | None = None  # what the search index keeps of each section
    item: ImportItem | None = None  # kept for a source that grows (a feed), to merge


@dataclass(slots=True)
class FileWork:
    """What a worker made of one file: its format and briefings, or why it failed or was
    skipped (read whole, it holds no article)."""

    label: str
    format: str = "?"
    briefings: list[Prepared] = field(default_factory=list)
    error: str | None = None
    skipped: str | None = None


def prepare_file(
    path: Path | str, fmt: str | None, overrides: dict[str, str] | None, fold: bool
) -> FileWork:
    """Load, parse and serialise one file (runs in a worker process)."""
    from store.ingest.load import load_path

    path = Path(path)
    work = FileWork(str(path))
    try:
        loaded = load_path(path, fmt)
    except NoArticle as exc:
        work.skipped, work.format = _named(work.label, exc), fmt or sniff(path)
        return work
    except ImportFailure as exc:  # it names the file already
        work.error, work.format = str(exc), fmt or sniff(path)
        return work
    except BriefingError as exc:
        work.error, work.format = f"{work.label}: {exc}", fmt or sniff(path)
        return work
    if overrides:
        loaded = [replace_fields(d, meta={**d.meta, **overrides}) for d in loaded]
    work.format = loaded[0].format if loaded else fmt or "?"
    try:
        for d in loaded:
            item = ImportItem(d.text, path.name, dict(d.meta), d.parsed, d.keys)
            work.briefings.append(prepare_item(item, fold))
    except NoArticle as exc:  # the text rules found no article in it
        work.skipped, work.briefings = _named(work.label, exc), []
    except BriefingError as exc:
        work.error, work.briefings = f"{work.label}: {exc}", []
    return work


def _named(label: str, exc: NoArticle) -> str:
    """The reason a file was skipped, naming the file once."""
    text = str(exc)
    return text if text.startswith(f"{label}: ") else f"{label}: {text}"


def prepare_item(item: ImportItem, fold: bool) -> Prepared:
    """Parse one decoded text and serialise what storing it writes (ImportFailure)."""
    from store.ingest import parse

    digest = content_hash(item.text)
    parsed = item.parsed if item.parsed is not None else parse(item.text)
    row, sections = build_rows(parsed, digest[:10], digest, item, 0)
    del row["seq"], row["imported_at"]
    table = {str(n): s.to_dict() for n, s in enumerate(sections, 1)}
    records = None
    if fold:
        from store.search.fields import field_texts
        from store.search.normalise import learn
        from store.search.postings import packed, record

        # The fold table learns the whole page at once, so its patterns of changed and known
        # characters are made once for the page rather than again for each section bringing
        # new characters (each costs about half a millisecond to compile).
        learn("".join(text for s in sections for _f, _b, text in field_texts(s)))
        # Packed: the importing process hands them to the index builder without reading them.
        records = packed([record(s) for s in sections])
    return Prepared(
        digest,
        row,
        _dumps(table),
        [head_row(s) for s in sections],
        records,
        # A feed may be merged into a briefing already there, which needs its parsed items.
        replace_fields(item, parsed=parsed) if item.keys else None,
    )


def _dumps(data: Any) -> bytes:
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        return dump_document(data)  # repairs text that is not valid Unicode


def sniff(path: Path) -> str:
    """The detected format of a file that failed ('?' if unreadable)."""
    from store.ingest import decode
    from store.ingest.detect import detect

    try:
        with path.open("rb") as fh:
            return detect(fh.read(decode.MAX_BYTES + 1))
    except OSError:
        return "?"


def shard_bytes(row: dict[str, Any], sections: bytes) -> bytes:
    """A whole section file: its schema, the briefing's own row and the sections table."""
    head = orjson.dumps({META_TABLE: {"1": {"schema": SCHEMA_VERSION}}, "briefing": {"1": row}})
    return head[:-1] + b',"sections":' + sections + b"}"


@dataclass(slots=True)
class Stored:
    """What storing one prepared briefing did: its result, and its index records."""

    result: ImportResult
    row: dict[str, Any] | None = None  # set when its section file was written
    records: list[Any] | None = None


def store_batch(
    catalog: Any,
    home: Path,
    shard: Callable[[str], Any],
    batch: list[Prepared],
    *,
    replace: bool = False,
    heads: bool = True,
) -> list[Stored]:
    """Store prepared briefings under one catalog lock with one catalog write.

    A briefing already there is left alone (status `exists`) unless `replace`; a feed's later
    copy adds its new items (`updated`). Section files are on disk before the catalog names
    them, so a crash leaves at most section files that no catalog row points to. Without
    `heads`, a stored briefing's result carries its section count but not its section heads
    (making them costs the process storing a folder import about a tenth of its work).
    """
    from store.catalog import put_rows

    out: list[Stored] = []
    writes: list[tuple[Path, bytes]] = []
    head_files: list[tuple[str, str, list[dict[str, Any]]]] = []
    changed: list[dict[str, Any]] = []
    fresh: list[Path] = []  # section files of briefings no row names yet
    with catalog.transaction():
        # The rows this batch would be (rows are never changed in place, only replaced).
        rows, seq = catalog.lookup(p.digest[:10] for p in batch)
        for p in batch:
            bid, origin = p.digest[:10], p.row.get("origin")
            existing = rows.get(bid)
            if existing is not None and not replace:
                grown = None
                if p.item is not None:
                    grown = merge_new_sections(existing, p.item, shard(bid))
                if grown is not None:
                    rows[bid] = grown
                    changed.append(grown)
                status = "exists" if grown is None else "updated"
                out.append(
                    Stored(ImportResult(briefing_from_row(grown or existing), status, origin))
                )
                continue
            if existing is None:
                seq += 1
                fresh.append(home / "sections" / f"{bid}.json")
            row = {**p.row, "imported_at": now_stamp(), "seq": existing["seq"] if existing else seq}
            writes.append((home / "sections" / f"{bid}.json", shard_bytes(row, p.sections)))
            head_files.append((bid, heads_stamp(row), p.heads))
            rows[bid] = row
            changed.append(row)
            status = "replaced" if existing is not None else "imported"
            briefing = briefing_from_row(row)
            if heads:
                briefing = briefing.with_sections(tuple(SectionHead.from_dict(h) for h in p.heads))
            out.append(Stored(ImportResult(briefing, status, origin), row, p.records))
        try:
            write_synced(writes)
        except BaseException:
            # A full disk fails a batch part-way: the files it wrote would hold the room the
            # user needs and name no briefing. No row names them and the catalog's lock is
            # held, so no other process can have come to need them.
            for path in fresh:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        for bid, stamp, head_rows in head_files:
            write_heads(home, bid, stamp, head_rows)
        if changed:
            put_rows(catalog, changed)
    return out


def write_synced(writes: list[tuple[Path, bytes]]) -> None:
    """Write files atomically (temp file, sync, rename), syncing from several threads, then
    sync their folders once; WriteFailed names the first file that failed."""
    if not writes:
        return
    if len(writes) == 1:
        _write_one(*writes[0])
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(SYNC_THREADS, len(writes))) as pool:
            for failure in pool.map(lambda w: _try(_write_one, *w), writes):
                if failure is not None:
                    raise failure
    for folder in {path.parent for path, _ in writes}:
        fsync_dir(folder)


def _try(fn: Callable[..., None], *args: Any) -> BaseException | None:
    try:
        fn(*args)
    except WriteFailed as exc:
        return exc
    return None


def _write_one(path: Path, payload: bytes) -> None:
    atomic_write_bytes(path, payload, sync_folder=False)
