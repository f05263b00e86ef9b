"""Properties of parse() on arbitrary text: it never crashes and never invents text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.errors import ImportFailure
from store.ingest import parse
from store.models import ParsedBriefing
from store.sanitize import clean_text

# Pieces that exercise every rule: titles, bylines, datelines, captions, dashes,
# punctuation at line ends, indents, tables, blank lines and line-end styles.
_PIECES = [
    "开放强省再发力",
    "5年“转”来500多家企业 ——看衡阳",
    "——访市长",
    "聚焦两会——",
    "湖南日报记者 李苗 徐德荣",
    "本报记者 张三 通讯员 李四",
    "湖南日报11月22日讯(记者 曹娟)今天,",
    "新华社北京１０月７日电（记者 李明）",
    "本报讯 ",
    "11月20日,衡阳县西渡镇,工人在组装手表。",
    "图为大桥。",
    "这是一个完整的句子。",
    "句子没有结束,",
    "入园对接;",
    "“引语。”",
    "(防渗漏)",
    "……",
    "Table with 3 columns: a, b, c. It contains 2 rows.",
    "| a | b |",
    "x\ty\tz",
    "---",
    "\u3000\u3000",
    "  ",
    "\n",
    "\n\n",
    "\n\n\n",
    "\r\n",
    "\r",
    "——",
    "(",
    ")",
    "：",
    "。",
]

_texts = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)),
    max_size=40,
).map("".join)


def _check(text: str) -> None:
    try:
        result = parse(text)
    except ImportFailure as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(result, ParsedBriefing)
    assert result.sections
    lines = [line.strip() for line in clean_text(text).split("\n")]
    lines = [line for line in lines if line]
    source = clean_text(text)
    paragraphs = 0
    for section in result.sections:
        assert section.headline is not None
        # Head fields are cut from one line (a headline broken over two lines is joined
        # back), or (an untitled article's stand-in headline) from the start of its first
        # block; stacked kicker lines are joined by a space.
        for field in (section.headline, section.deck, section.dateline):
            if field:
                assert (
                    field in source
                    or _is_concatenation(field, lines)
                    or any(b.text.startswith(field) for b in section.blocks)
                )
        if section.kicker:
            assert _chars_from(section.kicker.replace(" ", ""), source)
        for block in section.blocks:
            assert block.type in ("paragraph", "heading", "caption", "table")
            if block.type == "table":
                assert all(c in source for c in block.columns)
                continue
            paragraphs += block.type == "paragraph"
            assert block.text
            # A bracketed byline closing a paragraph moves to the byline: the rest of its
            # line, up to the bracket, is what the paragraph keeps.
            cut = [line[:i].rstrip() for line in lines for i, ch in enumerate(line) if ch in "（("]
            assert _is_concatenation(block.text, lines + [c for c in cut if c]), (block.text, lines)
    assert paragraphs >= 1


def _chars_from(value: str, source: str) -> bool:
    return set(value) <= set(source)


def _is_concatenation(text: str, lines: list[str]) -> bool:
    """Whether text is a run of whole (stripped) input lines joined with nothing between."""
    reachable = {0}
    frontier = [0]
    while frontier:
        pos = frontier.pop()
        if pos == len(text):
            return True
        for line in lines:
            nxt = pos + len(line)
            if nxt not in reachable and text.startswith(line, pos):
                reachable.add(nxt)
                frontier.append(nxt)
    return False


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_parse_never_crashes_and_never_invents_text(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parse_on_any_unicode(text: str) -> None:
    _check(text)


def test_text_without_paragraphs_is_refused() -> None:
    for text in (
        "",
        "   \n\n",
        "只有标题\n\n另一个标题",
        "Table with 2 columns: a, b.",
        "———\n***",
    ):
        try:
            parse(text)
        except ImportFailure as exc:
            assert "paragraph" in str(exc)
        else:
            raise AssertionError(f"parsed {text!r}")
