"""The public search calls: search a library, find hits in one section."""

from __future__ import annotations

from collections import Counter, namedtuple
from collections.abc import Callable
from functools import cached_property
from itertools import compress, count, repeat

from pyroaring import BitMap

from store.errors import StoreCorrupt
from store.search import engine, index
from store.search.fieldedits import FieldEdits
from store.search.fields import META_FIELDS, HitSpan, field_texts, source_fields
from store.search.hits import folded_hits, occurrences, spans_for, to_source
from store.search.normalise import fold, is_latin_word, source_offsets, unfold
from store.search.postings import SEP
from store.search.query import Clause, Query, Term, parse
from store.search.segfile import SegmentDamaged
from store.search.snippet import make_snippet

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from store.models import Section


class SearchHit:
    """One matching section: where its first hit is, a snippet, and every hit position."""

    # A plain class (its positions are worked out on first use, and kept): a search process
    # loads no dataclasses.
    def __init__(
        self,
        briefing_id: str,
        section_id: str,
        headline: str,
        block: int | None,
        snippet: str,
        spans: tuple[tuple[int, int], ...],
        hits: int,
        score: float,
        via: str,
        blocks: int | None = None,  # how many blocks the section has (None: not known)
        rebuild: Callable[[], tuple[list[Any], list[tuple[int, int, int]]]] | None = None,
        ordinal: int | None = None,  # the section's place in the index the search read
    ) -> None:
        self.briefing_id = briefing_id
        self.section_id = section_id
        self.headline = headline
        self.block = block
        self.snippet = snippet
        self.spans = spans
        self.hits = hits
        self.score = score
        self.via = via
        self.blocks = blocks
        self._rebuild = rebuild
        self.ordinal = ordinal

    def _key(self) -> tuple[Any, ...]:
        return (
            *(self.briefing_id, self.section_id, self.headline, self.block, self.snippet),
            *(self.spans, self.hits, self.score, self.via, self.blocks),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SearchHit) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"SearchHit({self.section_id!r}, block={self.block!r}, hits={self.hits!r})"

    @cached_property
    def positions(self) -> tuple[HitSpan, ...]:
        """Every hit in the section, in source offsets and reading order (computed on use)."""
        fields, folded = self._rebuild() if self._rebuild is not None else ([], [])
        return tuple(to_source(fields, folded))

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `briefing search --json`."""
        return {
            "briefing_id": self.briefing_id,
            "section_id": self.section_id,
            "headline": self.headline,
            "block": self.block,
            "snippet": self.snippet,
            "spans": [list(s) for s in self.spans],
            "hits": self.hits,
            "score": self.score,
            "via": self.via,
        }


# A named tuple made by collections: typing.NamedTuple compiles each field's annotation text
# when the class is made, which every search process would pay.
class SearchResults(
    namedtuple("SearchResults", "query total hits via clauses", defaults=("text", ()))
):
    """How many sections match, the best of them, and the terms as searched."""

    __slots__ = ()
    query: str
    total: int
    hits: tuple[SearchHit, ...]
    via: str
    clauses: tuple[Clause, ...]

    def terms(self) -> list[str]:
        """The folded strings searched for (pinyin readings included)."""
        return [t.folded for c in self.clauses for t in c.terms]

    def find_in(self, section: Section) -> list[HitSpan]:
        """Every hit of this search in a section (for highlighting and n/N)."""
        return spans_for(section, self.clauses)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `briefing search --json`."""
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits]}


def allowed_ordinals(view: index.View, query: Query, briefing_id: str | None) -> BitMap | None:
    """Ordinals of the briefings the query and the caller allow (None: all)."""
    if not (briefing_id or query.briefings or query.not_briefings):
        return None
    out = BitMap()
    for bid, info in view.manifest.briefings.items():
        if briefing_id and not bid.startswith(briefing_id):
            continue
        title = fold(info.get("title") or "")
        names = (bid, title)
        if query.briefings and not all(any(v in n for n in names) for v in query.briefings):
            continue
        if any(any(v in n for n in names) for v in query.not_briefings):
            continue
        out |= BitMap(range(info["first"], info["first"] + info["count"]))
    return out


def search(
    lib: Any,
    query: str | Query,
    *,
    limit: int = 20,
    briefing_id: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SearchResults:
    """Search every section of the library (or one briefing); raises QueryError for bad input.

    When the index must first be built (or rebuilt after damage), `progress(done, total)`
    hears of each briefing indexed.
    """
    parsed = query if isinstance(query, Query) else parse(query)
    if parsed.empty:
        return SearchResults(parsed.raw, 0, ())
    view = index.ready(lib, progress)
    for _ in range(index.TRIES):
        try:
            return _search(view, parsed, limit, briefing_id)
        except SegmentDamaged as exc:
            # A chunk failed its check as it was read: nothing of it was used; its briefings
            # are indexed again and the search runs on the new view.
            view = index.recover(lib, exc)
    raise StoreCorrupt(
        lib.home / index.FOLDER, "keeps failing its checks; run briefing doctor --repair"
    )


def _search(view: index.View, parsed: Query, limit: int, briefing_id: str | None) -> SearchResults:
    allowed = allowed_ordinals(view, parsed, briefing_id)
    total, top = engine.run(view, parsed, allowed, limit)
    via = "text"
    if total == 0:
        expanded = engine.expand_pinyin(view, parsed)
        if expanded is not None:
            parsed, via = expanded, "pinyin"
            total, top = engine.run(view, parsed, allowed, limit)
    hits = [_result(s, parsed.clauses, via) for s in top]
    return SearchResults(parsed.raw, total, tuple(hits), via, parsed.clauses)


def _result(scored: engine.Scored, clauses: tuple[Clause, ...], via: str) -> SearchHit:
    """A result built from the text kept in the index (the store is not opened)."""
    seg, slot = scored.segment, scored.slot
    folded_fields = scored.text.split(SEP)
    # Parsed only as far as the fields turned back (the headline and the block shown).
    edits = FieldEdits(seg, slot)

    def source(i: int) -> str:
        entry = edits.of(i)
        return folded_fields[i] if entry is None else unfold(folded_fields[i], entry[1:])

    # Hits are found in the folded fields; only the fields shown are turned back into source.
    terms = [t for c in clauses for t in c.terms]
    folded: list[tuple[int, int, int]] | None = None
    if len(terms) == 1 and terms[0].field is None:
        # One plain term never overlaps itself: counting is enough until positions are asked.
        needle = terms[0].folded
        counts = list(map(str.count, folded_fields, repeat(needle)))
        hits = sum(counts)
        # The first block with a hit, else the first field with one (found in C).
        at = next(compress(count(len(META_FIELDS)), counts[len(META_FIELDS) :]), None)
        if at is None:
            at = next(compress(count(), counts), None)
        mine = [] if at is None else [(at, s, e) for s, e in occurrences(folded_fields[at], needle)]
    else:
        folded = folded_hits(list(source_fields(folded_fields)), clauses, folded_fields)
        hits = len(folded)
        first = next((h for h in folded if h[0] >= len(META_FIELDS)), folded[0] if folded else None)
        at = None if first is None else first[0]
        mine = [h for h in folded if h[0] == at]

    def rebuild() -> tuple[list[Any], list[tuple[int, int, int]]]:
        every = folded
        if every is None:
            every = folded_hits(list(source_fields(folded_fields)), clauses, folded_fields)
        return list(source_fields([source(i) for i in range(len(folded_fields))])), every

    text = ""
    spans: list[tuple[int, int]] = []
    block = None
    if at is not None:
        block = at - len(META_FIELDS) if at >= len(META_FIELDS) else None
        text = source(at)
        entry = edits.of(at)
        moves = entry[1:] if entry is not None else ()
        # One walk over the field's edits for every start and last character, in order.
        where = source_offsets(moves, [x for _i, s, e in mine for x in (s, e - 1)])
        spans = [(where[k], where[k + 1] + 1) for k in range(0, len(where), 2)]
        # Only the neighbourhood of the first hit can reach the snippet.
        cut = max(0, spans[0][0] - 45)
        text = text[cut : spans[0][0] + 100]
        spans = [(a - cut, b - cut) for a, b in spans if a >= cut and b <= cut + len(text)]
    snip = make_snippet(text, spans)
    return SearchHit(
        briefing_id=scored.briefing_id,
        section_id=scored.section_id,
        headline=source(1),
        block=block,
        snippet=snip.text,
        spans=snip.spans,
        hits=hits,
        score=scored.score,
        via=via,
        blocks=len(folded_fields) - len(META_FIELDS),
        rebuild=rebuild,
        ordinal=scored.ordinal,
    )


def find_in_section(section: Section, query: str | Query) -> list[HitSpan]:
    """Every hit of a query in one section, in reading order (pinyin read if text fails)."""
    parsed = query if isinstance(query, Query) else parse(query)
    spans = spans_for(section, parsed.clauses)
    if spans or not any(is_latin_word(t.folded) for t in parsed.positive_terms()):
        return spans
    from store.search import pinyin  # only a section the text did not match needs it

    folded = "".join(fold(text) for _f, _b, text in field_texts(section))
    table = pinyin.by_syllable(set(folded))
    grams = Counter(folded)
    grams.update(folded[i : i + 2] for i in range(len(folded) - 1))
    clauses = []
    for clause in parsed.clauses:
        terms = list(clause.terms)
        for t in clause.terms:
            if is_latin_word(t.folded):
                for han in pinyin.expand(t.folded, table, grams.__getitem__):
                    terms.append(Term(t.text, han, t.field, t.phrase, via="pinyin"))
        clauses.append(Clause(tuple(terms)))
    return spans_for(section, tuple(clauses))
