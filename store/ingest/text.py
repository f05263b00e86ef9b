"""Line-level facts about Chinese newspaper text: punctuation, titles, input units."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from store.ingest.lazyre import later

# Marks that end a sentence. Semicolons and colons count too: in a news dump a line
# ending in one is a list item or a lead-in, not a paragraph cut in half.
SENTENCE_END = frozenset("。！？!?…；;：:．.")
# Closing quotes and brackets that may follow sentence-final punctuation (“……。”).
CLOSERS = frozenset("”’」』）)》〉】〕\"'")
# Punctuation inside a sentence; a line carrying it is prose, not a title.
CLAUSE = frozenset("，,、")
# Dashes used as the separator between headline and deck, or after a kicker.
DASH_RUN = later(r"[—―─-]{2,}")
TITLE_MAX = 64
# A line with a comma or two can still be a headline when this short ("稳中求进，开创新局面").
TITLE_COMMA_MAX = 30
_WORDLIKE = later(r"\w")
# A horizontal rule between articles: one mark repeated, no table border (| or +) in it.
_RULE = later(r"^([-=*_~#—─━－＝＊·•])(?:\s*\1){2,}$")
_ASK = later(r"[？！?!]")
_THOUSANDS = later(r"(?<=[0-9]),(?=[0-9]{3})")
_TRAILING_TAG = later(r"[（(][^（）()]{1,20}[）)]$")
# Longest line that may be an exclaiming or asking headline.
ASK_TITLE_MAX = 40
_PROSE_MARK = later(
    "[" + re.escape("".join(sorted(CLAUSE | (SENTENCE_END - frozenset("：:.．"))))) + "]"
)


@dataclass(frozen=True, slots=True)
class Unit:
    """One non-empty input line with what the layout around it tells us."""

    text: str
    # Blank lines right above it.
    gap: int
    # A rule line (-----, ＝＝＝, ****) or a page head (第02版：要闻) stands above it: what
    # comes under one starts afresh.
    rule: bool = False


@dataclass(frozen=True, slots=True)
class Layout:
    """How a dump separates its blocks."""

    # Blocks are separated by blank lines, so a line right under another is a hard wrap.
    blank_mode: bool
    # The most common number of blank lines between blocks; more than this sets a
    # block off (a photo caption dropped between paragraphs).
    usual_gap: int


def split_units(text: str) -> tuple[list[Unit], Layout]:
    """The non-empty lines of text, stripped, and how the dump lays out its blocks.

    Lines with no letter, digit or ideograph (rules such as `*****` or `————`) carry no
    text and are dropped.
    """
    units: list[Unit] = []
    gap = 0
    ruled = False
    blanks_between = 0
    gaps: Counter[int] = Counter()
    for raw in text.split("\n"):
        # strip() also removes full-width indents (U+3000) and no-break spaces.
        stripped = raw.strip()
        if not stripped:
            gap += 1
            continue
        if not _WORDLIKE.search(stripped):
            # A rule line is neither text nor a blank line (it may sit inside a table, where
            # it carries | or +, and is then no break).
            ruled = ruled or bool(_RULE.match(stripped))
            continue
        if units and gap:
            blanks_between += 1
            gaps[gap] += 1
        units.append(Unit(stripped, gap, ruled))
        gap = 0
        ruled = False
    # A dump whose blocks are mostly separated by blank lines uses the blank line as
    # the block boundary; a line directly under another is then a hard wrap.
    blank_mode = len(units) > 1 and blanks_between * 2 >= len(units) - 1
    usual_gap = gaps.most_common(1)[0][0] if gaps and blank_mode else 0
    return units, Layout(blank_mode, usual_gap)


def ends_sentence(text: str) -> bool:
    """Whether text ends with sentence-final punctuation, possibly inside closing quotes."""
    i = len(text) - 1
    while i >= 0 and text[i] in CLOSERS:
        i -= 1
    if i < 0:
        return False
    # Closers count only after 。！？ and the like: "防渗漏)" is still mid-sentence.
    return text[i] in SENTENCE_END


def is_title_like(text: str) -> bool:
    """A short line without sentence punctuation: a headline, kicker, deck or cross-head."""
    if len(text) > TITLE_MAX or ends_sentence(text):
        return False
    # Inside a title a colon introduces a speaker or topic ("专访：…") and a dot is a
    # decimal point; any other sentence mark, or a comma, means prose. A comma between
    # digits groups thousands ("$89,900"), it is no clause break.
    return _PROSE_MARK.search(_THOUSANDS.sub("", text)) is None


def is_soft_title(text: str) -> bool:
    """A short line that could be a title but reads like a sentence.

    It holds a comma or two ("稳中求进，开创新局面") or ends in a question or exclamation
    mark ("假期去哪儿？"). Such a line is a title only where the layout says so (stacked
    above a byline or dateline); elsewhere it is a paragraph.
    """
    # A trailing author or series tag, "（陳炳宏）", "（坚定信心，打开改革发展新天地）", is part
    # of a headline, commas and all.
    untagged = _TRAILING_TAG.sub("", text)
    if untagged and untagged != text and is_title_like(untagged):
        return True
    text = untagged or text
    if len(text) > TITLE_MAX or text[-1] in CLAUSE:
        return False
    if (
        _ASK.search(text)
        and not any(ch in text for ch in "。，,；;")
        and len(text) <= ASK_TITLE_MAX
    ):
        # "生人請迴避！ 彰縣伸港…", "是真的！BMW X6賣1萬": a headline may exclaim or ask
        # inside itself; prose that does so also carries commas or full stops.
        return True
    if len(text) > TITLE_COMMA_MAX:
        return False
    closers = "".join(CLOSERS)
    asks = text.rstrip(closers)[-1:] in ("？", "！", "?", "!")
    commas = sum(1 for ch in text if ch in CLAUSE)
    if not (asks or 1 <= commas <= 2) or commas > 2:
        return False
    body = text.rstrip(closers + "？！?!")
    return bool(body) and not any(ch in SENTENCE_END and ch not in "：:.．" for ch in body)


# Numbered cross-heads: 三、配套服务, （三）配套服务, 3. 配套服务, 第三部分 …; the number
# says the line heads a part of the article, whatever punctuation the rest carries.
_NUMBERED = later(
    r"^(?:[一二三四五六七八九十百]{1,3}、|[（(][一二三四五六七八九十百0-9]{1,3}[）)]"
    r"|[0-9]{1,2}[、．.](?![0-9])|第[一二三四五六七八九十百0-9]{1,3}[部分章节篇])\s*\S"
)
NUMBERED_MAX = 30


def is_numbered_heading(text: str) -> bool:
    """A numbered cross-head on its own line (三、配套服务, （三）配套服务), not a list item.

    A list item reads as a sentence: it is long or ends with sentence punctuation.
    """
    if len(text) > NUMBERED_MAX or ends_sentence(text) or "。" in text:
        return False
    return _NUMBERED.match(text) is not None


def first_sentence(text: str, limit: int = 40) -> str:
    """The opening sentence of text (up to limit characters), used as a stand-in title."""
    for i, ch in enumerate(text[:limit]):
        if ch in "。！？!?；;":
            return text[: i + 1]
    return text[:limit]
