"""`briefing search` on the seed page: text, JSON and errors."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tui.cli import fast
from tui.cli.group import cli


@pytest.fixture(params=["group", "fast"])
def run_cli(request, run_cli, capsys):
    """Each test runs through the click group and through the entry point's own search."""
    if request.param == "group":
        return run_cli

    def invoke(*args: str, store=None):
        capsys.readouterr()
        argv = ["--store", str(store or run_cli.home), *args]
        code = fast.run(argv)
        if code is None:  # not a plain search: the click group answers, as `main` would
            from tui.cli.common import run_guarded

            code = run_guarded(cli, argv)
        captured = capsys.readouterr()
        return SimpleNamespace(code=code, out=captured.out, err=captured.err)

    invoke.home = run_cli.home
    return invoke


def test_json_shape_and_ranking(run_cli) -> None:
    result = run_cli("search", "衡阳", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["query"] == "衡阳" and data["total"] == 2
    assert [h["hits"] for h in data["hits"]] == [29, 8]
    first = data["hits"][0]
    assert set(first) == {
        "briefing_id",
        "section_id",
        "headline",
        "block",
        "snippet",
        "spans",
        "hits",
        "score",
        "via",
        "place",
        "paragraph",
    }
    assert first["headline"] == "5年“转”来500多家企业"
    assert first["section_id"].startswith(first["briefing_id"] + "-")
    for a, b in first["spans"]:
        assert first["snippet"][a:b] == "衡阳"
    assert first["via"] == "text"
    # JSON keeps the 0-based block; the place is what the reader and the text output show.
    if first["block"] is not None:
        assert first["place"] == f"¶ {first['paragraph']}"


def test_pinyin_and_limit(run_cli) -> None:
    data = json.loads(run_cli("search", "hengyang", "--json", "--limit", "1").out)
    assert data["total"] == 2 and len(data["hits"]) == 1
    assert data["hits"][0]["via"] == "pinyin"


def test_plain_text_through_a_pipe(run_cli) -> None:
    result = run_cli("search", "环保")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "1 section matches 环保"
    assert "7 hits" in lines[1] and "企业法律环保意识淡薄" in lines[1]
    assert "环保" in lines[2]
    assert "\x1b[" not in result.out


def test_no_results_and_briefing_filter(run_cli) -> None:
    result = run_cli("search", "不存在的词")
    assert result.code == 1 and result.out.strip() == "No section matches 不存在的词."
    bid = json.loads(run_cli("search", "衡阳", "--json").out)["hits"][0]["briefing_id"]
    data = json.loads(run_cli("search", "衡阳", "--json", "--briefing", bid[:6]).out)
    assert data["total"] == 2


def test_errors_are_one_line(run_cli) -> None:
    bad = run_cli("search", "--", "-衡阳")
    assert bad.code == 2 and bad.out == ""
    assert bad.err.count("\n") == 1 and bad.err.startswith("briefing: ")
    missing = run_cli("search", "衡阳", "--briefing", "zzzz")
    assert missing.code == 1 and missing.err.count("\n") == 1
    usage = run_cli("search", "衡阳", "--limit", "0")
    assert usage.code == 2 and usage.err.count("\n") == 1


def test_an_empty_query_is_a_usage_error(run_cli) -> None:
    for query in ("", "   ", '""', "\x1b[31m"):
        result = run_cli("search", query)
        assert result.code == 2 and result.out == "", query
        assert result.err.startswith("briefing: ") and result.err.count("\n") == 1


def test_no_match_exits_1_like_grep(run_cli) -> None:
    result = run_cli("search", "不存在的词")
    assert result.code == 1 and result.out.strip() == "No section matches 不存在的词."
    data = run_cli("search", "不存在的词", "--json")
    assert data.code == 1 and json.loads(data.out)["total"] == 0


def test_escape_sequences_are_cleaned_for_search_and_message(run_cli) -> None:
    result = run_cli("search", "衡\x1b[0m阳")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "2 sections match 衡阳"
    data = json.loads(run_cli("search", "\x1b]0;title\x07衡阳", "--json").out)
    assert data["query"] == "衡阳" and data["total"] == 2


def test_a_long_query_is_echoed_cut_to_one_line(run_cli) -> None:
    result = run_cli("search", "衡阳" * 1000)
    assert result.code == 1
    line = result.out.rstrip("\n")
    assert "\n" not in line and line.endswith("….") and len(line) < 60


def test_places_are_those_the_section_itself_gives(run_cli) -> None:
    # Sections of only paragraphs are numbered from their heads, the others from their blocks:
    # either way a hit's place is the one `briefing read` shows for that block.
    seen = set()
    for query in ("衡阳", "的", "西渡镇", "产业", "企业"):
        data = json.loads(run_cli("search", query, "--json", "--limit", "50").out)
        for hit in data["hits"]:
            if hit["block"] is None:
                assert hit["place"] == "section head" and hit["paragraph"] is None
                continue
            read = json.loads(run_cli("read", hit["section_id"], "--json").out)
            block = read["blocks"][hit["block"]]
            assert (hit["place"], hit["paragraph"]) == (block["place"], block["paragraph"])
            seen.add((block["type"], read["captions"] + read["tables"] > 0))
    # Hits in a section of paragraphs only, and in sections with a caption or a table.
    assert {("paragraph", False), ("paragraph", True), ("caption", True)} <= seen


def _caption_hit(run_cli) -> tuple[str, dict]:
    """A query and one of its hits in a section that is not all paragraphs."""
    for query in ("西渡镇", "企业", "产业", "衡阳", "的"):
        data = json.loads(run_cli("search", query, "--json", "--limit", "50").out)
        for hit in data["hits"]:
            read = json.loads(run_cli("read", hit["section_id"], "--json").out)
            if hit["block"] is not None and read["captions"] + read["tables"] > 0:
                return query, hit
    raise AssertionError("no hit in a section with a caption or a table")


def test_places_in_sections_of_other_blocks_ask_no_catalog(run_cli, monkeypatch) -> None:
    # The index the search read holds the briefing: its section file alone gives the shape.
    query, _ = _caption_hit(run_cli)
    before = run_cli("search", query, "--json", "--limit", "50")
    import store.catalog

    def refused(*args, **kwargs):
        raise AssertionError("the catalog was read for a place")

    monkeypatch.setattr(store.catalog.Catalog, "lookup", refused)
    monkeypatch.setattr(store.catalog.Catalog, "state", refused)
    after = run_cli("search", query, "--json", "--limit", "50")
    assert (after.code, after.out, after.err) == (before.code, before.out, before.err)


def test_a_section_file_that_lost_a_hit_section_says_so(run_cli) -> None:
    query, hit = _caption_hit(run_cli)
    path = run_cli.home / "sections" / f"{hit['briefing_id']}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    rows = doc["sections"]
    kept = {k: r for k, r in rows.items() if r["id"] != hit["section_id"]}
    assert len(kept) == len(rows) - 1
    doc["sections"] = kept
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run_cli("search", query, "--json", "--limit", "50")
    assert result.code != 0 and result.out == ""
    assert f"has no section {hit['section_id']} (the catalog lists it)" in result.err
    assert str(path) in result.err


@pytest.mark.parametrize(
    "spoil",
    [
        lambda h, n, t: f"{h}:{n}:{t.replace('T', 'X')}",  # another import time
        lambda h, n, t: f"{h}:{n + 1}:{t}",  # another section count
        lambda h, n, t: f"{'0' * 64}:{n}:{t}",  # a hash that is not this briefing's
        None,  # as written: the file is current and trusted
    ],
)
def test_a_head_file_is_trusted_only_when_current(run_cli, spoil) -> None:
    # A head file claiming a section of paragraphs only is believed only with the stamp the
    # briefing's index row makes; otherwise the section file gives the place.
    query, hit = _caption_hit(run_cli)
    assert hit["place"] != f"¶ {hit['block'] + 1}"  # so the lie shows when believed
    path = run_cli.home / "heads" / f"{hit['briefing_id']}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    head = next(r for r in doc["sections"] if r["id"] == hit["section_id"])
    read = json.loads(run_cli("read", hit["section_id"], "--json").out)
    head["paragraphs"] = len(read["blocks"])  # the lie: every block a paragraph
    content_hash, count, imported_at = doc["stamp"].split(":", 2)
    if spoil is not None:
        doc["stamp"] = spoil(content_hash, int(count), imported_at)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    data = json.loads(run_cli("search", query, "--json", "--limit", "50").out)
    got = next(h for h in data["hits"] if h["section_id"] == hit["section_id"])
    if spoil is None:
        assert got["place"] == f"¶ {hit['block'] + 1}"
    else:
        assert (got["place"], got["paragraph"]) == (hit["place"], hit["paragraph"])


def test_places_find_a_briefing_row_from_the_hit_not_through_the_ids(run_cli, monkeypatch) -> None:
    # Each hit knows its section's ordinal: its briefing's row is the range holding it (its id
    # checked in place), so no id is looked for through the index's column of ids.
    before = [run_cli("search", q, "--json", "--limit", "50") for q in ("衡阳", "西渡镇")]
    assert all(b.code == 0 and json.loads(b.out)["hits"] for b in before)
    from store.search.rowsfile import RowsFile

    def refused(self, bid):
        raise AssertionError(f"{bid} was looked for through the column of ids")

    monkeypatch.setattr(RowsFile, "index_of", refused)
    after = [run_cli("search", q, "--json", "--limit", "50") for q in ("衡阳", "西渡镇")]
    assert [(a.code, a.out, a.err) for a in after] == [(b.code, b.out, b.err) for b in before]


def test_a_briefing_s_head_file_is_read_once_for_all_its_hits(run_cli, monkeypatch) -> None:
    before = run_cli("search", "的", "--json", "--limit", "50")
    briefings = [h["briefing_id"] for h in json.loads(before.out)["hits"] if h["block"] is not None]
    assert len(briefings) > len(set(briefings))  # several hits in one briefing
    import store.heads

    read, real = [], store.heads.read_head_file

    def counted(home, briefing_id):
        read.append(briefing_id)
        return real(home, briefing_id)

    monkeypatch.setattr(store.heads, "read_head_file", counted)
    after = run_cli("search", "的", "--json", "--limit", "50")
    assert (after.code, after.out, after.err) == (before.code, before.out, before.err)
    assert sorted(read) == sorted(set(briefings))
