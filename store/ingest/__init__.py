"""The importer: decode a briefing file and split its text into sections and blocks.

`read_file` / `decode_bytes` (decode.py) turn bytes into sanitised text: UTF-8 with or
without BOM, UTF-16/32 with BOM, then GB18030 or Big5, whichever reads as common Chinese
characters. `parse` (parse.py) turns that text into articles by general layout rules:

* Every non-empty line is a unit; how blank lines are used decides whether a line right
  under another is a hard wrap (text.py).
* A short line without sentence punctuation is a title. Title lines stacked together,
  or standing over a byline or a dateline, open an article: the last is the headline, a
  line opening with —— is the deck, a —— inside the headline splits off the deck, lines
  above are kickers (a trailing —— dropped). A lone title line before ordinary
  paragraphs is a cross-head (segment.py).
* Bylines (`湖南日报记者 李苗 徐德荣`) and datelines (`新华社北京10月7日电`, `本报讯`, with
  an optional `(记者 曹娟)`) are recognised by form (dateline.py); the paragraph keeps
  its dateline text.
* A paragraph that stops without sentence-final punctuation (。！？!?…；;：: possibly
  inside closing quotes) continues in the next block, joined with nothing between. A
  short complete sentence wedged in such a break and set off by extra space, or opening
  with a date or place, is a photo caption placed after the rejoined paragraph
  (blocks.py).
* A line that only describes a table, or adjacent pipe / tab separated rows, is a table
  block (tables.py).

* Metadata lines (`作者：张三  时间：2020-03-01`, `责任编辑：…`) fill the article's fields
  (metadata.py), a page head (`人民日报 2020年3月1日 第01版：要闻`) the briefing's title,
  date and source (masthead.py); a bracketed byline closing a paragraph (`（记者 张三）`)
  moves to the byline (bylines.py). The public rules for other formats are in rules.py.

Block text is always whole input lines, stripped and joined (less a closing bracketed
byline); nothing is invented.
"""

from __future__ import annotations

from store.ingest.decode import MAX_BYTES, decode_bytes, read_file
from store.ingest.parse import parse

__all__ = ["MAX_BYTES", "decode_bytes", "parse", "read_file"]
