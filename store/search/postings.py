"""What the index keeps of a section: folded text, head length and edits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.models import Section
from store.search.fields import field_texts
from store.search.normalise import fold_edits

SEP = "\x1f"  # between fields; folding drops control characters, so no query contains it


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
