"""UTF-16 units and bigram codes: what the index's segments are keyed by, for the queries
that read them and the builder that writes them (`grams`, which names these too).

A section longer than LONG units has no places: queries scan its text instead. LONG leaves
PHRASE units of room below 65536, so a shift by less than PHRASE never carries a place of a
positioned section into the next local index; longer needles are scanned for. Between
sections lies a SEP, which no query holds, so no phrase crosses sections or fields.
"""

from __future__ import annotations

from array import array

SEP = "\x1f"
SEP_UNIT = 0x1F
UNIT = 1 << 16  # one step of local index in a place; a segment holds at most this many
PHRASE = 1024  # needles of at most this many units are answered from places alone
LONG = 0xFFFF - PHRASE  # sections with more units than this are scanned, not positioned


def encode(text: str) -> bytes:
    """UTF-16-LE units of a text (lone surrogates kept, so any str round-trips)."""
    return text.encode("utf-16-le", "surrogatepass")


def term_units(folded: str) -> array:
    """The UTF-16 units of a folded term."""
    out = array("H")
    out.frombytes(encode(folded))
    return out


def pair(first: int, second: int) -> int:
    """The code of a bigram of two units."""
    return first | second << 16


def cover(n: int) -> list[int]:
    """Offsets of bigrams that cover a term of n >= 2 units: 0, 2, 4, ..., and n - 2."""
    offsets = list(range(0, n - 1, 2))
    if offsets[-1] != n - 2:
        offsets.append(n - 2)
    return offsets
