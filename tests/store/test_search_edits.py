"""The index keeps folded text and edits: the source must always come back exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from store.search.normalise import fold, fold_edits, unfold

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
