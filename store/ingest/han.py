"""Tests of ideographs and the byline's name shapes in plain code.

A regular expression with a class of ideographs costs the process about a millisecond to
compile each time the class appears (the compiler walks every one of its 28,096 characters),
and a page with a byline used to compile four such rules. These functions answer as those
rules did (`^...$`: the end may also be just before a final newline), character for
character; tests hold them to the rules over every code point and random tokens.
"""

from __future__ import annotations

from collections.abc import Iterable

# CJK Unified Ideographs Extension A, the main block, and the compatibility ideographs.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_DOTS = "·•"


def is_han(char: str) -> bool:
    """Whether one character is an ideograph of the three blocks in `HAN`."""
    return (
        "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"
    )


def all_han(text: str) -> bool:
    """Whether every character of `text` is one (True for the empty text)."""
    return all(map(is_han, text))


def _before_end(text: str) -> str:
    # A rule's `$` also matches just before a newline that ends the text.
    return text[:-1] if text.endswith("\n") else text


def is_han_char(text: str) -> bool:
    """`^[HAN]$`: one ideograph."""
    text = _before_end(text)
    return len(text) == 1 and is_han(text)


def _name(text: str) -> bool:
    # `[HAN]{2,4}|[HAN]{1,8}(?:[·•][HAN]{1,8})+`, the whole text.
    if "·" not in text and "•" not in text:
        return 2 <= len(text) <= 4 and all_han(text)
    parts = text.replace("•", "·").split("·")
    return all(1 <= len(part) <= 8 and all_han(part) for part in parts)


def is_name(text: str) -> bool:
    """A personal name: two to four ideographs, or transcribed parts joined by a middle dot."""
    return _name(_before_end(text))


def name_shot(text: str) -> str | None:
    """The name of `李四摄` (a name with the photo mark glued on), or None."""
    text = _before_end(text)
    if len(text) > 2 and text[-1] in "摄攝" and _name(text[:-1]):
        return text[:-1]
    return None


def ends_in(text: str, max_lead: int, words: Iterable[str]) -> bool:
    """`^[HAN]{1,max_lead}(?:word|...)$`: one to `max_lead` ideographs, then one of the words."""
    text = _before_end(text)
    for word in words:
        lead = len(text) - len(word)
        if 1 <= lead <= max_lead and text.endswith(word) and all_han(text[:lead]):
            return True
    return False


def role_token(text: str, roles: tuple[str, ...]) -> tuple[str, str | None] | None:
    """`^(?P<role>[HAN]{0,12}?(?:role|...))(?P<name>[HAN·•]{2,8})?$`: (role, name) or None.

    The shortest owner first, then the roles in their order, as the rule tried them.
    """
    for lead in range(min(12, len(text)) + 1):
        if lead and not is_han(text[lead - 1]):
            break
        for role in roles:
            if not text.startswith(role, lead):
                continue
            end = lead + len(role)
            rest = text[end:]
            if rest in ("", "\n"):
                return text[:end], None
            name = _before_end(rest)
            if 2 <= len(name) <= 8 and all(is_han(c) or c in _DOTS for c in name):
                return text[:end], name
    return None
