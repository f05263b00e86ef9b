"""Chinese keyword search over a library: folding, query language, n-gram index, ranking.

Names are loaded on first use: a process that only keeps the index in step (an import, a
delete) or only folds text never loads the query engine, ranking or snippets.
"""

from __future__ import annotations

import importlib

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from store.search.api import SearchHit, SearchResults, find_in_section, search
    from store.search.fields import HitSpan, block_text, byline_text
    from store.search.index import rebuild, register, update_index
    from store.search.normalise import fold
    from store.search.query import Query, QueryError, parse

# Each public name and the module that defines it.
_HOMES = {
    **dict.fromkeys(("SearchHit", "SearchResults", "find_in_section", "search"), "api"),
    **dict.fromkeys(("HitSpan", "block_text", "byline_text"), "fields"),
    **dict.fromkeys(("rebuild", "register", "update_index"), "index"),
    "fold": "normalise",
    **dict.fromkeys(("Query", "QueryError", "parse"), "query"),
}

__all__ = [
    "HitSpan",
    "Query",
    "QueryError",
    "SearchHit",
    "SearchResults",
    "block_text",
    "byline_text",
    "find_in_section",
    "fold",
    "parse",
    "rebuild",
    "register",
    "search",
    "update_index",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        # Not a public name: `from store.search import index` then imports the submodule.
        raise AttributeError(f"module 'store.search' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"store.search.{home}"), name)
    globals()[name] = value  # later lookups find it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
