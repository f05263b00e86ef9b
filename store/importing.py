"""Storing parsed briefings: one shard write per briefing and one catalog write per batch.

The library calls `import_many` with its catalog and its `shard` opener, and tells its
listeners afterwards; this module never sees the library itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.briefing_rows import briefing_from_row
from store.catalog import Catalog
from store.errors import ImportFailure
from store.heads import head_row, heads_stamp, write_heads
from store.models import Briefing, ParsedBriefing, ParsedSection, Section
from store.schema import META_TABLE, SCHEMA_VERSION
from store.storage import StoreDB
from store.userdata import now_stamp

PARSER_VERSION = 1

ShardOpener = Callable[[str], StoreDB]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What happened to one imported text: imported, replaced, or already there."""

    briefing: Briefing
    status: str
    origin: str | None = None


def content_hash(text: str) -> str:
    """The SHA-256 of a briefing's decoded text, which names it across stores."""
    return _sha256()(text.encode("utf-8")).hexdigest()


def _sha256() -> Any:
    # Python's own SHA-256 where it has one: hashlib loads OpenSSL first (about 4 ms a
    # process, and a reader that never imports never loads either).
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # Python 3.12 and later
        except ImportError:
            from hashlib import sha256
    return sha256


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One decoded text to import, with where it came from and optional metadata."""

    text: str
    origin: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # Sections already read from a structured format (web page, feed, PDF, Word, EPUB);
    # None for plain text, which the text rules parse.
    parsed: ParsedBriefing | None = None
    # One key per parsed section for sources that grow (feeds); see merge_new_sections.
    keys: tuple[str, ...] = ()


def import_many(
    catalog: Catalog, shard: ShardOpener, items: Iterable[ImportItem], *, replace: bool = False
) -> list[ImportResult | ImportFailure]:
    """Import several texts under one catalog lock and one catalog write.

    Each item gets an ImportResult, or the ImportFailure that stopped it; one bad text does
    not stop the others. The catalog write appends the new rows: its cost is that of the
    batch, not of the library.
    """
    results: list[ImportResult | ImportFailure] = []
    changed: dict[str, dict[str, Any]] = {}
    named = [(item, content_hash(item.text)) for item in items]
    with catalog.transaction():
        # Only the rows these texts would be: a few imports parse no other row.
        table, seq = catalog.lookup(digest[:10] for _, digest in named)
        for item, digest in named:
            briefing_id = digest[:10]
            existing = changed.get(briefing_id) or table.get(briefing_id)
            if existing is not None and not replace:
                grown = merge_new_sections(existing, item, shard(briefing_id))
                status = "exists" if grown is None else "updated"
                if grown is not None:
                    changed[briefing_id] = grown
                results.append(
                    ImportResult(briefing_from_row(grown or existing), status, item.origin)
                )
                continue
            try:
                from store.ingest import parse

                parsed = item.parsed if item.parsed is not None else parse(item.text)
            except ImportFailure as exc:
                results.append(exc)
                continue
            if existing is None:
                seq += 1
            row_seq = existing.get("seq", seq) if existing is not None else seq
            row, sections = build_rows(parsed, briefing_id, digest, item, row_seq)
            write_shard(shard(briefing_id), row, sections)
            write_heads(
                catalog.path.parent,
                briefing_id,
                heads_stamp(row),
                [head_row(s) for s in sections],
            )
            changed[briefing_id] = row
            status = "replaced" if existing is not None else "imported"
            briefing = briefing_from_row(row).with_sections(tuple(s.head() for s in sections))
            results.append(ImportResult(briefing, status, item.origin))
        if changed:
            catalog.put(changed.values())
    return results


def seq_of(row: dict[str, Any]) -> int:
    """A catalog row's place in import order (0 when it has none)."""
    value = row.get("seq", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def changed_ids(results: Iterable[ImportResult | ImportFailure]) -> list[str]:
    """The briefings an import wrote (imported or replaced), in order."""
    return [r.briefing.id for r in results if isinstance(r, ImportResult) and r.status != "exists"]


def write_shard(shard: StoreDB, row: dict[str, Any], sections: list[Section]) -> None:
    """Write a briefing's section file in one go, keeping its own row beside its sections.

    The row lets `briefing doctor --repair` rebuild a lost catalog from the section files.
    """
    own = dict(row)
    with shard.transaction():
        shard.storage.write(
            {
                META_TABLE: {"1": {"schema": SCHEMA_VERSION}},
                "briefing": {"1": own},
                "sections": {str(n): s.to_dict() for n, s in enumerate(sections, 1)},
            }
        )


def section_of(ps: ParsedSection, briefing_id: str, order: int) -> Section:
    """A parsed section stored as the `order`-th section of a briefing."""
    return Section(
        id=f"{briefing_id}-{order}",
        briefing_id=briefing_id,
        order=order,
        headline=ps.headline,
        kicker=ps.kicker,
        deck=ps.deck,
        byline=ps.byline,
        dateline=ps.dateline,
        blocks=ps.blocks,
        date=ps.date,
        credits=ps.credits,
    )


# The origin of a text read from standard input: it names no file, so it gives no title.
STDIN_ORIGIN = "stdin"


def _fallback_title(parsed: ParsedBriefing, origin: str | None, briefing_id: str) -> str:
    """The title of a page that gives none (no masthead): its file's stem; from standard
    input, which names no file, its first headline, as a reader would call it."""
    if origin == STDIN_ORIGIN:
        return next((s.headline for s in parsed.sections if s.headline), STDIN_ORIGIN)
    return Path(origin).stem if origin else briefing_id


def build_rows(
    parsed: ParsedBriefing, briefing_id: str, digest: str, item: ImportItem, seq: int
) -> tuple[dict[str, Any], list[Section]]:
    """The catalog row and the sections of a parsed briefing."""
    sections = [section_of(ps, briefing_id, n) for n, ps in enumerate(parsed.sections, start=1)]
    meta, origin = item.meta, item.origin
    title = meta.get("title") or parsed.title or _fallback_title(parsed, origin, briefing_id)
    row = {
        "id": briefing_id,
        "title": title,
        "date": meta.get("date") or parsed.date,
        "date_inferred": bool(meta.get("date_inferred", False)),
        "source": meta.get("source") or parsed.source,
        "language": meta.get("language") or "zh-Hans",
        "content_hash": digest,
        "imported_at": now_stamp(),
        "origin": origin,
        "seq": seq,
        "parser_version": PARSER_VERSION,
        "section_count": len(sections),
    }
    if item.keys:
        row["item_keys"] = list(item.keys)
    return row, sections


def merge_new_sections(
    row: dict[str, Any], item: ImportItem, shard: StoreDB
) -> dict[str, Any] | None:
    """Append the sections of item whose keys the briefing lacks; the new row, or None.

    A key is `id<TAB>digest`: an item is known when either its id (a feed's guid or link)
    or the digest of its content was seen before. Existing sections keep their ids.
    """
    if not item.keys or item.parsed is None:
        return None
    seen: set[str] = set()
    for key in row.get("item_keys") or ():
        seen.update(part for part in key.split("\t") if part)
    fresh = [
        (key, ps)
        for key, ps in zip(item.keys, item.parsed.sections, strict=False)
        if not any(part in seen for part in key.split("\t") if part)
    ]
    if not fresh:
        return None
    briefing_id = row["id"]
    stored = shard.storage.read() or {}
    old = [Section.from_dict(r) for r in (stored.get("sections") or {}).values()]
    old.sort(key=lambda s: s.order)
    start = max((s.order for s in old), default=0)
    new = [section_of(ps, briefing_id, start + n) for n, (_, ps) in enumerate(fresh, start=1)]
    grown = dict(row)
    grown.pop("sections", None)
    grown["section_count"] = len(old) + len(new)
    grown["item_keys"] = [*(row.get("item_keys") or ()), *(k for k, _ in fresh)]
    grown["imported_at"] = now_stamp()
    grown["new_from"] = start  # the sections after it are what this import brought
    write_shard(shard, grown, [*old, *new])
    home = Path(shard.storage.path).parent.parent  # type: ignore[attr-defined]
    write_heads(home, briefing_id, heads_stamp(grown), [head_row(s) for s in [*old, *new]])
    return grown
