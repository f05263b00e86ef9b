"""The query language and text folding of search."""

from __future__ import annotations

import pytest

from store.search import QueryError, fold, parse
from store.search.normalise import fold_with_map, source_span


def terms(q: str) -> list[list[tuple[str, str | None]]]:
    return [[(t.folded, t.field) for t in c.terms] for c in parse(q).clauses]


def test_space_separated_terms_are_anded() -> None:
    assert terms("衡阳 承接") == [[("衡阳", None)], [("承接", None)]]


def test_phrase_keeps_its_spaces_out_of_the_way() -> None:
    q = parse('"产业 转移" 衡阳')
    assert [t.folded for t in q.positive_terms()] == ["产业转移", "衡阳"]
    assert q.positive_terms()[0].phrase


def test_quotation_marks_of_a_chinese_input_method_make_a_phrase() -> None:
    # What a user types for "一带一路" with a Chinese input method: the words, not the marks.
    assert terms("“一带一路” 建设") == [[("一带一路", None)], [("建设", None)]]
    assert parse("“产业 转移”").positive_terms()[0].phrase
    assert terms("“产业 转移”") == terms('"产业 转移"') == [[("产业转移", None)]]
    assert terms("「衡陽」 -『湘西』") == [[("衡阳", None)]]
    assert [t.folded for t in parse("衡阳 -「湘西」").excluded] == ["湘西"]
    assert terms("headline:“衡阳”") == [[("衡阳", "headline")]]
    # Marks inside a word are text, as pasted from a page; so is a pair left open.
    assert terms("推动“一带一路”建设") == [[("推动“一带一路”建设", None)]]
    assert terms("“一带一路”建设") == [[("“一带一路”建设", None)]]
    assert terms("“一带一路") == [[("“一带一路", None)]]


def test_exclusion_and_or() -> None:
    q = parse("承接 -邓群策 衡阳 OR 湘西")
    assert [t.folded for t in q.excluded] == ["邓群策"]
    assert terms("承接 -邓群策 衡阳 OR 湘西") == [
        [("承接", None)],
        [("衡阳", None), ("湘西", None)],
    ]


def test_field_filters() -> None:
    q = parse("headline:衡阳 byline:李苗 kicker:环保 briefing:湖南 -briefing:abc")
    assert terms("headline:衡阳 byline:李苗 kicker:环保") == [
        [("衡阳", "headline")],
        [("李苗", "byline")],
        [("环保", "kicker")],
    ]
    assert q.briefings == ("湖南",)
    assert q.not_briefings == ("abc",)


def test_source_names_the_briefing_as_in_the_concordance() -> None:
    q = parse("衡阳 source:湖南日報 -SOURCE:人民")
    assert terms("衡阳 source:湖南日報") == [[("衡阳", None)]]
    assert q.briefings == ("湖南日报",)
    assert q.not_briefings == ("人民",)


def test_field_with_phrase_and_unknown_field_is_text() -> None:
    assert terms('headline:"衡阳 市"') == [[("衡阳市", "headline")]]
    assert terms("foo:bar") == [[("foo:bar", None)]]


def test_lenient_input() -> None:
    assert terms('"产业 转移') == [[("产业转移", None)]]  # unbalanced quote runs to the end
    assert terms("衡阳 -") == [[("衡阳", None)]]  # a lone dash means nothing
    assert terms('衡阳"') == [[("衡阳", None)]]  # a stray closing quote is not part of the word
    assert terms('衡阳"产业 转移') == [[("衡阳", None)], [("产业转移", None)]]
    assert terms("OR 衡阳 OR") == [[("衡阳", None)]]
    assert parse("").empty and parse("   ").empty and parse('""').empty


def test_only_exclusions_is_a_clean_error() -> None:
    with pytest.raises(QueryError) as err:
        parse("-衡阳")
    assert "\n" not in str(err.value)


def test_fold_width_case_script_and_whitespace() -> None:
    assert fold("ＩＴ環境") == "it环境"
    assert fold("衡陽") == "衡阳"
    assert fold("320.08億元") == "320.08亿元"
    assert fold("衡\n  阳") == "衡阳"
    assert fold("（衡阳）：") == "(衡阳):"


def test_fold_map_points_back_into_the_source() -> None:
    text = "建滔（衡陽）\n實業"
    folded, where = fold_with_map(text)
    assert folded == "建滔(衡阳)实业"
    start = folded.index("衡阳")
    assert source_span(where, len(text), start, start + 2) == (3, 5)
    start = folded.index(")实")
    s, e = source_span(where, len(text), start, start + 2)
    assert text[s:e] == "）\n實"


def test_fold_expanding_characters_map_to_their_source() -> None:
    folded, where = fold_with_map("Straße ①")
    assert folded == "strasse1"
    assert where == [0, 1, 2, 3, 4, 4, 5, 7]
