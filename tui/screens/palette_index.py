"""The palette's index of headlines: made once for a library, brought up to date briefing by
briefing, and matched by string searches over a few long strings.

Each kind of key (the headlines folded as search folds text, their pinyin, its initials, the
kickers and decks folded and their pinyin) is one string holding a line a section, so a key
typed is a handful of `str.find` runs in C however many sections there are, and the index
holds a few bytes a section rather than an object.
"""

from __future__ import annotations

import copy
import itertools
import re
import threading
import weakref
from collections import namedtuple
from collections.abc import Callable, Iterator
from typing import Any

from store.heads import heads_stamp
from store.sanitize import clean_line
from store.search.normalise import fold
from store.search.pinyin import Keys, aligned_keys

# Ends every line: a private-use character, which folding keeps and headlines are cleared of.
SEP = "\ue000"
KINDS = ("folded", "full", "initials", "extra", "extra_full")
PLAIN_SEP = "\n"  # the same in the pinyin keys, which then hold ASCII alone (a byte a letter)


class Chunk(namedtuple("Chunk", "stamp ids shown folded full initials extra extra_full")):
    """One briefing's sections as the index holds them (each key a line a section)."""

    __slots__ = ()
    stamp: str
    ids: tuple[str, ...]
    shown: tuple[str, ...]  # the headlines as shown
    folded: str
    full: str
    initials: str
    extra: str  # kicker and deck, folded
    extra_full: str


class Lines:
    """Every section of a library in order, each kind of key joined into one string (led by
    a SEP, so a line's start is where SEP precedes it)."""

    def __init__(self, chunks: list[Chunk], titles: dict[str, str]) -> None:
        """Join the chunks in the order given."""
        self.ids = [i for c in chunks for i in c.ids]
        self.shown = [s for c in chunks for s in c.shown]
        self.titles = titles
        self._starts = list(itertools.accumulate((len(c.ids) for c in chunks), initial=0))
        self.spans: dict[str, range] = {}  # each briefing's lines
        for n, c in enumerate(chunks):
            if c.ids:
                self.spans[c.ids[0].rpartition("-")[0]] = self.spans_of(n)
        self.seps = dict(zip(KINDS, (SEP, PLAIN_SEP, PLAIN_SEP, SEP, PLAIN_SEP), strict=True))
        self.keys = {
            kind: sep + "".join(getattr(c, kind) for c in chunks) for kind, sep in self.seps.items()
        }
        # Where each chunk's part of each key starts (and the last ends), to take it back.
        self.cuts = {
            kind: list(itertools.accumulate((len(getattr(c, kind)) for c in chunks), initial=1))
            for kind in self.seps
        }
        self.order = {c.stamp: n for n, c in enumerate(chunks)}

    def part(self, stamp: str) -> Chunk | None:
        """The chunk of this stamp as these lines hold it, or None."""
        n = self.order.get(stamp)
        if n is None:
            return None
        lines = self.spans_of(n)
        return Chunk(
            stamp,
            tuple(self.ids[lines.start : lines.stop]),
            tuple(self.shown[lines.start : lines.stop]),
            *(self.keys[k][self.cuts[k][n] : self.cuts[k][n + 1]] for k in KINDS),
        )

    def spans_of(self, n: int) -> range:
        """The lines of the n-th chunk."""
        return range(self._starts[n], self._starts[n + 1])

    def retitled(self, titles: dict[str, str]) -> Lines:
        """The same lines under other briefing titles."""
        other = copy.copy(self)
        other.titles = titles
        return other

    def __len__(self) -> int:
        return len(self.ids)

    def lines_with(self, kind: str, needle: str, *, at_start: bool = False) -> Iterator[int]:
        """The lines of a key holding needle (starting with it), in order, each once."""
        text, sep = self.keys[kind], self.seps[kind]
        pattern = sep + needle if at_start else needle
        return _walk(text, sep, lambda pos: text.find(pattern, pos), int(at_start))

    def lines_spelling(self, kind: str, needle: str) -> Iterator[int]:
        """The lines of a key holding needle's characters in order, others between."""
        text, sep = self.keys[kind], self.seps[kind]
        # Each next character at its first place after the one before, never tried again
        # further on (an atomic group): the leftmost places find every line that has them
        # in order, where lazy gaps alone would try every placing of a long query over a
        # line that repeats its characters, which takes minutes.
        gap = "[^" + sep + "]*?"
        first, *rest = map(re.escape, needle)
        found = re.compile(first + "".join(f"(?>{gap}{ch})" for ch in rest)).search

        def find(pos: int) -> int:
            match = found(text, pos)
            return -1 if match is None else match.start()

        return _walk(text, sep, find, 0)


def _walk(text: str, sep: str, find: Callable[[int], int], skip: int) -> Iterator[int]:
    """Line numbers of the places find reports (skip: how far a line's text starts after
    them), going on from the end of each line found."""
    seps, counted, pos = 0, 0, find(0)
    while pos >= 0:
        start = pos + skip
        seps += text.count(sep, counted, start)
        counted = start
        yield seps - 1
        end = text.find(sep, start)
        if end < 0:
            return
        pos = find(end)


class Readings:
    """Each character's commonest toneless pinyin (pypinyin read once a character)."""

    def __init__(self) -> None:
        """An empty table; characters are read as they are met."""
        self._table: dict[str, str] = {}
        self._full: dict[int, str] = {}
        self._initial: dict[int, str] = {}
        self._lock = threading.Lock()

    def syllables(self, text: str) -> list[str]:
        """One item a character: its reading, or the character itself (lower case)."""
        self._learn(text)
        table = self._table
        return [table[ch] for ch in text]

    def _learn(self, text: str) -> None:
        table = self._table
        missing = set(text).difference(table)
        if not missing:
            return
        from pypinyin import lazy_pinyin

        with self._lock:
            for ch in missing:
                got = lazy_pinyin(ch, errors=lambda chunk: list(chunk))
                item = "".join(
                    c for c in (got[0] if got else ch).lower() if c.isalnum() and c.isascii()
                )
                if ch == SEP:
                    item = PLAIN_SEP  # lines stay lines, and the pinyin plain ASCII
                self._full[ord(ch)] = item
                self._initial[ord(ch)] = item[:1]
                table[ch] = item

    def strings(self, text: str) -> tuple[str, str]:
        """The pinyin of a text and its initials (each SEP made a PLAIN_SEP)."""
        self._learn(text)
        return text.translate(self._full), text.translate(self._initial)

    def keys(self, text: str) -> Keys:
        """The pinyin of a text with where each letter came from (for the matches shown)."""
        return aligned_keys(self.syllables(text))


def _folded(lines: list[str]) -> str:
    """The lines folded, each ended by SEP (folded at once: one call a briefing)."""
    if not lines:
        return ""
    joined = fold(SEP.join(lines) + SEP)
    if joined.count(SEP) != len(lines):  # a line folded into something odd: one by one
        joined = "".join(fold(line) + SEP for line in lines)
    return joined


def chunk_of(stamp: str, rows: list[dict[str, Any]], readings: Readings) -> Chunk:
    """A briefing's sections (head rows in their JSON shape) as the index holds them."""
    ids, shown, more = [], [], []
    for row in rows:
        ids.append(row["id"])
        shown.append(clean_line(row.get("headline") or "").replace(SEP, ""))
        extra = " ".join(p for p in (row.get("kicker"), row.get("deck")) if p)
        more.append(clean_line(extra).replace(SEP, "") if extra else "")
    end = SEP if rows else ""
    full, initials = readings.strings(SEP.join(shown) + end)
    return Chunk(
        stamp,
        tuple(ids),
        tuple(shown),
        _folded(shown),
        full,
        initials,
        _folded(more),
        readings.strings(SEP.join(more) + end)[0],
    )


class HeadlineIndex:
    """A library's headlines for the palette, kept between palettes and brought up to date
    by reading only the briefings that changed."""

    def __init__(self) -> None:
        """Empty until `refresh`."""
        self.readings = Readings()
        self._stamps: dict[str, str] = {}
        self._lines = Lines([], {})
        self._lock = threading.Lock()

    @property
    def lines(self) -> Lines:
        """The index as last brought up to date (never changed once handed out)."""
        return self._lines

    def refresh(self, lib: Any) -> Lines:
        """Bring the index up to the library's briefings (run off the event loop): a
        briefing unchanged is taken from the lines made before, the others read again."""
        with self._lock:
            briefings = lib.briefings()
            stamps = {b.id: heads_stamp(b) for b in briefings}
            titles = {b.id: clean_line(b.title) for b in briefings}
            old = self._lines
            if stamps == self._stamps and list(stamps) == list(self._stamps):
                if titles != old.titles:
                    old = self._lines = old.retitled(titles)
                return old
            chunks = []
            for b in briefings:
                key = f"{b.id}:{stamps[b.id]}"
                got = old.part(key)
                if got is None:
                    got = chunk_of(key, lib.head_dicts(b), self.readings)
                chunks.append(got)
            self._lines = Lines(chunks, titles)
            self._stamps = stamps
            return self._lines


_KEPT: weakref.WeakKeyDictionary[Any, HeadlineIndex] = weakref.WeakKeyDictionary()


def index_for(lib: Any) -> HeadlineIndex:
    """The headline index kept for a library (made empty the first time)."""
    got = _KEPT.get(lib)
    if got is None:
        got = _KEPT[lib] = HeadlineIndex()
    return got
