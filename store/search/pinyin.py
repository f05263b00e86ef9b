"""Reading Latin queries as toneless pinyin: hengyang -> 衡阳.

A query's syllables are matched against a table of every Han character's readings shipped
beside this module (`pinyin_readings.txt`, derived from pypinyin by `from_pypinyin`, which a
test compares with the installed pypinyin), so a search never loads pypinyin (about 140 ms
a process, for its dictionaries of phrases). Only `pinyin_keys` (pinyin of a whole text, by
its phrases) imports pypinyin.
"""

from __future__ import annotations

import _thread
import re
from collections import namedtuple
from collections.abc import Callable, Iterable
from pathlib import Path

_lock = _thread.allocate_lock()  # threading's own, without loading threading
_NOT_PINYIN = re.compile(r"[^a-z0-9 ]+")
_table: dict[str, str] = {}

MAX_EXPANSIONS = 48
# Each line a toneless syllable, a tab, and the characters read so in code point order.
TABLE = Path(__file__).with_name("pinyin_readings.txt")
# The code points read (CJK Extension A, Unified Ideographs, Extensions B to G).
RANGES = ((0x3400, 0xA000), (0x20000, 0x31350))


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f"


def syllables() -> dict[str, str]:
    """Every toneless syllable and the characters read so, in code point order (read once)."""
    if not _table:
        parsed = dict(line.split("\t") for line in TABLE.read_text("utf-8").splitlines())
        with _lock:
            _table.update(parsed)
    return _table


def by_syllable(chars: Iterable[str]) -> dict[str, list[str]]:
    """For a set of characters, the Han characters of each pinyin syllable, in code order."""
    wanted = chars if isinstance(chars, set | frozenset) else set(chars)
    table: dict[str, list[str]] = {}
    for syl, members in syllables().items():
        got = [ch for ch in members if ch in wanted]
        if got:
            table[syl] = got
    return table


def readings(ch: str) -> tuple[str, ...]:
    """Every toneless pinyin reading of one Han character as the installed pypinyin reads
    it alone ('' readings dropped): what the shipped table holds."""
    from pypinyin import Style, pinyin

    found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    return tuple(dict.fromkeys(r.lower() for r in found[0] if r.isalpha())) if found else ()


def from_pypinyin() -> str:
    """The text of the shipped table, made from the installed pypinyin."""
    table: dict[str, list[str]] = {}
    for low, high in RANGES:
        for code in range(low, high):
            for syl in readings(chr(code)):
                table.setdefault(syl, []).append(chr(code))
    return "".join(f"{syl}\t{''.join(chars)}\n" for syl, chars in sorted(table.items()))


def _splits(word: str, syllables: set[str], longest: int) -> list[list[str]]:
    """Every way to cut word into known syllables (memoised, longest first)."""
    memo: dict[int, list[list[str]]] = {len(word): [[]]}

    def go(i: int) -> list[list[str]]:
        if i in memo:
            return memo[i]
        out: list[list[str]] = []
        for j in range(min(len(word), i + longest), i, -1):
            if word[i:j] in syllables:
                out.extend([word[i:j], *rest] for rest in go(j))
                if len(out) > 64:
                    break
        memo[i] = out
        return out

    return go(0)


def _best(scored: dict[str, int], keep: int) -> list[tuple[str, int]]:
    """The `keep` strings of highest weight, ties in code order (never in hash order)."""
    return sorted(scored.items(), key=lambda item: (-item[1], item[0]))[:keep]


def expand(
    word: str,
    table: dict[str, list[str]],
    weight: Callable[[str], int],
    limit: int = MAX_EXPANSIONS,
) -> list[str]:
    """Han strings present in the text whose pinyin spells word, the most common first.

    `weight` tells how common a character or a pair of characters is (0: absent). A string
    weighs as its rarest pair, so with many readings of each syllable (a large library holds
    dozens of characters read xi or jin) the word a user means (xijinping: 习近平) is kept
    over rare chance spellings rather than dropped by where a cut happened to fall.
    """
    word = word.lower()
    if not word.isascii() or not word.isalpha() or not table:
        return []
    syllables = set(table)
    longest = max(len(s) for s in syllables)
    found: dict[str, int] = {}
    for parts in _splits(word, syllables, longest):
        # Grow prefixes one syllable at a time, keeping the heaviest whose last pair occurs.
        prefixes = {ch: w for ch in table[parts[0]] if (w := weight(ch)) > 0}
        for syl in parts[1:]:
            grown: dict[str, int] = {}
            for p, w in _best(prefixes, limit * 8):
                for ch in table[syl]:
                    pw = weight(p[-1] + ch)
                    if pw > 0:
                        grown[p + ch] = min(w, pw)
            prefixes = grown
            if not prefixes:
                break
        for p, w in prefixes.items():
            if len(p) == len(parts):
                found[p] = max(w, found.get(p, 0))
    return [p for p, _w in _best(found, limit)]


class Keys(namedtuple("Keys", "full full_at initials initials_at")):
    """A text's pinyin, full and initials, with where each letter came from in the text
    (full: str, full_at: tuple[int, ...], initials: str, initials_at: tuple[int, ...]).

    A named tuple: a search process, which imports this module, loads no dataclasses."""

    __slots__ = ()

    def find(self, query: str) -> tuple[float, tuple[int, ...]]:
        """Score a compact lower-case ASCII query; return the text offsets it matched."""
        for keys, where, start_score, inner_score in (
            (self.full, self.full_at, 1.0, 0.9),
            (self.initials, self.initials_at, 0.85, 0.75),
        ):
            i = keys.find(query)
            if i >= 0 and (keys is self.full or len(query) >= 2):
                score = start_score if i == 0 else inner_score
                return score, tuple(sorted(set(where[i : i + len(query)])))
        return 0.0, ()


def pinyin_keys(text: str) -> Keys:
    """Pinyin of a text, aligned character by character (non-Han characters kept)."""
    from pypinyin import lazy_pinyin

    # With this error handler every character yields exactly one item, keeping offsets.
    items = lazy_pinyin(text, errors=lambda chunk: list(chunk))
    if len(items) != len(text):
        items = [lazy_pinyin(ch, errors=lambda chunk: list(chunk))[0] for ch in text]
    return aligned_keys(_NOT_PINYIN.sub("", item.lower()).replace(" ", "") for item in items)


def aligned_keys(items: Iterable[str]) -> Keys:
    """Keys from one reading a character, in order (lower-case letters; empty for none)."""
    full: list[str] = []
    full_at: list[int] = []
    initials: list[str] = []
    initials_at: list[int] = []
    for at, letters in enumerate(items):
        if not letters:
            continue
        full.append(letters)
        full_at.extend([at] * len(letters))
        initials.append(letters[0])
        initials_at.append(at)
    return Keys("".join(full), tuple(full_at), "".join(initials), tuple(initials_at))


def spelled(han: str) -> str:
    """Han text as toneless pinyin with the syllables joined: 衡阳 -> hengyang."""
    return pinyin_keys(han).full
