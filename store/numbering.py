"""The numbers a user sees for the blocks of a section: ¶ 1, ¶ 2, …, caption 1, table 1.

Paragraphs are counted on their own, 1-based, as the reader's status line counts them; a
cross-head, photo caption or table is named by its type and its own 1-based count. Stored data
and JSON keep the 0-based block index; these labels are what every display, option and text
output uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from store.models import Block

# One letter per block type, so a section's shape fits in a short string kept with a mark.
_LETTERS = {"paragraph": "p", "heading": "h", "caption": "c", "table": "t"}
_NAMES = {"h": "heading", "c": "caption", "t": "table"}


@cache
def _ref() -> re.Pattern[str]:
    # Compiled on first use: a case-blind pattern costs more than a millisecond to compile,
    # and the reader's first frame numbers blocks without ever reading a place typed in.
    return re.compile(r"^\s*(¶|p|paragraph|h|heading|c|caption|t|table)?\s*(\d+)\s*$", re.I)


def block_kinds(blocks: Iterable[Block]) -> str:
    """A section's shape: one letter per block (p paragraph, h heading, c caption, t table)."""
    return type_letters(b.type for b in blocks)


def type_letters(types: Iterable[str]) -> str:
    """The shape of a section from its blocks' type names."""
    return "".join(_LETTERS.get(t, "p") for t in types)


def paragraph_number(kinds: str, index: int) -> int | None:
    """The 1-based paragraph number of block `index`, or None when it is not a paragraph."""
    if not 0 <= index < len(kinds) or kinds[index] != "p":
        return None
    return kinds.count("p", 0, index + 1)


def place(kinds: str, index: int | None) -> str:
    """What a user calls block `index`: `¶ 19`, `caption 1`, `whole section` for None."""
    if index is None:
        return "whole section"
    if not 0 <= index < len(kinds):
        # The section's shape is unknown (an old mark on a deleted briefing): count blocks.
        return f"block {index + 1}"
    letter = kinds[index]
    count = kinds.count(letter, 0, index + 1)
    return f"¶ {count}" if letter == "p" else f"{_NAMES[letter]} {count}"


def paragraphs_up_to(kinds: str, index: int) -> int:
    """Paragraphs up to and including block `index` (the ¶ a caption or table follows)."""
    return kinds.count("p", 0, max(0, index + 1))


def is_place(ref: str) -> bool:
    """Whether `ref` has the form of a place: `19`, `¶ 19`, `caption 1`, `t1`."""
    return _ref().match(ref) is not None


def parse_place(kinds: str, ref: str) -> int:
    """The block index a user means by `19`, `¶19`, `caption 1`, `t1`; ValueError if none."""
    match = _ref().match(ref)
    if not match:
        raise ValueError(
            f"{ref!r} is not a place in a section: give a paragraph number (¶ 3 is 3), "
            "or caption N, heading N, table N"
        )
    word, number = (match.group(1) or "p").lower(), int(match.group(2))
    letter = "p" if word in ("¶", "paragraph") else word[0]
    seen = 0
    for i, k in enumerate(kinds):
        if k == letter:
            seen += 1
            if seen == number:
                return i
    name = "¶" if letter == "p" else _NAMES[letter]
    have = kinds.count(letter)
    noun = ("paragraph" if letter == "p" else _NAMES[letter]) + ("" if have == 1 else "s")
    raise ValueError(f"there is no {name} {number} in this section (it has {have} {noun})")
