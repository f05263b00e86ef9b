"""The byline's plain-code tests of ideographs answer as the rules they replace."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from store.ingest import han
from store.ingest.bylines import _DESK_WORDS, ROLE_WORDS, parse_byline

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# The rules as regular expressions, as the byline parser used them.
CLASS = re.compile(f"[{HAN}]")
HAN_CHAR = re.compile(f"^[{HAN}]$")
NAME = re.compile(rf"^(?:[{HAN}]{{2,4}}|[{HAN}]{{1,8}}(?:[·•][{HAN}]{{1,8}})+)$")
NAME_SHOT = re.compile(rf"^(?P<name>[{HAN}]{{2,4}}|[{HAN}]{{1,8}}(?:[·•][{HAN}]{{1,8}})+)[摄攝]$")
DESK = re.compile(rf"^[{HAN}]{{1,8}}(?:组|組|中心|部|室|团队|團隊|社)$")
ROLE_TOKEN = re.compile(
    rf"^(?P<role>[{HAN}]{{0,12}}?(?:{'|'.join(ROLE_WORDS)}))(?P<name>[{HAN}·•]{{2,8}})?$"
)

# Ideographs at and beside each block's edges, a few common ones, and what may sit in a token.
EDGES = "\u33ff\u3400\u4dbf\u4dc0\u4dff\u4e00\u9fff\ua000\uf8ff\uf900\ufaff\ufb00\U00020000"
PIECES = [
    *EDGES,
    *"张三李四王五本报新华社驻国中心部组社团队摄攝影图文",
    "·",
    "•",
    "\n",
    " ",
    "a",
    "1",
    *ROLE_WORDS,
    *_DESK_WORDS,
]
TOKENS = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


def test_is_han_agrees_with_the_class_on_every_code_point() -> None:
    text = "".join(map(chr, range(0x110000)))
    wanted = {m.start() for m in CLASS.finditer(text)}
    assert {i for i, c in enumerate(text) if han.is_han(c)} == wanted
    assert len(wanted) == 28096


@settings(max_examples=3000, deadline=None)
@given(TOKENS)
def test_the_name_tests_answer_as_the_rules(token: str) -> None:
    assert han.is_han_char(token) == bool(HAN_CHAR.match(token))
    assert han.is_name(token) == bool(NAME.match(token))
    shot = NAME_SHOT.match(token)
    assert han.name_shot(token) == (shot.group("name") if shot else None)
    assert han.ends_in(token, 8, _DESK_WORDS) == bool(DESK.match(token))
    role = ROLE_TOKEN.match(token)
    assert han.role_token(token, ROLE_WORDS) == (role.group("role", "name") if role else None)


def test_tokens_the_rules_are_made_for() -> None:
    assert han.role_token("本报记者张三", ROLE_WORDS) == ("本报记者", "张三")
    assert han.role_token("湖南日报见习记者", ROLE_WORDS) == ("湖南日报见习记者", None)
    assert han.role_token("张三", ROLE_WORDS) is None
    assert han.name_shot("李四摄") == "李四" and han.name_shot("摄") is None
    assert han.is_name("阿卜杜拉·阿齐兹") and not han.is_name("张三李四王")
    assert han.ends_in("新聞中心", 8, _DESK_WORDS) and not han.ends_in("中心", 8, _DESK_WORDS)
    assert han.is_han_char("\ufaff\n") and not han.is_han_char("\ufb00")


def test_a_byline_reads_as_before() -> None:
    byline = parse_byline("本报记者 李苗、徐德荣 通讯员 王五 李四摄")
    assert byline is not None
    assert byline.authors == ("李苗", "徐德荣", "王五")
    assert byline.photographers == ("李四",)
    assert byline.parts == (("本报记者", ("李苗", "徐德荣")), ("通讯员", ("王五", "李四")))
