"""The index keeps folded text and edits: the source must always come back exactly."""

from __future__ import annotations

import pickle
import unicodedata
import zlib

import orjson
from analysis_helpers import make_section
from hypothesis import given, settings
from hypothesis import strategies as st

from store.search.fields import field_texts
from store.search.normalise import (
    fold,
    fold_edits,
    fold_with_map,
    source_offset,
    source_offsets,
    unfold,
)
from store.search.postings import SEP, record
from store.search.snippet import _collapse

SAMPLES = st.text(
    alphabet=st.sampled_from(list("衡阳陽湘實業（）,，ＩTi \n\t\u200b\u00adﬁǄ１２.。“”aZ")),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(SAMPLES)
def test_unfold_gives_the_source_back(text: str) -> None:
    folded, edits = fold_edits(text)
    assert folded == fold(text)
    assert unfold(folded, edits) == text


@given(st.text(max_size=40))
def test_unfold_any_text(text: str) -> None:
    folded, edits = fold_edits(text)
    assert unfold(folded, edits) == text


def test_text_that_folds_to_itself_needs_no_edits() -> None:
    assert fold_edits("湖南日报,衡阳") == ("湖南日报,衡阳", [])
    folded, edits = fold_edits("本报记者 王伟")
    assert folded == "本报记者王伟" and edits == [4, " ", 0]


@settings(max_examples=300, deadline=None)
@given(SAMPLES)
def test_edits_map_folded_offsets_like_the_fold_map(text: str) -> None:
    folded, edits = fold_edits(text)
    _f, where = fold_with_map(text)
    assert [source_offset(edits, j) for j in range(len(folded))] == list(where)


def _collapse_reference(text: str) -> tuple[list[str], list[int]]:
    chars: list[str] = []
    src: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or unicodedata.category(ch) == "Cc":
            if chars and chars[-1] != " ":
                chars.append(" ")
                src.append(i)
            continue
        chars.append(ch)
        src.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        src.pop()
    return chars, src


@given(st.text(max_size=40) | SAMPLES)
def test_snippet_collapses_whitespace_like_a_character_walk(text: str) -> None:
    assert _collapse(text) == _collapse_reference(text)


@settings(max_examples=300, deadline=None)
@given(SAMPLES, st.data())
def test_offsets_mapped_in_one_walk_equal_one_at_a_time(text: str, data) -> None:
    folded, edits = fold_edits(text)
    if not folded:
        return
    picks = sorted(data.draw(st.lists(st.integers(0, len(folded) - 1), max_size=12)))
    assert source_offsets(edits, picks) == [source_offset(edits, j) for j in picks]


def _fold_edits_reference(text: str) -> tuple[str, list]:
    """Folding character by character, each run of changed characters one edit."""
    folded = "".join(fold(ch) for ch in text)
    if folded == text:
        return folded, []
    edits: list = []
    i = 0
    while i < len(text):
        if fold(text[i]) == text[i]:
            i += 1
            continue
        j = i
        while j < len(text) and fold(text[j]) != text[j]:
            j += 1
        edits.extend((i, text[i:j], len(fold(text[i:j]))))
        i = j
    return folded, edits


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | SAMPLES)
def test_edits_are_the_runs_of_changed_characters(text: str) -> None:
    # Twice: the second call folds its runs from what the first one kept.
    assert fold_edits(text) == _fold_edits_reference(text)
    assert fold_edits(text) == _fold_edits_reference(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=20), min_size=1, max_size=8))
def test_a_record_folds_each_field_as_folding_it_alone_does(paragraphs: list[str]) -> None:
    # Any characters, most never seen before: the section's text is learned once, up front.
    section = make_section("b000000001", 1, paragraphs[0], paragraphs[1:])
    got = record(section)
    fields = [text for _f, _b, text in field_texts(section)]
    assert got.text.split(SEP) == [fold(t) for t in fields]
    raw = zlib.decompress(got.edits[1:]) if got.edits[:1] == b"z" else got.edits or b"[]"
    edits = {e[0]: e[1:] for e in orjson.loads(raw)}
    assert [unfold(f, edits.get(i, [])) for i, f in enumerate(got.text.split(SEP))] == fields
    assert pickle.loads(pickle.dumps(got)) == got
