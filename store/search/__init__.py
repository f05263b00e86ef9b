"""Chinese keyword search over a library: folding, query language, n-gram index, ranking."""

from store.search.api import SearchHit, SearchResults, find_in_section, search
from store.search.fields import HitSpan, block_text, byline_text
from store.search.index import rebuild, register, update_index
from store.search.normalise import fold
from store.search.query import Query, QueryError, parse

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
