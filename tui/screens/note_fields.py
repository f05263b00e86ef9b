"""The note dialog's fields: tags typed as words, tag completion, and a quote's start and end."""

from __future__ import annotations

from collections.abc import Sequence

from textual.suggester import Suggester

# How many characters of a narrowed quote its start and end fields show.
FIELD_CHARS = 6


def split_tags(value: str) -> tuple[str, ...]:
    """Tags typed as `a, b #c`: commas, spaces and # all separate."""
    words = value.replace(",", " ").replace("，", " ").replace("#", " ").split()
    return tuple(dict.fromkeys(words))


def span_fields(text: str, span: tuple[int, int] | None) -> tuple[str, str]:
    """The start and end words that the quote fields show for a span of text."""
    if span is None:
        return "", ""
    passage = text[span[0] : span[1]]
    if len(passage) <= FIELD_CHARS:
        return passage, ""
    return passage[:FIELD_CHARS], passage[-FIELD_CHARS:]


class TagSuggester(Suggester):
    """Completes the tag being typed from the tags already in use."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = list(tags)

    async def get_suggestion(self, value: str) -> str | None:
        """The value with the last word completed to a known tag."""
        if not value or value[-1] in " ,#":
            return None
        cut = max(value.rfind(c) for c in " ,#") + 1
        stem = value[cut:]
        for tag in self.tags:
            if tag.startswith(stem) and tag != stem:
                return value[:cut] + tag
        return None
