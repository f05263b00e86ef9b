"""Turn public Chinese news text into a folder of pages for `scale_bench.py --pages DIR`.

python benchmarks/real_pages.py OUT [--people-daily DIR] [--xwlb DIR]

Writes one page per paper, date and page of the paper (People's Daily) or per evening news
programme (Xinwen Lianbo transcripts), each in the shape `briefing import` reads and
`scale_bench.py` generates: a masthead line with paper and date, then per article its head lines,
a blank line and its paragraphs, separated by blank lines. Articles whose text was already
written (the same body, white space aside) are skipped, so no text is counted twice.

The text of the last real-text run came from two public repositories (never committed here):
- People's Daily, five months (2019-02, 2019-10, 2020-01, 2020-02, 2020-05), one text file per
  article named DATE-PAGE-ARTICLE.txt: github.com/caspiankexin/people-daily-crawler-date, the
  archives `2019年数据/2019年2月.7z` and `2019年数据/2019年10月.7z` at commit
  0e607dd825f0cf709bc751a575af426c30f5f67a and `2020年数据/2020年1月.7z`, `2020年2月.7z`,
  `2020年5月.7z` at d3f8f1444b45855502443207187996f858516c74, each unpacked (`7z x`) into DIR.
- Xinwen Lianbo (CCTV evening news) transcripts 2012-2026, one JSON file per day:
  github.com/china-data/xwlb at commit 710ba229765c537beb474d9eb272fbc097981bc0, the folder
  `assets` (`git archive HEAD assets`) as DIR.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

Article = tuple[list[str], list[str]]  # head lines, paragraphs

PD_NAME = re.compile(r"(\d{4})(\d{2})(\d{2})-(\d{2})-(\d{2})\.txt$")
TAG = re.compile(r"<[^>]+>")
PARA = re.compile(r"</p>|<br\s*/?>", re.I)
PREFIX = re.compile(r"^\[(视频|图文|组图)\]")


def clean(line: str) -> str:
    """A line without its indent and trailing space (full-width and no-break spaces too)."""
    return line.strip(" \t\r\n\u3000\u00a0")


def people_daily(folder: Path) -> Iterator[tuple[str, int, list[Article]]]:
    """(date, page number, articles) for every page of the paper under folder."""
    pages: dict[tuple[str, int], list[tuple[int, Path]]] = defaultdict(list)
    for path in folder.rglob("*.txt"):
        m = PD_NAME.search(path.name)
        if m:
            pages[(f"{m[1]}-{m[2]}-{m[3]}", int(m[4]))].append((int(m[5]), path))
    for (date, number), files in sorted(pages.items()):
        articles = []
        for _, path in sorted(files):
            text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
            head, _, body = text.strip("\n").partition("\n\n")
            heads = [clean(x) for x in head.split("\n") if clean(x)]
            paras = [clean(x) for x in body.split("\n") if clean(x)]
            if not paras:  # no blank line after the head: its first line is the headline
                heads, paras = heads[:1], heads[1:]
            if heads and paras:
                articles.append((heads, paras))
        if articles:
            yield date, number, articles


def xwlb(folder: Path) -> Iterator[tuple[str, int, list[Article]]]:
    """(date, 1, articles) for every day's programme in the JSON files under folder."""
    for path in sorted(folder.rglob("*.json")):
        try:
            items = json.loads(path.read_text(encoding="utf-8")).get("videoList") or []
        except (ValueError, AttributeError):
            continue
        articles = []
        for item in items:
            detail = item.get("video_detail") or {}
            title = PREFIX.sub("", clean(str(detail.get("title") or item.get("video_title", ""))))
            raw = PARA.split(str(detail.get("content") or ""))
            paras = [clean(html.unescape(TAG.sub("", p))) for p in raw]
            paras = [p for p in paras if p]
            if title and sum(map(len, paras)) >= 80:
                articles.append(([clean(title)], paras))
        stem = path.stem
        if articles and len(stem) == 8 and stem.isdigit():
            yield f"{stem[:4]}-{stem[4:6]}-{stem[6:]}", 1, articles


def render(paper: str, date: str, number: int | None, articles: list[Article]) -> str:
    """One page: masthead line, then each article's head lines and paragraphs."""
    year, month, day = (int(x) for x in date.split("-"))
    masthead = f"{paper} {year}年{month}月{day}日" + (f" 第{number:02d}版" if number else "")
    lines = [masthead, ""]
    for heads, paras in articles:
        # One more blank line above an article than between its paragraphs, as text dumps of
        # papers set articles apart.
        lines.append("")
        for line in [*heads, *paras]:
            lines += [line, ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--people-daily", type=Path)
    parser.add_argument("--xwlb", type=Path)
    args = parser.parse_args()
    seen: set[bytes] = set()
    counts: dict[str, list[int]] = {}
    sources = [
        ("人民日报", "people-daily", args.people_daily, people_daily, True),
        ("新闻联播", "xwlb", args.xwlb, xwlb, False),
    ]
    for paper, name, folder, read, numbered in sources:
        if folder is None:
            continue
        pages = articles = size = 0
        for date, number, found in read(folder):
            kept = []
            for heads, paras in found:
                key = hashlib.sha256("".join("".join(paras).split()).encode()).digest()
                if key not in seen:
                    seen.add(key)
                    kept.append((heads, paras))
            if not kept:
                continue
            out = args.out / name / date[:4] / f"{date}-{number:02d}.txt"
            out.parent.mkdir(parents=True, exist_ok=True)
            text = render(paper, date, number if numbered else None, kept)
            out.write_text(text, encoding="utf-8")
            pages, articles, size = pages + 1, articles + len(kept), size + len(text.encode())
        counts[name] = [pages, articles, size]
        print(f"{name}: {pages:,} pages, {articles:,} articles, {size / 2**20:.1f} MiB")
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    print(f"total: {total[0]:,} pages, {total[1]:,} articles, {total[2] / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
