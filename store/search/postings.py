"""What the index keeps of a section: folded text, head length and edits."""

from __future__ import annotations

import zlib
from collections import namedtuple
from collections.abc import Iterator, Sequence

from store.search.fields import field_texts
from store.search.normalise import fold_edits, learn

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, overload

    from store.models import Section

SEP = "\x1f"  # between fields; folding drops control characters, so no query contains it
LEVEL = 1  # edit lists: inflating a few at a time, fast to write


# A named tuple made by collections: typing.NamedTuple compiles each field's annotation text
# when the class is made, which every search process would pay.
class Record(namedtuple("Record", "id text head_len edits")):
    """A section as the index keeps it: id, folded fields joined by SEP, packed edits to the
    source (`pack`), which travel between processes as one bytes object."""

    __slots__ = ()
    id: str
    text: str
    head_len: int
    edits: bytes


def record(section: Section) -> Record:
    """Fold a section's fields for indexing, keeping what gives the source text back."""
    folded: list[str] = []
    edits: list[Any] = []
    texts = [text for _f, _b, text in field_texts(section)]
    # Every new character of the section enters the fold table at once: one pass over its
    # text, and the pattern of changed characters is rebuilt at most once, not per field.
    learn("".join(texts))
    for i, text in enumerate(texts):
        f, e = fold_edits(text, learned=True)
        folded.append(f)
        if e:
            edits.append([i, *e])
    head_len = len(folded[0]) + len(folded[1]) + len(folded[2]) + 2
    return Record(section.id, SEP.join(folded), head_len, pack(edits))


class PackedRecords(Sequence[Record]):
    """A briefing's records as they cross process boundaries: one pickled bytes object,
    unpickled only where a record is read, with their count and ranking's length of text."""

    __slots__ = ("_records", "blob", "chars", "length")

    def __init__(self, blob: bytes, length: int, chars: int) -> None:
        """Records pickled as `blob` (see `packed`)."""
        self.blob, self.length, self.chars = blob, length, chars
        self._records: list[Record] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (PackedRecords, (self.blob, self.length, self.chars))

    def __len__(self) -> int:
        return self.length

    if TYPE_CHECKING:

        @overload
        def __getitem__(self, index: int) -> Record: ...
        @overload
        def __getitem__(self, index: slice) -> list[Record]: ...

    def __getitem__(self, index: int | slice) -> Record | list[Record]:
        return self.records()[index]

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records())

    def records(self) -> list[Record]:
        """The records themselves (unpickled once)."""
        if self._records is None:
            import pickle  # records travel between importing processes only: a search never

            self._records = pickle.loads(self.blob)
        return self._records


def packed(recs: list[Record]) -> PackedRecords:
    """Records packed to travel: the importing process hands them on without reading them."""
    import pickle  # (loaded by imports only: about a millisecond a search process would pay)

    out = PackedRecords(
        pickle.dumps(recs, protocol=pickle.HIGHEST_PROTOCOL),
        len(recs),
        sum(len(r.text) - r.text.count(SEP) for r in recs),
    )
    out._records = recs
    return out


def text_chars(recs: Sequence[Record]) -> int:
    """Ranking's length of the texts of these records (characters, SEPs not counted)."""
    if isinstance(recs, PackedRecords):
        return recs.chars
    return sum(len(r.text) - r.text.count(SEP) for r in recs)


def pack(edits: list[Any]) -> bytes:
    """One section's edits as stored: empty when none, zlib-compressed JSON when long."""
    if not edits:
        return b""
    import orjson  # (records are made by imports; a search only reads them)

    raw = orjson.dumps(edits)
    return b"z" + zlib.compress(raw, LEVEL) if len(raw) > 200 else raw
