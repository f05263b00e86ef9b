"""Paragraphs broken mid-sentence joined again, and captions set inside the break lifted out.

A paragraph that stops mid-sentence continues in the next block, and a short complete
sentence wedged inside such a break is a photo caption that the page set into the column.
"""

from __future__ import annotations

import re

from store.ingest.blocks import CAPTION_MAX, Item
from store.ingest.text import DASH_RUN, Layout, ends_sentence, is_soft_title

# Headlines are short; a line this long with no punctuation may be a wrapped paragraph.
WRAPPED_TITLE_MIN = 16
# Captions usually open with when and where the photo was taken ("11月20日,衡阳县西渡镇,")
# or with a pointer to the picture ("图为…").
_CAPTION_OPENER = re.compile(
    r"^(?:[0-9０-９]{4}年)?[0-9０-９]{1,2}月[0-9０-９]{1,2}日[,，、\s]"
    r"|^(?:近日|日前|当日|昨天|昨日|今天|今日)[,，]"
    r"|^(?:图为|圖為|上图|下图|左图|右图|图[:：]|圖[:：])"
)


def rejoin(items: list[Item], layout: Layout) -> list[Item]:
    """Join paragraphs broken mid-sentence and lift out captions set inside the break."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if item.kind == "title" and i < len(items) and _wrapped_first_line(item, items[i], layout):
            item.kind = "paragraph"
            item.parts = [item.text]
        elif item.kind == "paragraph" and _set_off_soft_title(item, layout):
            item.kind = "title"
        if item.kind != "paragraph":
            out.append(item)
            continue
        lifted: list[Item] = []
        while not ends_sentence(item.parts[-1]) and i < len(items):
            if _is_wedged_caption(items, i, layout, second=bool(lifted)):
                cap = items[i]
                lifted.append(Item("caption", cap.text, cap.gap, parts=[cap.text]))
                i += 1
                continue
            if not _continues(items[i], layout) and not _wrapped_on(item.parts[-1], items, i):
                break
            item.parts.append(items[i].text)
            i += 1
        item.text = "".join(item.parts)
        out.append(item)
        out.extend(lifted)
    return out


def _wrapped_first_line(title: Item, nxt: Item, layout: Layout) -> bool:
    """A long unpunctuated line with prose right under it is a hard-wrapped first line.

    Only in pages that separate blocks by blank lines, where a title would stand apart.
    """
    return (
        layout.blank_mode
        and nxt.gap == 0
        and nxt.kind == "paragraph"
        and nxt.dateline is None
        and len(title.text) >= WRAPPED_TITLE_MIN
        and not DASH_RUN.search(title.text)
    )


def _set_off_soft_title(item: Item, layout: Layout) -> bool:
    """A comma-bearing or asking short line set off by extra blank lines is a headline.

    Pages that separate paragraphs by blank lines put more space above a new article.
    """
    return (
        layout.blank_mode
        and item.gap > layout.usual_gap
        and item.dateline is None
        and is_soft_title(item.text)
    )


def _continues(nxt: Item, layout: Layout) -> bool:
    """Whether nxt can be the rest of a paragraph that stopped mid-sentence."""
    if nxt.kind == "paragraph":
        return nxt.dateline is None
    # A short unpunctuated line is a title, unless it sits directly under the broken
    # line in a dump that separates blocks by blank lines: then it is a hard wrap.
    return nxt.kind == "title" and not nxt.numbered and layout.blank_mode and nxt.gap == 0


# A page without blank lines that wraps its text at a fixed width: a broken line this long
# was cut by the width, not ended by its writer.
WRAP_MIN = 20
# The most title lines an article's head stacks (column, kicker, headline, deck).
_HEAD_RUN = 4


def _wrapped_on(broken: str, items: list[Item], i: int) -> bool:
    """An unpunctuated line right under a long broken line goes on with its sentence.

    In a page without blank lines, a line cut by the page width and followed by a line
    without punctuation is one sentence wrapped, unless that line heads an article (a
    byline, dateline or crawler line comes under it) or is a numbered cross-head.
    """
    nxt = items[i]
    if nxt.kind != "title" or nxt.numbered or nxt.gap > 0 or len(broken) < WRAP_MIN:
        return False
    # Look past a run of title lines (kicker, headline, deck) to what stands under it.
    k = i + 1
    while k < len(items) and k <= i + _HEAD_RUN and items[k].kind == "title":
        k += 1
    after = items[k] if k < len(items) else None
    heads = after is not None and (
        after.kind in ("byline", "dateline", "meta") or after.dateline is not None
    )
    return not heads


def _is_wedged_caption(items: list[Item], i: int, layout: Layout, *, second: bool) -> bool:
    """A short complete sentence between a broken paragraph and its continuation.

    A second caption in the same break must announce itself: the space after the first
    caption is not evidence about the line that follows it.
    """
    cand = items[i]
    if cand.kind not in ("paragraph", "caption") or cand.dateline is not None:
        return False
    if len(cand.text) > CAPTION_MAX or not ends_sentence(cand.text):
        return False
    if i + 1 >= len(items) or not _continues(items[i + 1], layout):
        return False
    set_off = not second and cand.gap > layout.usual_gap
    return set_off or cand.kind == "caption" or bool(_CAPTION_OPENER.match(cand.text))
