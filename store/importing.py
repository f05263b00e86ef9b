"""Storing parsed briefings: one shard write per briefing and one catalog write per batch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.errors import ImportFailure
from store.models import ParsedBriefing, Section
from store.schema import META_TABLE, SCHEMA_VERSION
from store.userdata import now_iso

if TYPE_CHECKING:
    from store.library import ImportResult, Library

PARSER_VERSION = 1


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One decoded text to import, with where it came from and optional metadata."""

    text: str
    origin: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def import_many(
    library: Library, items: Iterable[ImportItem], *, replace: bool = False
) -> list[ImportResult | ImportFailure]:
    """Import several texts under one catalog lock and one catalog write.

    Each item gets an ImportResult, or the ImportFailure that stopped it; one bad text does
    not stop the others. Importing a thousand files costs one catalog rewrite, not a thousand.
    """
    from store.library import ImportResult, briefing_from_row, content_hash

    results: list[ImportResult | ImportFailure] = []
    added: list[str] = []
    catalog = library.catalog
    with catalog.transaction():
        data = catalog.storage.read() or {}
        table: dict[str, dict[str, Any]] = data.setdefault("briefings", {})
        keys = {row.get("id"): key for key, row in table.items()}
        seq = max((int(r.get("seq", 0)) for r in table.values()), default=0)
        next_key = max((int(k) for k in table), default=0)
        for item in items:
            digest = content_hash(item.text)
            briefing_id = digest[:10]
            existing = table.get(keys[briefing_id]) if briefing_id in keys else None
            if existing is not None and not replace:
                results.append(ImportResult(briefing_from_row(existing), "exists", item.origin))
                continue
            try:
                from store.ingest import parse

                parsed = parse(item.text)
            except ImportFailure as exc:
                results.append(exc)
                continue
            if existing is None:
                seq += 1
            row_seq = existing.get("seq", seq) if existing is not None else seq
            row, sections = build_rows(parsed, briefing_id, digest, item, row_seq)
            write_shard(library, briefing_id, row, sections)
            if briefing_id not in keys:
                next_key += 1
                keys[briefing_id] = str(next_key)
            table[keys[briefing_id]] = row
            added.append(briefing_id)
            status = "replaced" if existing is not None else "imported"
            results.append(ImportResult(briefing_from_row(row), status, item.origin))
        if added:
            catalog.storage.write(data)
    if added:
        library._notify(added, [])
    return results


def write_shard(
    library: Library, briefing_id: str, row: dict[str, Any], sections: list[Section]
) -> None:
    """Write a briefing's section file in one go, keeping its own row beside its sections.

    The row lets `briefing doctor --repair` rebuild a lost catalog from the section files.
    """
    shard = library._shard(briefing_id)
    own = {k: v for k, v in row.items() if k != "sections"}
    with shard.transaction():
        shard.storage.write(
            {
                META_TABLE: {"1": {"schema": SCHEMA_VERSION}},
                "briefing": {"1": own},
                "sections": {str(n): s.to_dict() for n, s in enumerate(sections, 1)},
            }
        )


def build_rows(
    parsed: ParsedBriefing, briefing_id: str, digest: str, item: ImportItem, seq: int
) -> tuple[dict[str, Any], list[Section]]:
    """The catalog row and the sections of a parsed briefing."""
    sections = [
        Section(
            id=f"{briefing_id}-{n}",
            briefing_id=briefing_id,
            order=n,
            headline=ps.headline,
            kicker=ps.kicker,
            deck=ps.deck,
            byline=ps.byline,
            dateline=ps.dateline,
            blocks=ps.blocks,
            date=ps.date,
        )
        for n, ps in enumerate(parsed.sections, start=1)
    ]
    meta, origin = item.meta, item.origin
    title = meta.get("title") or parsed.title or (Path(origin).stem if origin else briefing_id)
    row = {
        "id": briefing_id,
        "title": title,
        "date": meta.get("date") or parsed.date,
        "date_inferred": bool(meta.get("date_inferred", False)),
        "source": meta.get("source") or parsed.source,
        "language": meta.get("language") or "zh-Hans",
        "content_hash": digest,
        "imported_at": now_iso(),
        "origin": origin,
        "seq": seq,
        "parser_version": PARSER_VERSION,
        "sections": [head_row(s) for s in sections],
    }
    return row, sections


def head_row(section: Section) -> dict[str, Any]:
    """A section head as kept in the catalog."""
    data = section.head().to_dict()
    data["briefing_id"] = section.briefing_id
    data["order"] = section.order
    return data
