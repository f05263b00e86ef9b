"""Text folding for search: width, case and script folded, whitespace dropped, offsets kept."""

from __future__ import annotations

import _thread
import re
import unicodedata
from collections.abc import Sequence
from itertools import accumulate, chain

from store.search.traditional import convertible, simplified_chars

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Bump when the folding changes so stored indexes are rebuilt.
FOLD_VERSION = 1

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}

# The lock threading.Lock gives, without loading threading (a search process needs none).
_lock = _thread.allocate_lock()
_converter: Any = None


def _t2s(text: str) -> str:
    """Traditional to Simplified, one character at a time so lengths stay predictable."""
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter.convert(text)


def to_simplified(text: str) -> str:
    """Traditional characters become Simplified (the text as it is when it has no Han)."""
    if not any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text):
        return text
    try:
        return _t2s(text)
    except Exception:  # the converter is optional for display; never fail a search on it
        return text


def _fold_char(ch: str) -> str:
    """The folded form of one source character ('' when it is dropped)."""
    if ch.isspace() or ch in _ZERO_WIDTH or unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
        return ""
    out = unicodedata.normalize("NFKC", ch).casefold()
    # Per character, so a phrase conversion never shifts the offsets of its neighbours: what
    # the converter makes of each character alone is a table, so folding never loads it.
    if not convertible().isdisjoint(out):
        table = simplified_chars()
        out = "".join(table.get(c, c) for c in out)
    return "".join(c for c in out if not c.isspace() and c not in _ZERO_WIDTH)


class _FoldTable(dict):
    """A str.translate table that fills itself on first sight of a character."""

    def __missing__(self, code: int) -> str | None:
        folded = _fold_char(chr(code))
        value = folded if folded else None
        ch = chr(code)
        with _lock:
            if value is None or len(value) != 1:
                _SPECIAL.add(ch)
            if value != ch:
                _CHANGED.add(ch)
            self[code] = value
            _KNOWN.add(ch)
        return value


# Characters that fold to nothing or to several characters (offsets shift around them).
_SPECIAL: set[str] = set()
# Characters seen so far, and those among them that folding changes: text made only of
# known, unchanged characters is its own folded form (set checks beat str.translate).
_KNOWN: set[str] = set()
_CHANGED: set[str] = set()
_TABLE = _FoldTable()
# Pure ASCII letters, digits and punctuation only need lower-casing: pre-fill them.
for _code in range(0x21, 0x7F):
    _TABLE[_code] = chr(_code).lower()
    _KNOWN.add(chr(_code))
    if chr(_code).lower() != chr(_code):
        _CHANGED.add(chr(_code))


def fold(text: str) -> str:
    """The folded form of text, as matched by search (NFKC, casefold, t2s, no whitespace)."""
    if _CHANGED.isdisjoint(text) and _KNOWN.issuperset(text):
        return text
    return text.translate(_TABLE)


def fold_with_map(text: str) -> tuple[str, Sequence[int]]:
    """The folded text and, for each of its characters, the index of its source character."""
    folded = fold(text)  # also enters every new character into the table
    if _SPECIAL.isdisjoint(text):
        return folded, range(len(text))  # one to one: the common case
    table = _TABLE
    pieces = {ch: table[ord(ch)] for ch in set(text)}
    if all(p is None or len(p) == 1 for p in pieces.values()):
        return folded, [i for i, ch in enumerate(text) if pieces[ch] is not None]
    where: list[int] = []
    for i, ch in enumerate(text):
        piece = pieces[ch]
        if piece:
            where.extend([i] * len(piece))
    return folded, where


def source_span(where: Sequence[int], text_len: int, start: int, end: int) -> tuple[int, int]:
    """Map the folded span [start, end) back to a span of the source text."""
    if start >= len(where):
        return text_len, text_len
    src_start = where[start]
    if end <= 0:
        return src_start, src_start
    last = where[end - 1]
    # The source span ends after the whole source character that produced the last folded one.
    return src_start, last + 1


def is_latin_word(text: str) -> bool:
    """Whether text is only ASCII letters (a candidate for a pinyin reading)."""
    return bool(text) and text.isascii() and text.isalpha()


_changed_re: tuple[int, re.Pattern[str]] | None = None


def _changed_pattern() -> re.Pattern[str]:
    """A regex matching runs of characters that folding changes (rebuilt as the set grows)."""
    global _changed_re
    made = _changed_re  # one read of the pair: each field of each section asks
    if made is not None and made[0] == len(_CHANGED):
        return made[1]
    with _lock:
        size = len(_CHANGED)
        if _changed_re is None or _changed_re[0] != size:
            chars = "".join(re.escape(c) for c in sorted(_CHANGED))
            # A group, so split() keeps the runs between the text around them.
            _changed_re = (size, re.compile(f"([{chars}]+)"))
        return _changed_re[1]


# A pattern finding a character outside a snapshot of the known ones: a search in C that is
# ten times quicker than a set's issuperset over a section's text. Compiling it costs about a
# microsecond per known character (thousands of them), so it is made again only once the texts
# it could not vouch for since it was made add up to KNOWN_RATIO characters per known
# character: checking them by set cost about as much as making the pattern again would.
# Real text keeps bringing rare characters, so a fixed count of such texts remade it ever
# more often as it grew. The first is made by the same rule, so a process adding a page or
# two checks them by set and never compiles it.
_known_re: re.Pattern[str] | None = None
_known_missed = 0  # characters of the texts it could not vouch for, since it was made
KNOWN_RATIO = 32


def learn(text: str) -> None:
    """Enter every character of text not seen yet into the fold table."""
    pattern = _known_re
    if pattern is not None and pattern.search(text) is None:
        return  # every character is in the snapshot, and known characters stay known
    _learn(text)
    _missed(len(text))


def _missed(size: int) -> None:
    """Count a text the known pattern could not vouch for; remake the pattern now and then."""
    global _known_re, _known_missed
    with _lock:
        _known_missed += size
        if _known_missed < KNOWN_RATIO * len(_KNOWN):
            return
        _known_missed = 0
        chars = "".join(re.escape(c) for c in sorted(_KNOWN))
    _known_re = re.compile(f"[^{chars}]")


def _learn(text: str) -> None:
    if _KNOWN.issuperset(text):
        return
    # Most new characters of a page are ideographs of the main block, which fold to
    # themselves or to what the converter makes of them (no compatibility form, no case):
    # they are entered at once rather than one by one through the table.
    plain = {c for c in set(text).difference(_KNOWN) if "\u4e00" <= c <= "\u9fff"}
    if plain:
        converted = plain.intersection(convertible())
        simple = simplified_chars()
        with _lock:
            _TABLE.update((ord(c), simple[c] if c in converted else c) for c in plain)
            _CHANGED.update(converted)
            _KNOWN.update(plain)
    if not _KNOWN.issuperset(text):
        text.translate(_TABLE)


# Runs of changed characters met so far and their folded forms: text repeats a few runs
# (punctuation, spaces) so often that each is folded once. Bounded, as text is open-ended.
_RUNS: dict[str, str] = {}
_RUNS_MAX = 1 << 16


def fold_edits(text: str, learned: bool = False) -> tuple[str, list[Any]]:
    """The folded text and the edits that give the source back (see unfold).

    `learned`: the caller passed text (or text holding it) through `learn` already.
    """
    if not learned:
        learn(text)  # the pattern below must know every character folding changes in it
    # Alternately text that folding keeps and runs that it changes, the first and last kept.
    parts = _changed_pattern().split(text)
    if len(parts) == 1:
        return text, []
    runs = parts[1::2]
    folded = list(map(_RUNS.get, runs))
    if None in folded:
        folded = [_fold_run(run) if f is None else f for run, f in zip(runs, folded, strict=True)]
    starts = list(accumulate(map(len, parts)))[0::2]
    # The folded length is stored so the source comes back even if folding changes later.
    edits = list(chain.from_iterable(zip(starts, runs, map(len, folded), strict=False)))
    parts[1::2] = folded
    out = "".join(parts)
    return (text, []) if out == text else (out, edits)


def _fold_run(run: str) -> str:
    folded = run.translate(_TABLE)
    if len(_RUNS) < _RUNS_MAX:
        _RUNS[run] = folded
    return folded


def unfold(folded: str, edits: Sequence[Any]) -> str:
    """The source text from its folded form and its edits: [source start, piece, folded len]*."""
    if not edits:
        return folded
    out: list[str] = []
    i = j = 0
    for k in range(0, len(edits), 3):
        start, piece, size = edits[k], edits[k + 1], edits[k + 2]
        run = start - i
        out.append(folded[j : j + run])
        out.append(piece)
        j += run + size
        i = start + len(piece)
    out.append(folded[j:])
    return "".join(out)


def source_offset(edits: Sequence[Any], j: int) -> int:
    """The source index of the character that produced folded character j (see unfold)."""
    i = f = 0
    for k in range(0, len(edits), 3):
        start, piece, size = edits[k], edits[k + 1], edits[k + 2]
        run = start - i
        if j < f + run:
            return i + (j - f)
        f += run
        if j < f + size:
            end = f
            for n, ch in enumerate(piece):
                end += len(fold(ch))
                if j < end:
                    return start + n
            return start + len(piece) - 1
        f += size
        i = start + len(piece)
    return i + (j - f)


def source_offsets(edits: Sequence[Any], offsets: Sequence[int]) -> list[int]:
    """source_offset of each of these ascending folded offsets, in one walk over the edits."""
    out: list[int] = []
    i = f = k = 0  # source and folded index where the run before edit k starts
    n = len(edits)
    for j in offsets:
        while k < n:
            start, piece, size = edits[k], edits[k + 1], edits[k + 2]
            if j < f + (start - i) + size:
                break
            f += start - i + size
            i = start + len(piece)
            k += 3
        if k >= n or j < f + (edits[k] - i):
            out.append(i + (j - f))
            continue
        start, piece = edits[k], edits[k + 1]
        end = f + (start - i)
        for m, ch in enumerate(piece):
            end += len(fold(ch))
            if j < end:
                out.append(start + m)
                break
        else:
            out.append(start + len(piece) - 1)
    return out
