"""Web pages as briefings: decode, extract the article, build sections."""

from __future__ import annotations

from store.ingest.htmldecode import decode_markup
from store.ingest.htmlpage import parse_page
from store.ingest.loaded import Loaded
from store.ingest.structured import briefing_text, build


def load_html(data: bytes, name: str) -> list[Loaded]:
    """One briefing from a saved web page: its article, or one section per list item."""
    articles, meta = parse_page(decode_markup(data, name))
    site_words = " ".join(filter(None, (meta.source, meta.title, meta.meta.get("og:site_name"))))
    for article in articles:
        # Many sites put their own name in the author field.
        if article.byline and article.byline in site_words:
            article.byline = None
    parsed = build(articles, title=None, date=meta.date, name=name)
    title = parsed.sections[0].headline if len(parsed.sections) == 1 else None
    from store.ingest.htmlmeta import page_title

    title = title or page_title(meta) or None
    info = {"title": title, "date": meta.date, "source": meta.source}
    return [Loaded(briefing_text(parsed), "html", parsed, {k: v for k, v in info.items() if v})]
