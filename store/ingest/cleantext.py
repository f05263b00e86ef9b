"""Text from structured formats as one clean line: no markup, no stray whitespace."""

from __future__ import annotations

import html
import re

from store.sanitize import clean_line, clean_text

_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,500})?/?>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# Whitespace between two Chinese characters or marks is a wrap in the source, not a space.
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[^\S\n]*\n\s*(?=[{_CJK}])")


def tidy(text: str) -> str:
    """One line of clean text: collapsed whitespace, none between Chinese characters.

    Markup that a page escaped twice (`&amp;nbsp;`, `&lt;p&gt;`) is decoded once more and
    dropped, so no tag or entity ever reaches the text.
    """
    if "&" in text:
        text = html.unescape(text)
    if "<" in text or "&" in text:
        text = _ENTITY.sub("", _TAG.sub("", text))
    text = _CJK_GAP.sub("", clean_text(text))
    text = clean_line(text).replace("\u00a0", " ").replace("\u3000", " ")
    return _SPACE.sub(" ", text).strip()
