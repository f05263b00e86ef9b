"""Pilot tests of what search says: empty results, suggestions, long and hostile queries."""

from __future__ import annotations

from pilot_helpers import settled

from store.search.hints import candidates
from tui.app import BriefingApp
from tui.screens.search import SearchScreen
from tui.screens.search_status import echo


async def settle(app, pilot) -> None:
    """Let the debounce timer fire and the search worker finish."""
    await settled(pilot)


async def type_query(app, pilot, query: str) -> SearchScreen:
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.box.value = query
    await settle(app, pilot)
    return screen


async def test_no_results_says_what_was_searched_and_suggests(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("slash")
        screen = await type_query(app, pilot, "衡杨")
        text = shown(app)
        assert "No section matches: 衡杨." in text
        assert "Try hengyang (read as pinyin, 2 sections)" in text
        # Enter takes the suggestion, and the results follow.
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen) and screen.box.value == "hengyang"
        assert screen.results.total == 2
        await type_query(app, pilot, "[bold]zzz")
        assert "No section matches: [bold]zzz." in shown(app)
        await type_query(app, pilot, "-衡阳")
        assert "cannot only exclude" in shown(app)
        await pilot.press("enter")
        assert isinstance(app.screen, SearchScreen)  # nothing to open


async def test_suggestions_only_offer_what_finds_something(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("slash")
        await type_query(app, pilot, '"承接 -邓群策"')
        assert "Try 承接 -邓群策 (without the quotes, 1 section)" in shown(app)
        await type_query(app, pilot, "headline:衡阳")
        # The headlines lack 衡阳 but the text has it; its pinyin would not help.
        text = shown(app)
        assert "Try 衡阳 (in any field, 2 sections)" in text and "hengyang" not in text
        await type_query(app, pilot, '衡阳 "产业转移 邓群策')
        # An unclosed quote: the suggestion drops it (the line wraps after "without the").
        assert "Try 衡阳 产业转移 邓群策 (without the" in shown(app)
        await type_query(app, pilot, "qqqzzz")
        assert "No section matches: qqqzzz." in shown(app) and "Try qqq" not in shown(app)


async def test_a_latin_word_found_as_text_offers_its_pinyin_reading(library, shown):
    # A page printing the name in Latin letters, where the Chinese name fills other pages.
    library.import_text("Hengyang Daily\n\nHengyang is a city in Hunan.\n", origin="en.txt")
    app = BriefingApp(library)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("slash")
        screen = await type_query(app, pilot, "hengyang")
        assert screen.results.total == 1 and screen.results.via == "text"
        text = shown(app)
        assert "1 section matches hengyang" in text
        assert "Try 衡阳 (read as pinyin, 2 sections)" in text
        await type_query(app, pilot, "hunan")
        assert "1 section matches hunan · Try 湖南 (read as pinyin, 3 sections)" in shown(app)
        await type_query(app, pilot, "city")  # spells no pinyin
        assert "1 section matches city" in shown(app) and "Try" not in shown(app)
        # Enter still opens the result found.
        await type_query(app, pilot, "hengyang")
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, SearchScreen)


async def test_long_and_markup_queries_are_echoed_safely(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("slash")
        long_query = ("衡阳[bold]承接[/] " * 60)[:500]
        screen = await type_query(app, pilot, long_query)
        status = screen.status
        assert status.size.height <= 4
        assert "…" in shown(app)
        await type_query(app, pilot, "[/")
        assert "No section matches: [/." in shown(app)
        await type_query(app, pilot, "[/bold] 衡阳")
        assert "No section matches: [/bold] 衡阳." in shown(app)


def test_candidate_forms_of_a_query():
    assert candidates("承接 -衡阳") == [
        ("chengjie -衡阳", "read as pinyin"),
        ("承接", "without exclusions"),
    ]
    assert candidates('"承接 -邓群策"') == [("承接 -邓群策", "without the quotes")]
    assert ("衡阳", "in any field") in candidates("headline:衡阳")
    assert ("-衡阳 湘", "in any field") in candidates("-headline:衡阳 湘")
    assert ("衡阳 人民", "in any field") in candidates("衡阳 source:人民")
    assert candidates("hengyang") == []
    assert echo("衡" * 100).endswith("…") and len(echo("衡" * 100)) == 20


def test_a_long_headline_gives_way_to_the_hit_count():
    from types import SimpleNamespace

    from tui.widgets.search_results import hit_prompt

    hit = SimpleNamespace(
        headline="企业法律环保意识淡薄 乡镇环保设施建设滞后 "
        "我省公布第七批中央环保督察“回头看”典型案例",
        hits=7,
        via="text",
        snippet="…娟)今天,省配合中央环保督察“回头看”工作协调联络组公布第七批典型案例…",
        spans=((12, 14),),
    )
    head, snippet = hit_prompt(hit, width=40).split("\n")
    assert head.plain.endswith("…  7 hits") and head.cell_len <= 40
    assert snippet.cell_len <= 40 and snippet.plain.endswith("…")
    # The hit keeps its style after the cut.
    assert any(span.start == 14 and span.end == 16 for span in snippet.spans)


async def test_traditional_query_says_how_it_was_read(app, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("slash")
        screen = await type_query(app, pilot, "衡陽")
        assert screen.results.total == 2
        assert "2 sections match 衡陽 (read as 衡阳)" in shown(app)


async def test_results_from_several_briefings_name_their_briefing(library, shown):
    text = "郴州日报\n\n衡阳的产业转移\n\n记者 王晴\n\n衡阳承接了一批企业,写得足够长以成为段落。\n"
    library.import_text(text, origin="chenzhou.txt")
    app = BriefingApp(library)
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("slash")
        screen = await type_query(app, pilot, "衡阳")
        assert len({h.briefing_id for h in screen.results.hits}) == 2
        lines = shown(app).splitlines()
        assert any("29 hits · 湖南日报 2018-11-22" in line for line in lines)
        assert any("衡阳的产业转移" in line and "2 hits · chenzhou" in line for line in lines)
