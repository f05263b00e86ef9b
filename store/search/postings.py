"""What the index keeps of a section (folded text, head length, edits) and its gram bitmaps."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from itertools import repeat
from operator import add
from typing import Any

from pyroaring import BitMap

from store.models import Section
from store.search.fields import field_texts
from store.search.normalise import fold_edits

SEP = "\x1f"  # between fields; folding drops control characters, so no query contains it
HEAD = "\x02"  # key prefix: the gram occurs in kicker, headline or deck


@dataclass(frozen=True, slots=True)
class Record:
    """A section as the index keeps it: id, folded fields joined by SEP, edits to the source."""

    id: str
    text: str
    head_len: int
    edits: list[Any]


def record(section: Section) -> Record:
    """Fold a section's fields for indexing, keeping what gives the source text back."""
    folded: list[str] = []
    edits: list[Any] = []
    for i, (_f, _b, text) in enumerate(field_texts(section)):
        f, e = fold_edits(text)
        folded.append(f)
        if e:
            edits.append([i, *e])
    head_len = len(folded[0]) + len(folded[1]) + len(folded[2]) + 2
    return Record(section.id, SEP.join(folded), head_len, edits)


def postings(ords: list[int], texts: list[str], heads: list[int]) -> dict[str, BitMap]:
    """Bitmaps of ordinals for every gram and head gram of the texts."""
    lists: defaultdict[str, list[int]] = defaultdict(list)
    slot, append = lists.__getitem__, list.append
    for o, text, head_len in zip(ords, texts, heads, strict=True):
        if not text:
            continue
        grams = set(text)
        grams.update(map(add, text, text[1:]))
        # C-level loops: one list append per (gram, section) without Python bytecode.
        deque(map(append, map(slot, grams), repeat(o)), 0)
        head = text[:head_len]
        grams = set(head)
        grams.update(map(add, head, head[1:]))
        deque(map(append, map(slot, map(add, repeat(HEAD), grams)), repeat(o)), 0)
    return {key: BitMap(values) for key, values in lists.items() if SEP not in key}
