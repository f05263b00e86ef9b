"""Keeping the index in step with the library: a full check, or one import or delete."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from store.errors import BriefingError
from store.paths import catalog_stamp
from store.search import postings
from store.search.folder import IndexHandle
from store.search.manifest import Manifest, ManifestDamaged, View

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from store.models import Section

    # Briefing id -> (its catalog row, its sections' records), folded by an import.
    Made = dict[str, tuple[dict[str, Any], list[postings.Record]]]
    # The catalog's stamps just before and just after each change an update applies.
    Changes = Sequence[tuple[list[int], list[int]]]

BATCH = 32768  # sections per new segment when many briefings arrive at once
# Only segments smaller than this are merged while applying a change, so an import of one
# briefing costs milliseconds; bigger merges wait for a full sync or a batch import.
QUICK_CAP = 1024

Progress = Callable[[int, int], None]


def _row(b: Any) -> dict[str, Any]:
    return {
        "content_hash": b.content_hash,
        "imported_at": b.imported_at,
        "date": b.date,
        "title": b.title,
    }


def _changed(info: dict[str, Any], b: Any) -> bool:
    return info.get("hash") != b.content_hash or info.get("imported_at") != b.imported_at


def full_sync(
    lib: Any, h: IndexHandle, progress: Progress | None = None, made: Made | None = None
) -> View:
    """Check the whole catalog against the index and bring it in step (under the lock).

    A damaged or missing segment costs only the briefings it held; a manifest that fails
    its checks, everything. `progress(done, total)` hears of each briefing indexed. `made`
    gives the records of briefings an import folded already, which are not read again.
    """
    catalog = catalog_stamp(lib.home)  # before reading: a later change is seen
    man = h.read_manifest()
    bad: list[str] = []
    if man is not None:
        bad = h.unreadable(man)
        if bad:
            man.forget_segments(
                bad, [h.segment(s["name"]) for s in man.segments if s["name"] not in bad]
            )
        try:
            man.agrees_with([h.segment(s["name"]) for s in man.segments])
        except ManifestDamaged:
            man = None
    fresh = man is None
    if man is None:
        man = h.start_over()
    elif not bad and man.briefings and catalog_rows(lib) == _rows_of(man):
        # The catalog changed only in ways the index already holds (its own upkeep ran).
        man.catalog = catalog
        view = h.write_manifest(man)
        view.checked = True
        return view
    want = {b.id: b for b in lib.briefings()}
    for bid in [
        bid for bid, info in man.briefings.items() if bid not in want or _changed(info, want[bid])
    ]:
        man.drop_briefing(bid)
    batch: list[postings.Record] = []
    first = man.next_ord
    missing = [bid for bid in want if bid not in man.briefings]
    made = {
        bid: got for bid, got in (made or {}).items() if bid in want and _same(got[0], want[bid])
    }
    for done, (bid, recs) in enumerate(_records_of(lib, missing, made)):
        if progress is not None:
            progress(done, len(missing))
        man.add_briefing(bid, man.next_ord + len(batch), recs, _row(want[bid]))
        batch.extend(recs)
        if len(batch) >= BATCH:
            h.add_segment(man, first, batch)
            batch, first = [], man.next_ord
    if batch:
        h.add_segment(man, first, batch)
    h.compact(man)
    man.catalog = catalog
    view = h.write_manifest(man, fold=fresh)
    view.checked = True
    return view


def agrees(lib: Any, man: Manifest) -> bool:
    """Whether the manifest lists exactly the catalog's briefings (True if it cannot tell).

    By id alone: the writer that stamped the manifest with the catalog compared their
    content hashes and import times too; this guards a reader against a manifest that lost
    or gained a briefing without reading every row's hash.
    """
    ids = catalog_ids(lib)
    return ids is None or ids == man.briefings.ids()


def _rows_of(man: Manifest) -> dict[str, tuple[Any, Any]]:
    return man.briefings.stamps()


def _same(row: dict[str, Any], b: Any) -> bool:
    return row.get("content_hash") == b.content_hash and row.get("imported_at") == b.imported_at


def _records_of(
    lib: Any, ids: list[str], made: Made
) -> Iterator[tuple[str, list[postings.Record]]]:
    """(briefing id, records) for each id: folded by the import already, or read and folded."""
    for bid in ids:
        if bid in made:
            yield bid, made[bid][1]
    for bid, sections in _sections_of(lib, [bid for bid in ids if bid not in made]):
        yield bid, [postings.record(s) for s in sections]


def apply(
    lib: Any,
    h: IndexHandle,
    added: list[str],
    removed: list[str],
    made: Made | None = None,
    changes: Changes = (),
    catch_up: bool = True,
) -> None:
    """Append the added briefings as a segment and mark the removed ones deleted (under the lock).

    `changes` are the catalog's stamps around each change these briefings are all of (in
    order, see `Catalog.take_change`): when the manifest's catalog stamp is the first's
    before, it moves along them, so the next search trusts the index as it stands. Otherwise
    the manifest keeps the stamp it had, and the next search checks the whole catalog
    against the index (cheap when nothing is missing) and repairs anything missed.
    A missing or damaged index is built or mended here, or (without `catch_up`) left to
    the next search.
    """
    man = h.read_manifest()
    if man is None or h.unreadable(man):
        if catch_up:
            full_sync(lib, h, made=made)
        return
    made = made or {}
    for bid in [*removed, *added]:
        man.drop_briefing(bid)
    first, recs = man.next_ord, []
    whole = True
    for bid in dict.fromkeys(added):
        if bid in made:
            row, got = made[bid]
        else:
            row, sections = _read(lib, bid)
            if row is None or not sections:
                whole = False
                continue  # left to the next full check
            got = [postings.record(s) for s in sections]
        man.add_briefing(bid, first + len(recs), got, row)
        recs.extend(got)
    if recs:
        h.add_segment(man, first, recs)
    # A big import may wait for merges in proportion to its size; one briefing never.
    h.compact(man, cap=max(QUICK_CAP, 2 * len(recs)), purge=False)
    if whole:
        man.catalog = followed(man.catalog, changes, catalog_stamp(lib.home))
    h.write_manifest(man)


def followed(stamp: Any, changes: Changes, now: list[int]) -> Any:
    """The catalog stamp an index holds after applying these changes: moved along each change
    that starts where it stands, and only when the last ends at the catalog as it is `now`
    (otherwise the stamp it had, which a search checks against the catalog)."""
    if not stamp:
        return stamp  # an index never checked against the catalog stays so
    moved = stamp
    for before, after in changes:
        if moved != before:
            return stamp
        moved = after
    return moved if moved == now else stamp


def can_apply(lib: Any) -> bool:
    """Whether a change can be applied briefing by briefing (the library reads one file)."""
    return _shard_reader(lib) is not None


def _shard_reader(lib: Any) -> Any:
    return getattr(lib, "shard", None)


def catalog_rows(lib: Any) -> dict[str, tuple[Any, Any]] | None:
    """Id, content hash and import time of every briefing, read from the catalog's rows.

    Cheaper than lib.briefings(); None when the library has no catalog of rows to read or
    its rows look unexpected.
    """
    state = getattr(getattr(lib, "catalog", None), "state", None)
    if state is None:
        return None
    try:
        rows = state().values()
        return {r["id"]: (r.get("content_hash"), r.get("imported_at")) for r in rows}
    except (AttributeError, KeyError, TypeError, ValueError, OSError, BriefingError):
        return None


def catalog_ids(lib: Any) -> set[str] | None:
    """The id of every briefing of the catalog; None when the library has no catalog of rows."""
    state = getattr(getattr(lib, "catalog", None), "state", None)
    if state is None:
        return None
    try:
        return set(state())
    except (TypeError, ValueError, OSError, BriefingError):
        return None


def _sections_of(lib: Any, ids: list[str]) -> Iterator[tuple[str, list[Any]]]:
    """(briefing id, sections) for each id, in the library's order."""
    if len(ids) <= 2:
        for bid in ids:
            yield bid, list(lib.iter_sections(bid))
        return
    # One pass over the whole library beats asking briefing by briefing.
    wanted = set(ids)
    current: str | None = None
    group: list[Any] = []
    for section in lib.iter_sections():
        if section.briefing_id not in wanted:
            continue
        if section.briefing_id != current:
            if current is not None:
                yield current, group
            current, group = section.briefing_id, []
        group.append(section)
    if current is not None:
        yield current, group


def _read(lib: Any, bid: str) -> tuple[dict[str, Any] | None, list[Section]]:
    """A briefing's own row and sections, read from its section file alone."""
    from store.models import Section

    try:
        shard = lib.shard(bid)
        rows = shard.table("briefing").all()
        sections = sorted(shard.table("sections").all(), key=lambda r: r.get("order", 0))
        return (dict(rows[0]) if rows else None), [Section.from_dict(r) for r in sections]
    except (OSError, KeyError, TypeError, ValueError, AttributeError, BriefingError):
        # Any trouble with the file: the next full check reads the catalog instead.
        return None, []
