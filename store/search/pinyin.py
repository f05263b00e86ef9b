"""Reading Latin queries as toneless pinyin: hengyang -> 衡阳 (pypinyin imported lazily)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_lock = threading.Lock()
_NOT_PINYIN = re.compile(r"[^a-z0-9 ]+")
_readings: dict[str, tuple[str, ...]] = {}

MAX_EXPANSIONS = 48


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f"


def readings(ch: str) -> tuple[str, ...]:
    """Every toneless pinyin reading of one Han character ('' readings dropped)."""
    got = _readings.get(ch)
    if got is not None:
        return got
    from pypinyin import Style, pinyin

    found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    got = tuple(dict.fromkeys(r.lower() for r in found[0] if r.isalpha())) if found else ()
    with _lock:
        _readings[ch] = got
    return got


def by_syllable(chars: Iterable[str]) -> dict[str, list[str]]:
    """For a set of characters, the Han characters of each pinyin syllable, in code order."""
    table: dict[str, list[str]] = {}
    for ch in sorted(chars):
        if len(ch) == 1 and _is_han(ch):
            for syl in readings(ch):
                table.setdefault(syl, []).append(ch)
    return table


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


@dataclass(frozen=True, slots=True)
class Keys:
    """A text's pinyin, full and initials, with where each letter came from in the text."""

    full: str
    full_at: tuple[int, ...]
    initials: str
    initials_at: tuple[int, ...]

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
    full: list[str] = []
    full_at: list[int] = []
    initials: list[str] = []
    initials_at: list[int] = []
    for at, item in enumerate(items):
        letters = _NOT_PINYIN.sub("", item.lower()).replace(" ", "")
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
