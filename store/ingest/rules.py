"""The importer's text rules, public for every input format (plain text, HTML, feeds, PDF).

An adapter that gets lines out of another format reads them with the same rules the
plain-text importer uses, so a byline or a metadata line means the same everywhere:

* `parse_byline(line)` -> Byline | None: `本报记者 李苗、徐德荣 通讯员 王五`, `张三 摄`,
  `本报驻某国记者　王　五` (names joined), `（本报记者 王五）`.
* `trailing_byline(paragraph)` -> (paragraph without it, Byline) | None: `……。（记者 张三）`.
* `opening_credit(paragraph)` -> Byline | None: `〔記者張存薇／台東報導〕` near a story's start.
* `parse_dateline(paragraph)` -> Dateline | None: the dateline opening a paragraph
  (`新华社北京3月1日电（记者 张三）…`); `standalone_dateline(line)` for one on its own line.
* `metadata_fields(line)` -> tuple[MetaField, ...] | None: `作者：张三  时间：2020-03-01`
  gives (byline, 张三) and (date, 2020-03-01); the label table is `METADATA_LABELS`.
* `parse_masthead(line)` -> Masthead | None: `人民日报 2020年3月1日 星期日 第01版：要闻`;
  `paper_name(line)` for a line that is only a paper's name.
* `parse_date(text)` -> "YYYY-MM-DD" | None.
* `ends_sentence(text)`, `is_title_like(text)`: the line shapes behind headline finding;
  `headline_form(line)` tells a headline from a cross-head, `split_title(lines)` gives kicker,
  headline and deck, `is_signature(lines)` finds a letter's name-and-date block.
* `rejoin_lines(lines)`: lines of a hard-wrapped or page-broken text joined into paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterable

from store.ingest.bylines import is_byline_like, opening_credit, parse_byline, trailing_byline
from store.ingest.dateline import Dateline, parse_dateline, standalone_dateline
from store.ingest.heads import headline_form, is_signature, split_title
from store.ingest.masthead import Masthead, paper_name, parse_masthead
from store.ingest.metadata import METADATA_LABELS, MetaField, metadata_fields, parse_date
from store.ingest.text import ends_sentence, is_title_like

__all__ = [
    "METADATA_LABELS",
    "Dateline",
    "Masthead",
    "MetaField",
    "ends_sentence",
    "headline_form",
    "is_byline_like",
    "is_signature",
    "is_title_like",
    "metadata_fields",
    "opening_credit",
    "paper_name",
    "parse_byline",
    "parse_date",
    "parse_dateline",
    "parse_masthead",
    "rejoin_lines",
    "split_title",
    "standalone_dateline",
    "trailing_byline",
]


def _stands_alone(line: str) -> bool:
    """A line that is never the rest of a sentence: a byline, dateline or metadata line."""
    return (
        parse_byline(line) is not None
        or standalone_dateline(line) is not None
        or metadata_fields(line) is not None
        or parse_dateline(line) is not None
    )


def rejoin_lines(lines: Iterable[str]) -> list[str]:
    """Join lines that stop mid-sentence with the line after them, with nothing between.

    A line that ends a sentence (。！？…；： possibly inside closing quotes) ends its
    paragraph; so does a short title-like line (a headline or cross-head). A byline,
    dateline or metadata line is never glued to its neighbours. Empty lines end a
    paragraph and are dropped.
    """
    out: list[str] = []
    open_para = False
    for raw in lines:
        line = raw.strip()
        if not line:
            open_para = False
            continue
        if open_para and not _stands_alone(line):
            out[-1] += line
        else:
            out.append(line)
        last = out[-1]
        open_para = not (ends_sentence(last) or is_title_like(last) or _stands_alone(last))
    return out
