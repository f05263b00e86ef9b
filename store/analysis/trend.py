"""Term trends: occurrences and sections mentioning a query, per day, week, month or year."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from store.analysis.periods import PERIODS, period_of, periods
from store.analysis.scope import Scope
from store.search.corpus import Corpus
from store.search.query import Query, parse

__all__ = ["PERIODS", "Point", "Series", "Trend", "period_of", "rate", "trend"]

PER = 10_000  # characters of text a rate is given per


def rate(occurrences: int, chars: int) -> float:
    """Occurrences per 10,000 characters (two decimals)."""
    return round(occurrences * PER / chars, 2) if chars else 0.0


@dataclass(frozen=True, slots=True)
class Point:
    """One period of a series: occurrences, sections mentioning, characters of text."""

    period: str
    occurrences: int
    sections: int
    chars: int

    def to_dict(self, per_10k: bool = False) -> dict[str, Any]:
        """The JSON shape of a point of `briefing trend --json`."""
        out: dict[str, Any] = {
            "period": self.period,
            "occurrences": self.occurrences,
            "sections": self.sections,
            "chars": self.chars,
        }
        if per_10k:
            out["per_10k"] = rate(self.occurrences, self.chars)
        return out


@dataclass(frozen=True, slots=True)
class Series:
    """One query over time; totals include briefings without a date (which have no point)."""

    query: str
    occurrences: int
    sections: int
    points: tuple[Point, ...]

    def to_dict(self, per_10k: bool = False) -> dict[str, Any]:
        """The JSON shape of a series of `briefing trend --json`."""
        return {
            "query": self.query,
            "occurrences": self.occurrences,
            "sections": self.sections,
            "points": [p.to_dict(per_10k) for p in self.points],
        }


@dataclass(frozen=True, slots=True)
class Trend:
    """Several queries counted over the same periods."""

    by: str
    periods: tuple[str, ...]
    series: tuple[Series, ...]
    briefings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def to_dict(self, per_10k: bool = False) -> dict[str, Any]:
        """The JSON shape of `briefing trend --json`."""
        return {"by": self.by, "series": [s.to_dict(per_10k) for s in self.series]}


def trend(
    lib: Any,
    queries: list[str | Query],
    *,
    by: str = "month",
    scope: Scope | None = None,
    corpus: Corpus | None = None,
) -> Trend:
    """Count each query per period over the briefings in scope (periods with text only)."""
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}")
    corpus = corpus or Corpus(lib)
    scope = scope or Scope()
    ids = scope.briefing_ids(lib, corpus)
    table = periods(corpus, by, ids)
    names, chars = table.names, table.chars
    firsts, lasts = list(table.firsts), list(table.lasts)
    series = []
    for query in queries:
        parsed = query if isinstance(query, Query) else parse(query)
        matches = corpus.match(parsed, ids)
        occ = dict.fromkeys(names, 0)
        secs = dict.fromkeys(names, 0)
        for p, (n_sections, n_hits) in zip(table.runs, matches.between(firsts, lasts), strict=True):
            occ[p] += n_hits
            secs[p] += n_sections
        points = tuple(Point(p, occ[p], secs[p], chars[p]) for p in names)
        series.append(Series(parsed.raw, matches.hits, matches.sections, points))
    return Trend(by, names, tuple(series), dict(table.members))
