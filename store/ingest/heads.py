"""Article heads: whether title lines open an article, and how they split into its parts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from store.ingest.bylines import HAN
from store.ingest.lazyre import later
from store.ingest.metadata import DATE

# A run of dashes that separates a headline from its deck ("主题 ——副题"), ends a kicker
# ("聚焦两会——") or opens a deck on its own line ("——访衡阳市市长邓群策").
_DASHES = r"(?:—{2,}|―{2,}|─{2,}|-{2,}|——)"
LEADING_DASH = later(rf"^{_DASHES}\s*")
TRAILING_DASH = later(rf"\s*{_DASHES}$")
INNER_DASH = later(rf"\s*{_DASHES}\s*")
# A series or column tag printed after a headline: （今日谈）, （人民论坛）, （走基层③）.
SERIES_TAG = later(r"[（(][^（）()]{1,16}[）)]$")
# Two parts of a headline set apart by a space ("二季度以来 银行理财规模企稳回升"): the way
# a headline, and not a cross-head, is typeset on one line.
_SPACED_PARTS = later(rf"[{HAN}0-9A-Za-z”」》）%][ \u3000]+[{HAN}0-9A-Za-z“「《（]")
# "世纪数码过会：今年IPO过关第87家": topic, colon, statement.
_COLON_FORM = later(r"^[^：:]{2,}[：:][^：:]{4,}$")
# A table's own title names what it lists (…一览表, …名单), maybe with a note in brackets:
# it heads the table inside an article, not an article.
_TABLE_TITLE = later(r"(?:表|一览|一覽|清单|清單|名单|名單|明细|明細)(?:[（(][^（）()]*[）)])?$")
# A headline is seldom shorter than this; a cross-head seldom longer.
LONG_HEAD = 18
# The short last line of a headline broken before its verb ("…独立50周年" / "致贺电").
_TAIL_MAX = 4
_TAIL = later(rf"[{HAN}]{{2,{_TAIL_MAX}}}")
# End marks that close an article: （完）, （终）, 【完】.
END_MARK = later(r"[（(【\[]\s*(?:完|终|終|全文完)\s*[）)】\]]$")
# A signature block's date: the Chinese full date on a line of its own.
_SIGN_DATE = later(
    r"^(?:(?:19|20)[0-9]{2}|[一二三四五六七八九〇○零]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日$"
)
_SIGNER_MAX = 24
# Two ideographs in a row, the usual length of a Chinese word: what two texts share of these
# tells whether they speak of the same thing.
_HAN_RUN = later(rf"[{HAN}]{{2,}}")
# A title needs about ten characters (this many pairs) before sharing no word with the
# story above means anything, and the story needs this many characters to have named its
# subject.
_TOPIC_PAIRS = 8
_STORY_CHARS = 100
# "——编  者", "——作者": a dash and a short signer closing an editor's or author's note.
_DASH_CHARS = "—―─-"  # what every form of _DASHES starts with
_SIGN_OFF = later(rf"^{_DASHES}\s*(?:[{HAN}][\s\u3000]*){{1,4}}$|^{_DASHES}\s*\S{{2,12}}$")


@dataclass(frozen=True, slots=True)
class Context:
    """What the page around a title run says about it."""

    # An article is already open.
    have_section: bool
    # The open article has ended: a closing byline, an end mark or a credit line came last.
    closed: bool = False
    # Blank lines above the run, and the page's usual number between blocks (0 when the
    # page does not separate blocks by blank lines).
    gap: int = 0
    usual_gap: int = 0
    # Asked last, as it reads the open article: whether the run is one title line that
    # shares no word with it (see new_topic). None where the page's spacing tells.
    new_topic: Callable[[], bool] | None = None


def headline_form(text: str) -> bool:
    """Whether a single line is shaped like a headline rather than a cross-head.

    Newspapers set a headline's two parts apart with a space, put a topic before a colon,
    end a headline with a series tag, and write headlines longer than cross-heads.
    """
    if _TABLE_TITLE.search(text):
        return False
    body = SERIES_TAG.sub("", text)
    if body != text and len(body) >= 4:
        return True
    if len(text) >= LONG_HEAD:
        return True
    return bool(_SPACED_PARTS.search(text) or _COLON_FORM.match(text))


def opens_article(titles: list[str], *, numbered: bool, follows: str | None, ctx: Context) -> bool:
    """Whether a run of title lines heads a new article rather than being a cross-head.

    `follows` is what comes right after the run: "byline", "dateline", "meta" (a crawler's
    author or date line), "paragraph", or None at the end of the page.
    """
    if not ctx.have_section:
        return True
    if numbered:
        # 三、配套服务 heads a part of the article it stands in.
        return False
    if follows in ("byline", "dateline", "meta"):
        return True
    if len(titles) >= 2:
        return True
    text = titles[0]
    if INNER_DASH.search(text.strip("—-―─ ")):
        # A one-line title carrying its own deck is an article head.
        return True
    if TRAILING_DASH.search(text) and follows != "paragraph":
        # A kicker mark pointing at what comes next; over a paragraph inside an article it
        # is a lead-in cross-head ("加快传统产业“升”的步伐——").
        return True
    if ctx.closed:
        # The article above has ended: what follows is the next one.
        return True
    if ctx.usual_gap and ctx.gap > ctx.usual_gap:
        # Set off by more blank lines than the page puts between paragraphs.
        return True
    if ctx.new_topic is not None and ctx.new_topic():
        # A cross-head speaks of the story it stands in and repeats its words; a title
        # line that shares none of them with the story above starts the next story.
        return True
    return headline_form(text)


def word_pairs(text: str) -> set[str]:
    """Every two ideographs in a row in text: the words it could be speaking of."""
    pairs: set[str] = set()
    for run in _HAN_RUN.findall(text):
        pairs.update(run[i : i + 2] for i in range(len(run) - 1))
    return pairs


def new_topic(title: str, story: set[str], story_chars: int) -> bool:
    """Whether a title line shares no word with a story long enough to have named its subject.

    `story` is the story's word_pairs() and `story_chars` its length. A deck or sign-off
    opening with a dash is never a new topic.
    """
    if story_chars < _STORY_CHARS or LEADING_DASH.match(title):
        return False
    pairs = word_pairs(title)
    return len(pairs) >= _TOPIC_PAIRS and not pairs & story


def signature_length(titles: list[str]) -> int:
    """How many of the title lines, from the first, form a signature block (0 if none).

    A sign-off such as "——编  者" under an editor's note is one line of its own.
    """
    if titles and titles[0][:1] in _DASH_CHARS and _SIGN_OFF.match(titles[0]):
        return 1
    for i, line in enumerate(titles[:3]):
        if _SIGN_DATE.match(line):
            return i + 1 if is_signature(titles[: i + 1]) else 0
    return 0


def is_signature(titles: list[str]) -> bool:
    """A letter's or speech's signature: a name or body, then a date such as 2020年3月1日."""
    if not 1 <= len(titles) <= 3 or not _SIGN_DATE.match(titles[-1]):
        return False
    return all(len(t) <= _SIGNER_MAX for t in titles[:-1]) and DATE.search(titles[-1]) is not None


def split_title(titles: list[str]) -> tuple[str | None, str, str | None]:
    """Kicker, headline and deck from the title lines that open an article.

    The last line is the headline; a line that opens with a dash run is a deck; a dash
    run inside the headline splits it into headline and deck; lines above the headline
    are kickers (a column banner and a kicker are joined by a space), with any trailing
    dash run removed. A last line that is only a series tag (（今日谈）) or the short end
    of a broken headline (致贺电) belongs to the line above it.
    """
    lines = list(titles)
    deck = None
    if len(lines) > 1 and LEADING_DASH.match(lines[-1]):
        deck = LEADING_DASH.sub("", lines.pop()) or None
    if len(lines) > 1 and (
        SERIES_TAG.fullmatch(lines[-1])
        or (_TAIL.fullmatch(lines[-1]) and len(lines[-2]) > 2 * _TAIL_MAX)
    ):
        tail = lines.pop()
        lines[-1] = lines[-1] + tail
    if deck is None and len(lines) == 3 and not TRAILING_DASH.search(lines[1]):
        # 引题, 主题, 副题: three stacked lines are kicker, headline and deck.
        deck = lines.pop()
    last = lines.pop()
    headline = TRAILING_DASH.sub("", last) or last
    if deck is None:
        parts = INNER_DASH.split(headline, maxsplit=1)
        if len(parts) == 2 and parts[0] and parts[1]:
            headline, deck = parts
    kickers = [k for k in (TRAILING_DASH.sub("", line) for line in lines) if k]
    kicker = " ".join(kickers) if kickers else None
    return kicker, headline, deck
