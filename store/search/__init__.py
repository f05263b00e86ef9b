"""Chinese keyword search over a library: folding, query language, n-gram index, ranking."""

from store.search.fields import HitSpan, block_text, byline_text
from store.search.normalise import fold
from store.search.query import Query, QueryError, parse

__all__ = ["HitSpan", "Query", "QueryError", "block_text", "byline_text", "fold", "parse"]
