"""A segment keeps each text's ranking length and which texts hold characters outside the BMP,
read back exactly; a segment whose parts disagree (checksums intact) is refused."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyroaring import BitMap

from store.search import grams, segfile, segwrite
from store.search.postings import SEP
from store.search.segment import Segment

TEXTS = st.text(alphabet=st.sampled_from([*"衡阳产业ab,。𠀋\U0001f600", SEP]), max_size=40)


def _write(path: Path, texts: list[str], built: grams.Built | None = None) -> Segment:
    made = built or grams.build(texts, [0] * len(texts))
    n = len(texts)
    ids = [f"b-{i}" for i in range(n)]
    segwrite.write_built(path, 0, BitMap(range(n)), ids, made, [0] * n, [b""] * n)
    return Segment(path)


@settings(max_examples=120, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=40), st.data())
def test_lengths_and_wide_texts_read_back_as_the_texts_say(texts, data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seg = _write(Path(tmp) / "seg.bin", texts)
        try:
            want = [len(t) - t.count(SEP) for t in texts]
            picked = BitMap(data.draw(st.sets(st.integers(0, len(texts) - 1))))
            assert seg.lengths(picked) == [want[i] for i in picked]
            assert seg.lengths(BitMap(range(len(texts)))) == want
            assert seg.wide == BitMap(
                i for i, t in enumerate(texts) if any(ord(c) > 0xFFFF for c in t)
            )
        finally:
            seg.close()


def test_far_apart_sections_read_their_lengths_alone(tmp_path: Path) -> None:
    texts = ["衡阳" * (i % 7) for i in range(3000)]
    seg = _write(tmp_path / "seg.bin", texts)
    try:
        assert seg.lengths(BitMap([0, 2999])) == [0, 2 * (2999 % 7)]
        # Only the chunks holding those entries were checked, not the part between them.
        at = seg._body.parts["lens"][0] + 4 * 1500 - seg._body.start
        assert not seg._body._ok[at // segfile.CHUNK]
        assert seg.lengths(BitMap([1500])) == [2 * (1500 % 7)]
        assert seg._body._ok[at // segfile.CHUNK]
    finally:
        seg.close()


def test_a_lengths_part_of_the_wrong_size_is_refused(tmp_path: Path) -> None:
    texts = ["衡阳", "产业"]
    built = grams.build(texts, [0, 0])
    built.lengths.pop()  # a writer that lost one: checksums are right, the parts disagree
    with pytest.raises(segfile.SegmentDamaged, match="do not agree"):
        _write(tmp_path / "seg.bin", texts, built)


def test_a_wide_local_outside_the_segment_is_refused(tmp_path: Path) -> None:
    texts = ["衡阳", "产业"]
    built = grams.build(texts, [0, 0])
    built.wide.add(5)
    seg = _write(tmp_path / "seg.bin", texts, built)
    try:
        with pytest.raises(segfile.SegmentDamaged, match="do not agree"):
            _ = seg.wide
    finally:
        seg.close()


def test_a_segment_of_the_previous_version_is_refused(tmp_path: Path) -> None:
    seg = _write(tmp_path / "seg.bin", ["衡阳"])
    seg.close()
    raw = bytearray((tmp_path / "seg.bin").read_bytes())
    raw[:8] = b"BRSEG\x00\x0a\x00"
    (tmp_path / "seg.bin").write_bytes(bytes(raw))
    with pytest.raises(segfile.SegmentDamaged, match="of this version"):
        Segment(tmp_path / "seg.bin")
