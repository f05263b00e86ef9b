"""Learning a text's characters: the quick check of known ones never skips a new one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from store.search import normalise
from store.search.normalise import fold, fold_edits, learn, unfold


def _not_yet_known(start: int, count: int) -> str:
    """Characters from `start` on that this process has not learned (other tests learn some)."""
    out: list[str] = []
    code = start
    while len(out) < count:
        if chr(code) not in normalise._KNOWN:
            out.append(chr(code))
        code += 1
    return "".join(out)


def test_a_text_with_a_character_after_the_pattern_was_made_is_learned(monkeypatch) -> None:
    monkeypatch.setattr(normalise, "KNOWN_RATIO", 10**9)  # the pattern is never made again
    learn("园区新引进项目")
    normalise._missed(-normalise._known_missed)  # (the count is unchanged)
    if normalise._known_re is None:
        monkeypatch.setattr(normalise, "KNOWN_RATIO", 0)
        normalise._missed(0)  # made now, from what is known
        monkeypatch.setattr(normalise, "KNOWN_RATIO", 10**9)
    assert normalise._known_re is not None
    # Traditional forms and characters outside the BMP, none of them known yet.
    text = "".join(c for c in "農村公路建設提速" if c not in normalise._KNOWN)
    text += _not_yet_known(0x20000, 3)
    assert normalise._known_re.search(text) is not None
    learn(text)
    assert normalise._KNOWN.issuperset(text)
    assert fold_edits(text, learned=True)[0] == fold(text)


def test_a_traditional_text_folds_the_same_learned_or_not() -> None:
    text = "農村公路建設提速𠀋"
    learn(text)
    assert fold_edits(text, learned=True)[0] == fold(text) == "农村公路建设提速𠀋"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=8))
def test_learned_texts_fold_and_come_back(texts: list[str]) -> None:
    for text in texts:
        learn(text)
        assert normalise._KNOWN.issuperset(text)
        folded, edits = fold_edits(text, learned=True)
        assert folded == fold(text)
        assert unfold(folded, edits) == text


def test_the_pattern_is_made_again_once_the_texts_it_missed_add_up(monkeypatch) -> None:
    monkeypatch.setattr(normalise, "KNOWN_RATIO", 1)
    normalise._missed(10**9)  # made now, from what is known
    first = normalise._known_re
    new = _not_yet_known(0x3400, 2)
    learn(new[0])  # one character missed: far less than one per known character
    assert normalise._known_re is first
    assert first is not None and first.search(new[0]) is not None
    learn(new[1] + "园" * len(normalise._KNOWN))  # now as many as the known characters
    assert normalise._known_re is not first
    assert normalise._known_re.search(new) is None
    assert fold_edits(new, learned=True)[0] == fold(new)


def test_a_process_learning_a_page_or_two_makes_no_pattern() -> None:
    # Compiling the pattern of the known characters costs a few milliseconds: a process that
    # adds one page checks its texts against the set instead, until they add up.
    import subprocess
    import sys

    probe = (
        "from store.search import normalise\n"
        "page = ''.join(chr(0x4E00 + i) for i in range(1500)) * 2  # a page's variety\n"
        "for _ in range(3):\n"
        "    normalise.learn(page)\n"
        "made = normalise._known_re is not None\n"
        "while normalise._known_re is None:\n"
        "    normalise.learn(page)\n"
        "print(made, normalise._known_re.search(page) is None)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
