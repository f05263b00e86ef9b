"""What the index keeps of a section (folded text, head length, edits) and its gram bitmaps."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from operator import add
from typing import Any

from pyroaring import BitMap

from store.models import Section
from store.search.fields import field_texts
from store.search.normalise import fold_edits

SEP = "\x1f"  # between fields; folding drops control characters, so no query contains it
HEAD = "\x02"  # key prefix: the gram occurs in kicker, headline or deck
# Key prefix chr(0x10 + i): the gram occurs at least TIERS[i] times. Only the upper tiers are
# kept: they pick which of very many matches are worth scoring, and low tiers cost the most.
TIERS = (4, 16)


def tier_key(i: int, gram: str) -> str:
    """The key of the bitmap of sections holding `gram` at least TIERS[i] times."""
    return chr(0x10 + i) + gram


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
    """Bitmaps of ordinals for every gram, head gram and frequency tier of the texts."""
    lists: defaultdict[str, list[int]] = defaultdict(list)
    low = TIERS[0]
    for o, text, head_len in zip(ords, texts, heads, strict=True):
        if not text:
            continue
        counts = Counter(text)
        counts.update(map(add, text, text[1:]))
        for gram, n in counts.items():
            lists[gram].append(o)
            if n >= low:
                for i, threshold in enumerate(TIERS):
                    if n >= threshold:
                        lists[tier_key(i, gram)].append(o)
        head = text[:head_len]
        head_grams = set(head)
        head_grams.update(map(add, head, head[1:]))
        for gram in head_grams:
            lists[HEAD + gram].append(o)
    return {key: BitMap(values) for key, values in lists.items() if SEP not in key}
