"""What an import brought to the watches: each watch's matching sections in the new briefings.

Only the sections of the briefings given are searched (their ordinals in the index), never
the whole library, so the cost follows the size of the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.analysis.grown import brought, new_from
from store.analysis.watches import Watch, list_watches


@dataclass(frozen=True, slots=True)
class WatchNews:
    """A watch and its matching sections among some briefings (those an import brought)."""

    watch: Watch
    sections: tuple[str, ...]

    @property
    def new(self) -> int:
        """How many of those sections match."""
        return len(self.sections)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the `watches` rows of `briefing import --json`."""
        w = self.watch
        return {"name": w.name, "query": w.query, "new": self.new, "sections": list(self.sections)}


def new_matches(
    lib: Any, briefing_ids: list[str], watches: list[Watch] | None = None
) -> list[WatchNews]:
    """Each watch's matching sections in these briefings, searched in their sections only."""
    from store.search.corpus import Corpus

    watches = list_watches(lib) if watches is None else watches
    if not watches or not briefing_ids:
        return [WatchNews(w, ()) for w in watches]
    corpus = Corpus(lib)
    ids = [bid for bid in dict.fromkeys(briefing_ids) if bid in corpus.sizes]
    starts = {bid: new_from(lib, bid) for bid in ids}  # a grown feed brought its added sections
    out = []
    for watch in watches:
        sections: tuple[str, ...] = ()
        if ids:
            try:
                found = corpus.match(watch.query, ids, count_hits=False)
            except ValueError:
                found = None  # a query that no longer parses matches nothing
            if found is not None:
                sections = tuple(
                    sid
                    for bid in ids
                    for sid in brought((m.section_id for m in found.in_briefing(bid)), starts[bid])
                )
        out.append(WatchNews(watch, sections))
    return out
