"""A Latin query read as pinyin keeps the spellings the library holds most, the same ones in
every process, however many rare characters share its syllables; a segment tells how many
sections hold a gram from its bitmap's header alone."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from pyroaring import BitMap

from store import open_library
from store.search import grams, offsets, pinyin, search, segwrite
from store.search.segment import Segment

# Fillers: many characters read as each syllable, as a large library holds.
XI = [chr(0x4E00 + i) for i in range(70)]
JIN = [chr(0x5000 + i) for i in range(70)]
PING = [chr(0x5200 + i) for i in range(20)]


def _weights(common: str) -> dict[str, int]:
    """Every character and pair of the fillers occurs once; the pairs of `common` often."""
    got = {ch: 1 for ch in XI + JIN + PING + list(common)}
    got.update({a + b: 1 for a in [*XI, common[0]] for b in [*JIN, common[1]]})
    got.update({a + b: 1 for a in [*JIN, common[1]] for b in [*PING, common[2]]})
    got.update({common[:2]: 5000, common[1:]: 5000, **dict.fromkeys(common, 6000)})
    return got


def test_the_commonest_spelling_is_kept_over_many_rare_ones() -> None:
    weights = _weights("习近平")
    # The common characters listed last: a cut by list order drops them.
    table = {"xi": [*XI, "习"], "jin": [*JIN, "近"], "ping": [*PING, "平"]}
    got = pinyin.expand("xijinping", table, lambda s: weights.get(s, 0))
    assert got[0] == "习近平"
    assert len(got) == pinyin.MAX_EXPANSIONS


def test_expansions_do_not_depend_on_the_order_characters_come_in() -> None:
    weights = _weights("习近平")
    rng = random.Random(3)
    answers = set()
    for _ in range(5):
        table = {
            syl: rng.sample(chars, len(chars))
            for syl, chars in (("xi", [*XI, "习"]), ("jin", [*JIN, "近"]), ("ping", [*PING, "平"]))
        }
        answers.add(tuple(pinyin.expand("xijinping", table, lambda s: weights.get(s, 0))))
    assert len(answers) == 1
    # Characters met in any order give one table.
    chars = [*XI, "习", *JIN]
    assert pinyin.by_syllable(chars) == pinyin.by_syllable(reversed(chars))


def test_the_shipped_readings_are_the_installed_pypinyins() -> None:
    # When pypinyin changes its readings, store/search/pinyin_readings.txt is written again
    # from from_pypinyin().
    assert pinyin.from_pypinyin() == pinyin.TABLE.read_text("utf-8")


def _by_syllable_from_pypinyin(chars) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    table: dict[str, list[str]] = {}
    for ch in sorted(chars):
        if len(ch) == 1 and pinyin._is_han(ch):
            for syl in pinyin.readings(ch):
                table.setdefault(syl, []).append(ch)
    return table


@given(
    st.lists(
        st.one_of(
            st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF),
            st.characters(min_codepoint=0x20000, max_codepoint=0x3134F),
            st.characters(),
            st.text(min_size=2, max_size=3),
        ),
        max_size=200,
        unique=True,
    )
)
def test_the_table_reads_characters_as_pypinyin_does(chars) -> None:
    assert pinyin.by_syllable(chars) == _by_syllable_from_pypinyin(chars)
    assert pinyin.by_syllable(set(chars)) == _by_syllable_from_pypinyin(chars)


def test_absent_pairs_are_never_offered() -> None:
    table = {"heng": ["衡", "恒"], "yang": ["阳", "洋"]}
    weights = {"衡": 3, "恒": 2, "阳": 4, "洋": 1, "恒洋": 2, "衡阳": 1}
    assert pinyin.expand("hengyang", table, lambda s: weights.get(s, 0)) == ["恒洋", "衡阳"]


@given(st.sets(st.integers(0, (1 << 20) - 1), max_size=3000), st.booleans())
def test_a_bitmaps_header_counts_its_values(values, runs) -> None:
    bitmap = BitMap(values)
    if runs:
        bitmap.run_optimize()
    blob = bitmap.serialize()
    assert offsets.header_count(lambda lo, hi: blob[lo:hi]) == len(values)


def test_a_segment_counts_the_sections_of_each_gram(tmp_path: Path) -> None:
    rng = random.Random(5)
    han = [chr(0x4E00 + i) for i in range(40)]
    texts = ["".join(rng.choice(han) for _ in range(rng.randint(1, 300))) for _ in range(300)]
    n = len(texts)
    built = grams.build(texts, [0] * n)
    ids = [f"b-{i}" for i in range(n)]
    segwrite.write_built(tmp_path / "seg.bin", 0, BitMap(range(n)), ids, built, [0] * n, [b""] * n)
    seg = Segment(tmp_path / "seg.bin")
    codes = list(seg.codes())
    assert len(codes) > 40  # characters and pairs
    for code in codes:
        assert seg.count(code) == len(seg.bitmap(code)) > 0
    assert seg.count(grams.pair(ord("a"), ord("b"))) == 0
    # The first units of the pairs ending in each unit: a run of the table, as a scan finds.
    for second in [*range(0x4E00, 0x4E00 + 41), ord("a")]:
        want = {c & 0xFFFF for c in codes if c >> 16 == second}
        assert seg.firsts(second) == want


def test_expansions_are_those_every_pair_looked_up_gives(tmp_path: Path) -> None:
    from store.search import engine, index
    from store.search.query import parse
    from store.search.units import pair, term_units

    lib = open_library(home=tmp_path)  # the shipped briefing, and pages of homophones
    rng = random.Random(8)
    common = "衡阳恒洋横样产业铲叶记者技者西金平习近平北京背景"
    for n in range(4):
        text = "".join(rng.choice(common) for _ in range(400))
        lib.import_text(f"第{n}篇\n\n{text}\n", origin=f"p{n}.txt")
    view = index.ready(lib)
    table = pinyin.by_syllable(set().union(*(seg.chars() for seg in view.segments)))

    def looked_up(text: str) -> int:
        units = term_units(text)
        code = units[0] if len(units) == 1 else pair(units[0], units[1])
        return sum(seg.count(code) for seg in view.segments) if len(units) <= 2 else 0

    for word in ("hengyang", "chanye", "jizhe", "xijinping", "beijing", "yangheng"):
        got = engine.expand_pinyin(view, parse(word))
        assert got is not None
        found = [t.folded for c in got.clauses for t in c.terms if t.via == "pinyin"]
        assert found == pinyin.expand(word, table, looked_up), word


def test_a_library_search_by_pinyin_finds_the_common_spelling(tmp_path: Path) -> None:
    lib = open_library(home=tmp_path, seed=False)
    rare = "".join(f"{x}{j}平。" for x, j in zip("西喜系细", "进金今紧", strict=True))
    for n in range(3):
        lib.import_text(f"第{n}篇\n\n习近平在会上讲话，{rare}第{n}段。\n", origin=f"p{n}.txt")
    found = search(lib, "xijinping")
    assert found.via == "pinyin"
    assert found.total == 3
    assert all("习近平" in h.snippet for h in found.hits)
