"""A segment's texts read back exactly however the sections asked lie (near neighbours read as
one checked run, far apart ones alone), and a damaged chunk anywhere a read covers is refused."""

from __future__ import annotations

import tempfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyroaring import BitMap

from store.search import grams, segfile, segwrite
from store.search.postings import SEP
from store.search.segment import Segment
from store.search.units import encode

TEXTS = st.text(alphabet=st.sampled_from([*"衡阳产业ab,。𠀋\U0001f600", SEP]), max_size=60)


def _write(path: Path, texts: list[str]) -> Segment:
    n = len(texts)
    built = grams.build(texts, [0] * n)
    segwrite.write_built(
        path, 0, BitMap(range(n)), [f"b-{i}" for i in range(n)], built, [0] * n, [b""] * n
    )
    return Segment(path)


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=60), st.data())
def test_texts_read_back_as_written_for_any_sections_asked(texts, data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seg = _write(Path(tmp) / "seg.bin", texts)
        try:
            picked = BitMap(data.draw(st.sets(st.integers(0, len(texts) - 1))))
            assert seg.texts(picked) == [texts[i] for i in picked]
            assert seg.raw_texts(picked) == [encode(texts[i]) for i in picked]
            assert all(type(raw) is bytes for raw in seg.raw_texts(picked))
        finally:
            seg.close()


def _flip(path: Path, at: int) -> None:
    raw = bytearray(path.read_bytes())
    raw[at] ^= 0x40
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("read", ["texts", "raw_texts"])
@pytest.mark.parametrize("spread", [1, 2, 40])
def test_a_damaged_chunk_a_read_covers_is_refused(tmp_path: Path, read, spread) -> None:
    # Texts of about a chunk each, so a run read covers chunks of sections not asked for.
    texts = [f"衡阳{i:04d}" * 200 for i in range(200)]
    path = tmp_path / "seg.bin"
    _write(path, texts).close()
    seg = Segment(path)
    asked = BitMap(range(0, 200, spread))
    # Near neighbours are read as one run: damage a text between two asked ones (one asked
    # when all are). Far apart ones are read alone: damage one asked.
    victim = 101 if spread == 2 else 120
    a, b = seg._bounds("tidx", victim, victim + 1)
    seg.close()
    _flip(path, seg._body.parts["texts"][0] + (a + b) // 2)
    seg = Segment(path)
    try:
        with pytest.raises(segfile.SegmentDamaged, match="fails its checksum"):
            getattr(seg, read)(asked)
    finally:
        seg.close()


def test_only_the_chunks_of_the_texts_asked_are_checked_when_far_apart(tmp_path: Path) -> None:
    texts = [f"产业{i:05d}" * 40 for i in range(3000)]
    seg = _write(tmp_path / "seg.bin", texts)
    try:
        assert seg.raw_texts(BitMap([0, 2999])) == [encode(texts[0]), encode(texts[2999])]
        body = seg._body
        a, _b = seg._bounds("tidx", 1500, 1501)
        middle = (body.parts["texts"][0] + a - body.start) // segfile.CHUNK
        assert not body._ok[middle]
        assert seg.texts(BitMap([1500])) == [texts[1500]]
        assert body._ok[middle]
    finally:
        seg.close()


def test_checking_a_range_checks_only_the_chunks_not_checked_yet(tmp_path: Path) -> None:
    texts = [f"衡阳{i:04d}" * 100 for i in range(400)]
    seg = _write(tmp_path / "seg.bin", texts)
    try:
        body = seg._body
        at, size = body.parts["texts"]
        first = (at - body.start) // segfile.CHUNK
        body.read(at + 3 * segfile.CHUNK, 1)  # one chunk inside, checked alone
        inner = (at + 3 * segfile.CHUNK - body.start) // segfile.CHUNK
        assert body._ok[inner] and not body._ok[inner + 1]
        # A later read of the whole part checks the rest and keeps what passed.
        assert body.read(at, size) == b"".join(encode(t) for t in texts)
        last = (at + size - 1 - body.start) // segfile.CHUNK
        assert all(body._ok[first : last + 1])
    finally:
        seg.close()


def test_sep_alone_and_empty_texts_read_back(tmp_path: Path) -> None:
    texts = ["", SEP, "衡阳" + SEP + SEP + "𠀋", "", "a"]
    seg = _write(tmp_path / "seg.bin", texts)
    try:
        assert seg.texts(BitMap(range(5))) == texts
        assert seg.texts(BitMap([1, 4])) == [SEP, "a"]
    finally:
        seg.close()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3 * segfile.CHUNK))
def test_chunks_are_checked_with_zlibs_crc32(data) -> None:
    # Files are written with zlib's CRC-32 and read back with the faster one: the same number.
    assert segfile.checksum(data) == zlib.crc32(data)
    assert segfile.checksum(memoryview(data)[1:]) == zlib.crc32(data[1:])
