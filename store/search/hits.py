"""Finding every hit of a parsed query inside one section, in source offsets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from store.search.fields import HitSpan, field_texts
from store.search.normalise import fold, fold_with_map, source_span
from store.search.query import Clause, Query, Term

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from store.models import Section


def _applies(term: Term, field: str) -> bool:
    """Whether a term may hit in a field (field filters limit it)."""
    if term.field is None:
        return True
    if term.field == "byline":
        return field == "byline"
    return term.field == field


def occurrences(folded: str, needle: str) -> list[tuple[int, int]]:
    """Non-overlapping occurrences of needle in folded, left to right."""
    out: list[tuple[int, int]] = []
    start = folded.find(needle)
    while start >= 0:
        out.append((start, start + len(needle)))
        start = folded.find(needle, start + len(needle))
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlaps joined."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def section_matches(section: Section, query: Query) -> bool:
    """Whether a section satisfies every clause and no exclusion (briefing filters aside)."""
    folded = [(f, fold(text)) for f, _b, text in field_texts(section)]

    def has(term: Term) -> bool:
        return any(_applies(term, f) and term.folded in text for f, text in folded)

    if any(has(t) for t in query.excluded):
        return False
    return all(any(has(t) for t in clause.terms) for clause in query.clauses)


def spans_for(section: Section, clauses: tuple[Clause, ...]) -> list[HitSpan]:
    """Every hit of the clauses' terms in the section, merged and in reading order."""
    return spans_in(field_texts(section), clauses)


def folded_hits(
    fields: list[tuple[str, int | None, str]],
    clauses: tuple[Clause, ...],
    folded_fields: list[str] | None = None,
) -> list[tuple[int, int, int]]:
    """(field index, start, end) of every merged hit, in folded offsets, reading order."""
    terms = [t for c in clauses for t in c.terms]
    out: list[tuple[int, int, int]] = []
    for i, (field, _block, text) in enumerate(fields):
        if not text:
            continue
        wanted = [t for t in terms if _applies(t, field)]
        if not wanted:
            continue
        folded = folded_fields[i] if folded_fields is not None else fold(text)
        found: list[tuple[int, int]] = []
        for term in wanted:
            found.extend(occurrences(folded, term.folded))
        out.extend((i, s, e) for s, e in _merge(found))
    return out


def to_source(
    fields: list[tuple[str, int | None, str]], hits: list[tuple[int, int, int]]
) -> list[HitSpan]:
    """Folded hits mapped back to source offsets (each field is mapped once)."""
    out: list[HitSpan] = []
    maps: dict[int, Sequence[int]] = {}
    for i, s, e in hits:
        field, block, text = fields[i]
        where = maps.get(i)
        if where is None:
            where = maps[i] = fold_with_map(text)[1]
        src_s, src_e = source_span(where, len(text), s, e)
        out.append(HitSpan(field, block, src_s, src_e))
    return out


def spans_in(
    fields: Iterable[tuple[str, int | None, str]],
    clauses: tuple[Clause, ...],
    folded_fields: list[str] | None = None,
) -> list[HitSpan]:
    """Every hit of the clauses' terms in (field, block, source text) triples."""
    listed = list(fields)
    return to_source(listed, folded_hits(listed, clauses, folded_fields))
