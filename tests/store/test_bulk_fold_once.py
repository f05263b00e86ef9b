"""Preparing a page for the index folds it as recording each section alone does, and makes
the fold table's pattern of changed characters once for the page, not once per section that
brings new ones."""

from __future__ import annotations

from store.bulk import prepare_item
from store.importing import ImportItem, build_rows
from store.ingest import parse
from store.search import normalise
from store.search.postings import record

# Full-width letters fold to ASCII: each is a character folding changes.
WIDE = [chr(c) for c in range(0xFF21, 0xFF3B)] + [chr(c) for c in range(0xFF41, 0xFF5B)]


def _page(letters: list[str]) -> str:
    lines = ["衡阳日报 2020年3月1日 第02版", ""]
    for n, ch in enumerate(letters):
        lines += [f"园区新闻{n}{ch}", "", f"本报讯 园区引进项目{ch}{n}个。", ""]
    return "\n".join(lines)


def test_a_page_makes_its_pattern_of_changed_characters_once(monkeypatch) -> None:
    fresh = [ch for ch in WIDE if ch not in normalise._CHANGED][:4]
    assert len(fresh) == 4, "the test needs characters this process has not folded yet"
    made: list[str] = []
    compile_ = normalise.re.compile

    def counting(pattern, *args):
        if pattern.startswith("(["):
            made.append(pattern)
        return compile_(pattern, *args)

    monkeypatch.setattr(normalise.re, "compile", counting)
    prepared = prepare_item(ImportItem(_page(fresh), "p.txt"), fold=True)
    assert len(made) <= 1
    assert prepared.records is not None and len(prepared.records) >= 4


def test_records_are_those_of_each_section_alone() -> None:
    text = _page(WIDE[-6:])
    prepared = prepare_item(ImportItem(text, "p.txt"), fold=True)
    digest = prepared.digest
    _row, sections = build_rows(  # the sections as the import builds them
        parse(text), digest[:10], digest, ImportItem(text, "p.txt"), 0
    )
    assert list(prepared.records) == [record(s) for s in sections]
