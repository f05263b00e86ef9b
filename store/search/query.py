"""The search query language: AND of terms, "phrases", -exclusions, a OR b, field filters."""

from __future__ import annotations

from collections import namedtuple

from store.search.normalise import fold

FIELDS = ("headline", "byline", "kicker", "briefing")
# Other names of a field: the concordance and trends narrow by `source:`, the briefing's title.
ALIASES = {"source": "briefing"}
_QUOTES = {'"', "\uff02"}
# Quotation marks a Chinese input method types: a word wholly inside a pair is a phrase, as
# in "...", while a pair inside a word (推动“一带一路”建设) is part of the text looked for.
_PAIRS = {"\u201c": "\u201d", "\u300c": "\u300d", "\u300e": "\u300f"}  # “” 「」 『』


class QueryError(ValueError):
    """A query that cannot be searched; the message is one line for the user."""


# A named tuple made by collections: typing.NamedTuple compiles each field's annotation text
# when the class is made, which every search process would pay.
class Term(namedtuple("Term", "text folded field phrase via", defaults=(None, False, "text"))):
    """One thing to look for: folded text, optionally limited to one field."""

    __slots__ = ()
    text: str
    folded: str
    field: str | None
    phrase: bool
    via: str


class Clause(namedtuple("Clause", "terms")):
    """Terms joined by OR; a section must match at least one of them."""

    __slots__ = ()
    terms: tuple[Term, ...]


class Query(
    namedtuple(
        "Query", "raw clauses excluded briefings not_briefings notes", defaults=((), (), (), (), ())
    )
):
    """A parsed query: every clause must match, no excluded term may match."""

    __slots__ = ()
    raw: str
    clauses: tuple[Clause, ...]
    excluded: tuple[Term, ...]
    briefings: tuple[str, ...]
    not_briefings: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """Whether there is nothing positive to look for."""
        return not self.clauses

    def positive_terms(self) -> list[Term]:
        """Every term that produces hits, in query order."""
        return [t for c in self.clauses for t in c.terms]

    def with_clauses(self, clauses: tuple[Clause, ...]) -> Query:
        """A copy with other clauses (used for pinyin expansion)."""
        return self._replace(clauses=clauses)


class _Token(namedtuple("_Token", "text negate field phrase is_or", defaults=(False,))):
    __slots__ = ()
    text: str
    negate: bool
    field: str | None
    phrase: bool
    is_or: bool


def _tokens(raw: str) -> list[_Token]:
    """Split the query into tokens; an unbalanced quote runs to the end."""
    out: list[_Token] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch.isspace():
            i += 1
            continue
        negate = False
        if ch == "-":
            negate = True
            i += 1
            if i >= n or raw[i].isspace():
                continue  # a lone '-' means nothing
        fld = None
        j = i
        while j < n and raw[j].isascii() and raw[j].isalpha():
            j += 1
        name = raw[i:j].lower()
        name = ALIASES.get(name, name)
        if j + 1 < n and raw[j] == ":" and name in FIELDS and not raw[j + 1].isspace():
            fld = name
            i = j + 1
        closer = _PAIRS.get(raw[i])
        if closer is not None:
            end = raw.find(closer, i + 1)
            if end > i and (end + 1 == n or raw[end + 1].isspace()):
                out.append(_Token(raw[i + 1 : end], negate, fld, True))
                i = end + 1
                continue
        if raw[i] in _QUOTES:
            end = i + 1
            while end < n and raw[end] not in _QUOTES:
                end += 1
            out.append(_Token(raw[i + 1 : end], negate, fld, True))
            i = end + 1
            continue
        end = i
        # A quote ends a bare word: `衡阳"` is the word 衡阳 and an empty, unclosed phrase.
        while end < n and not raw[end].isspace() and raw[end] not in _QUOTES:
            end += 1
        word = raw[i:end]
        i = end
        if word == "OR" and not negate and fld is None:
            out.append(_Token(word, False, None, False, is_or=True))
        else:
            out.append(_Token(word, negate, fld, False))
    return out


def parse(raw: str) -> Query:
    """Parse a query leniently; raises QueryError only when nothing positive is left to find."""
    raw = raw or ""
    groups: list[list[_Token]] = []
    joining = False
    for tok in _tokens(raw):
        if tok.is_or:
            joining = bool(groups) and not groups[-1][0].negate
            continue
        if joining and not tok.negate and groups:
            groups[-1].append(tok)
        else:
            groups.append([tok])
        joining = False

    clauses: list[Clause] = []
    excluded: list[Term] = []
    briefings: list[str] = []
    not_briefings: list[str] = []
    for group in groups:
        terms: list[Term] = []
        for tok in group:
            folded = fold(tok.text)
            if not folded:
                continue
            if tok.field == "briefing":
                (not_briefings if tok.negate else briefings).append(folded)
                continue
            term = Term(tok.text, folded, tok.field, tok.phrase)
            if tok.negate:
                excluded.append(term)
            else:
                terms.append(term)
        if terms:
            clauses.append(Clause(tuple(terms)))
    query = Query(raw, tuple(clauses), tuple(excluded), tuple(briefings), tuple(not_briefings))
    if not clauses and (excluded or briefings or not_briefings):
        raise QueryError("add a word to look for: a query cannot only exclude or filter")
    return query
