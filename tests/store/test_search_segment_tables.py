"""A segment finds each code of its tables (and misses absent ones) however large the table,
across the probes kept from earlier searches and the last chunk searched in C."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pyroaring import BitMap

from store.search import grams, offsets, segtables, segwrite
from store.search.grams import pair
from store.search.segment import Segment


@pytest.mark.parametrize("heavy", [2, offsets.HEAVY])
def test_every_code_is_found_in_tables_many_chunks_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, heavy: int
) -> None:
    # A small HEAVY puts the bigrams seen twice or more in the table of offset-major bitmaps.
    monkeypatch.setattr(offsets, "HEAVY", heavy)
    rng = random.Random(7)
    han = [chr(0x4E00 + i) for i in range(3000)]
    texts = ["".join(rng.choice(han) for _ in range(400)) for _ in range(60)]
    n = len(texts)
    built = grams.build(texts, [0] * n)
    places: dict[int, BitMap] = {}
    for local, text in enumerate(texts):
        for at in range(len(text) - 1):  # one unit a character here
            places.setdefault(pair(ord(text[at]), ord(text[at + 1])), BitMap()).add(
                at << 16 | local
            )
    segwrite.write_built(
        tmp_path / "seg.bin",
        0,
        BitMap(range(n)),
        [f"b-{i}" for i in range(n)],
        built,
        [0] * n,
        [b""] * n,
    )
    assert len(places) > 4 * segtables.RUN  # the search narrows over several chunks
    seg = Segment(tmp_path / "seg.bin")
    common = {c for c, p in places.items() if len(p) >= heavy}
    assert heavy == offsets.HEAVY or common  # not vacuous
    assert set(seg.codes("okeys")) == common
    assert set(seg.codes("pkeys")) == set(places) - common
    try:
        codes = list(places)
        rng.shuffle(codes)
        for code in codes[:400]:
            assert seg.positions(code) == places[code]
            assert seg.bitmap(code) == BitMap(v & 0xFFFF for v in places[code])
        units = sorted({ord(c) for t in texts for c in t})
        for u in units[:50]:
            assert seg.has_code(u)
        for code in (pair(0x4E00, 0x9FFF), 0x9FFF, 0xFFFFFFFF, 0):
            assert not seg.has_code(code)
            assert seg.positions(code) == BitMap()
        assert seg.chars() == {chr(u) for u in units}
        # Read moved on (a common bigram's straight from the map, its keys raised in a copy),
        # then read again as it lies in the file.
        for code in codes[:40]:
            for lift in (1, 2, 5):
                assert seg.positions(code, lift) == places[code].shift(lift << 16)
            assert seg.positions(code) == places[code]
    finally:
        seg.close()  # no view of the map is left held
    assert seg._mm.closed
