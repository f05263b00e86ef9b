"""Bylines as printed in Chinese papers: roles, names, photo credits, bracketed end bylines."""

from __future__ import annotations

import re

from store.ingest.han import HAN, ends_in, is_han_char, is_name, name_shot, role_token
from store.ingest.lazyre import later
from store.models import Byline

# Words that end a byline role: 记者, 见习记者, 通讯员, 实习生 ... The longer forms come
# first so "湖南日报见习记者" keeps 见习 in the role.
ROLE_WORDS = (
    "特约记者",
    "见习记者",
    "实习记者",
    "首席记者",
    "全媒体记者",
    "融媒体记者",
    "记者",
    "特约通讯员",
    "通讯员",
    "实习生",
    "特约撰稿人",
    "撰稿人",
    "评论员",
    "摄影记者",
    "摄影",
    "编辑",
    # The same roles in traditional characters, for Big5 and Hong Kong / Taiwan pages.
    "特約記者",
    "見習記者",
    "實習記者",
    "首席記者",
    "記者",
    "特約通訊員",
    "通訊員",
    "實習生",
    "評論員",
    "攝影記者",
    "攝影",
    "編輯",
)
_ROLE = "|".join(ROLE_WORDS)
_ROLE_ANYWHERE = later(_ROLE)
# Any word that can make a line without a role a byline: a photo mark or a text credit.
_HAS_CREDIT = later(
    r"摄|攝|(?:^|[\s\u3000/／|｜])(?:文|图|圖|文字|撰文|图片|圖片|文图|图文)(?=$|[\s\u3000/／|｜:：])"
)
# Bylines that are a role alone: the paper's or agency's commentator, its editorial board.
_COLLECTIVE = later(rf"[{HAN}]{{1,8}}?(?:特约评论员|评论员|評論員|编辑部|編輯部|评论部|評論部)")
# A role token (`han.role_token`): an optional owner (a paper, 本报, 新华社, 本报驻某国) then
# a role word, optionally glued to one name ("本报记者张三"). A personal name (`han.is_name`):
# two to four ideographs, or a transcribed name joined by a middle dot; papers print the
# photo mark glued on too ("李四摄", `han.name_shot`).
# A desk or unit credited beside its reporters (特勤組, 新聞中心, 编辑部, 特稿组, 国际部,
# 工作室): papers name their teams with these words, and no person's name ends in one, so
# such a credit is the desk that filed the story, not one of its writers.
_DESK_WORDS = ("组", "組", "中心", "部", "室", "团队", "團隊", "社")
# Trailing words that say what the people did, not who they are.
_REPORTED = frozenset({"报道", "报导", "報導", "報道", "整理", "采写", "採寫", "发自", "發自"})
# The photo mark after names: "张三 摄" credits the picture, not the text.
_SHOT = frozenset({"摄", "攝", "摄影", "攝影", "拍摄", "拍攝"})
# What the people made, printed before them: "文/图 本报记者 张三", "文/张三 图/李四".
_TEXT_CREDIT = frozenset({"文", "文字", "撰文"})
_PHOTO_CREDIT = frozenset({"图", "圖", "图片", "圖片", "摄影", "攝影"})
_BOTH_CREDIT = frozenset({"文图", "文圖", "图文", "圖文"})
_SPLIT = later(r"[\s\u3000、,，/／|｜:：]+")
BULLETS = "□■◎●○◆◇★☆▲△▼▽◉"
_OPENERS = "（(【[〔"
_CLOSERS = "）)】]〕"
BYLINE_MAX = 48
# A bracketed byline closing a paragraph: "……任务。（记者 张三）".
_END_BRACKET = later(r"[（(【〔](?P<inner>[^（）()【】〔〕]{2,40})[）)】〕]\s*$")


# The reporter credit Taiwanese and Hong Kong papers open a story with, in brackets:
# 〔記者張存薇／台東報導〕, 【吳珮如、陳培煌╱台北報導】, （記者 李四／專訪）,
# 〔編譯管淑平／綜合報導〕.
_CREDIT_ROLE = r"記者|记者|編譯|编译|特派員|特派员|實習記者|实习记者"
_CREDIT_BODY = (
    rf"(?P<names>[{HAN}]{{2,4}}(?:[、,，\s][{HAN}]{{2,4}})*)\s*[╱／/]\s*"
    rf"[{HAN}]{{0,8}}?(?:報導|报道|報道|專訪|专访|連線報導|连线报道|特稿)"
)
_CREDIT_OPEN = later(
    rf"(?:[〔【（(\[]\s*(?:{_CREDIT_ROLE}|文)?|^(?={_CREDIT_ROLE})(?:{_CREDIT_ROLE}))"
    rf"\s*{_CREDIT_BODY}\s*[〕】）)\]]?"
)
# How far into an article's first paragraph such a credit may stand (after a short deck).
_CREDIT_REACH = 40


def opening_credit(paragraph: str) -> Byline | None:
    """The reporter credit near the start of a paragraph (〔記者張存薇／台東報導〕), or None.

    The credit may follow a short deck on the same line ("與潮州站同步打造商場〔記者…〕");
    the paragraph keeps its words, the names go to the byline.
    """
    head = paragraph[: _CREDIT_REACH + 30]
    for match in _CREDIT_OPEN.finditer(head):
        if match.start() > _CREDIT_REACH:
            break
        names = tuple(
            n for n in re.split(r"[、,，\s]+", match.group("names")) if n and not is_desk(n)
        )
        role = "記者" if "記" in match.group(0) or "记" in match.group(0) else None
        return Byline(role=role, authors=names, text=match.group(0))
    return None


def _join_padded(tokens: list[str]) -> list[str]:
    """Join single ideographs a paper padded apart (王　五 → 王五).

    Two-character names are set in three cells with a full-width space between the
    characters so that they line up with three-character names; after splitting on
    spaces such a name arrives as single ideographs in a row.
    """
    # "鞠　鹏摄": the photo mark glued to the last character of a padded name.
    split: list[str] = []
    for token in tokens:
        if len(token) == 2 and token[1] in "摄攝" and split and is_han_char(split[-1]):
            split.extend((token[0], token[1]))
        else:
            split.append(token)
    tokens = split
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run.clear()

    for token in tokens:
        single = is_han_char(token)
        credit = token in _TEXT_CREDIT or token in _PHOTO_CREDIT or token in _SHOT
        if single and not credit:
            run.append(token)
            continue
        flush()
        out.append(token)
    flush()
    return out


def _strip_brackets(text: str) -> str:
    if len(text) > 2 and text[0] in _OPENERS and text[-1] in _CLOSERS:
        return text[1:-1].strip()
    return text


def parse_byline(text: str) -> Byline | None:
    """Read a byline such as `本报记者 李苗、徐德荣 通讯员 王五`; None when text is not one.

    Several roles on one line keep their own names in `parts`; `role` joins the roles with
    a space and `authors` lists every writer in order. Names a paper padded with full-width
    spaces are joined. `张三 摄` and `本报记者 李四摄` credit photographers. A byline in
    brackets (`（本报记者 王五）`) is read the same.
    """
    printed = text.strip()
    if len(printed) > BYLINE_MAX + 4 or not (
        printed[:1] in BULLETS or _ROLE_ANYWHERE.search(printed) or _HAS_CREDIT.search(printed)
    ):
        # Cheap test first: every line of a page comes through here.
        return None
    bulleted = printed[:1] in BULLETS
    body = _strip_brackets(printed.lstrip(BULLETS).strip())
    if not body or len(body) > BYLINE_MAX:
        return None
    tokens = _join_padded([t for t in _SPLIT.split(body) if t])
    if not tokens:
        return None
    if len(tokens) == 1 and _COLLECTIVE.fullmatch(tokens[0]):
        # "本报评论员", "新华社评论员": a byline that names the paper's voice, not a person.
        return Byline(role=tokens[0], text=printed)
    joined = "".join(tokens)
    padded = len(tokens) > 1 and all(len(t) == 1 for t in tokens)
    if bulleted and is_name(joined) and (padded or len(joined) <= 3):
        # "■ 李 文" under a commentary's headline: a bullet and a (padded) name, nothing
        # else. "■配套服务" is a cross-head: four unpadded characters read as a phrase.
        return Byline(authors=(joined,), text=printed)
    parts: list[tuple[str, list[str]]] = []
    authors: list[str] = []
    photographers: list[str] = []
    pending_credit: str | None = None
    since_role: list[str] = []
    if (
        tokens[-1] in _SHOT
        and len(tokens) > 1
        and all(is_name(t) and role_token(t, ROLE_WORDS) is None for t in tokens[:-1])
    ):
        # "张三 摄" with no role: a photo credit under a picture.
        names = tuple(tokens[:-1])
        return Byline(photographers=names, parts=(), text=printed)
    for i, token in enumerate(tokens):
        last = i == len(tokens) - 1
        match = None if token in _SHOT and i > 0 else role_token(token, ROLE_WORDS)
        shot = name_shot(token)
        if match:
            role, name = match
            parts.append((role, []))
            since_role = []
            if name and not is_desk(name):
                _add(name, parts, since_role, authors, photographers, pending_credit)
            continue
        if token in _SHOT and i > 0:
            # "张三 摄": the names since the last role took the picture, not wrote the text.
            if not since_role:
                return None
            for name in since_role:
                if name in authors:
                    authors.remove(name)
                    photographers.append(name)
            since_role = []
            continue
        if shot and (last or tokens[i + 1] in _REPORTED):
            photographers.append(shot)
            if parts:
                parts[-1][1].append(shot)
            continue
        if token in _REPORTED and i >= len(tokens) - 2 and (parts or pending_credit):
            continue
        if not parts and token in _BOTH_CREDIT | _TEXT_CREDIT | _PHOTO_CREDIT:
            # "文/图 本报记者 张三" or "文/张三 图/李四": what the people made, then who.
            pending_credit = token
            continue
        if (parts or pending_credit) and is_desk(token):
            # "本报记者 特稿组 张三": the desk is where they work, not a writer.
            continue
        if (parts or pending_credit) and is_name(token) and token not in _REPORTED:
            _add(token, parts, since_role, authors, photographers, pending_credit)
            continue
        if token in _PHOTO_CREDIT | _TEXT_CREDIT and not parts:
            pending_credit = token
            continue
        return None
    if not (authors or photographers) or not (parts or pending_credit):
        return None
    roles = list(dict.fromkeys(r for r, _ in parts))
    return Byline(
        role=" ".join(roles) if roles else None,
        authors=tuple(authors),
        photographers=tuple(photographers),
        parts=tuple((r, tuple(n)) for r, n in parts),
        text=printed,
    )


def _add(
    name: str,
    parts: list[tuple[str, list[str]]],
    since_role: list[str],
    authors: list[str],
    photographers: list[str],
    credit: str | None,
) -> None:
    """File one name under the current role, as a writer or (after 图/摄影) a photographer."""
    if parts:
        parts[-1][1].append(name)
    since_role.append(name)
    if not parts and credit in _PHOTO_CREDIT:
        photographers.append(name)
    else:
        authors.append(name)


def is_desk(name: str) -> bool:
    """Whether a credited name is a desk or unit (特勤組, 新聞中心, 编辑部), not a person."""
    return ends_in(name, 8, _DESK_WORDS)


def is_byline_like(text: str) -> bool:
    """Cheap test that a line may be a byline (holds a role word or a photo mark)."""
    return _ROLE_ANYWHERE.search(text) is not None or "摄" in text or "攝" in text


def trailing_byline(paragraph: str) -> tuple[str, Byline] | None:
    """Split a bracketed byline off the end of a paragraph: `……。（记者 张三）`.

    Returns the paragraph without it (its other words kept) and the byline, or None. A
    bracket that is not a byline, `（完）` or `（据新华社）`, stays in the text.
    """
    match = _END_BRACKET.search(paragraph)
    if match is None:
        return None
    byline = parse_byline(match.group("inner"))
    if byline is None or not byline.role:
        return None
    return paragraph[: match.start()].rstrip(), byline
