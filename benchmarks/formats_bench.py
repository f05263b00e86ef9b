"""Importer speed per format: MB/s over each format's files and the time of its largest file.

python benchmarks/formats_bench.py [--big] [--repeat N]

Files are the fixtures in tests/fixtures/formats plus documents generated here with Chinese
text (a long web page, a feed of many items, a Word report, an e-book, an e-paper issue as
PDF). Reading goes through the importer's front door (`load_bytes`: detection, decoding,
the adapter and the text rules), without writing a library. Plain text is the baseline:
each format's speed is also given as a ratio to it. `--big` adds a 200-page PDF issue (the
target is under 10 s) and larger documents of the other formats.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.ingest import parse  # noqa: E402
from store.ingest.detect import detect  # noqa: E402
from store.ingest.load import load_bytes  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "formats"
PARA = (
    "前三季度，全省地区生产总值同比增长百分之七点八，工业生产稳步回升，投资结构持续优化，"
    "消费市场平稳增长，就业形势总体稳定，衡阳市围绕产业链招商引资成效明显。"
)


def text_doc(articles: int) -> bytes:
    """A plain-text dump of many articles (the baseline)."""
    parts = ["湖南日报 2019年12月10日 第03版", ""]
    for n in range(articles):
        parts += [f"第{n}篇报道的标题", "", "本报记者 李苗", "", PARA, "", PARA * 2, ""]
    return "\n".join(parts).encode()


def html_doc(paragraphs: int) -> bytes:
    """A saved article page with navigation around a long body."""
    nav = "".join(f"<li><a href='/{n}'>栏目{n}</a></li>" for n in range(40))
    body = "".join(f"<p>{PARA}</p>" for _ in range(paragraphs))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>全省经济稳中向好-湖南日报</title>"
        f"</head><body><ul class='nav'>{nav}</ul><h1>全省经济稳中向好</h1>"
        f"<div class='article'>{body}</div><div class='footer'>版权所有</div></body></html>"
    ).encode()


def feed_doc(items: int) -> bytes:
    """An RSS 2.0 feed with full-text items over a week."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>湖南日报</title>'
    ]
    for n in range(items):
        out.append(
            f"<item><title>第{n}条</title><guid>id-{n}</guid>"
            f"<pubDate>Tue, {10 + n % 7} Dec 2019 07:30:00 +0800</pubDate>"
            f"<description><![CDATA[<p>{PARA}</p><p>{PARA}</p>]]></description></item>"
        )
    out.append("</channel></rss>")
    return "".join(out).encode()


def docx_doc(articles: int) -> bytes:
    """A Word report with a heading and three paragraphs per article."""
    import docx

    d = docx.Document()
    for n in range(articles):
        d.add_heading(f"第{n}项工作进展", level=1)
        for _ in range(3):
            d.add_paragraph(PARA)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def epub_doc(chapters: int) -> bytes:
    """An EPUB 3 with a navigation document and one file per chapter."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr(
            "META-INF/container.xml",
            '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="c.opf"/></rootfiles></container>',
        )
        items = "".join(
            f'<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml"/>'
            for n in range(chapters)
        )
        spine = "".join(f'<itemref idref="c{n}"/>' for n in range(chapters))
        z.writestr(
            "c.opf",
            '<package xmlns="http://www.idpf.org/2007/opf"><metadata/><manifest>'
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
            f"{items}</manifest><spine>{spine}</spine></package>",
        )
        links = "".join(f'<li><a href="c{n}.xhtml">第{n}章</a></li>' for n in range(chapters))
        z.writestr("nav.xhtml", f"<html><body><nav><ol>{links}</ol></nav></body></html>")
        for n in range(chapters):
            paras = "".join(f"<p>{PARA}</p>" for _ in range(20))
            z.writestr(f"c{n}.xhtml", f"<html><body><h1>第{n}章</h1>{paras}</body></html>")
    return buf.getvalue()


def pdf_doc(pages: int) -> bytes | None:
    """An e-paper issue: a headline and forty lines of body text per page (needs reportlab)."""
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas
    except ImportError:
        return None
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    line = PARA[:34]
    for p in range(pages):
        c.setFont("STSong-Light", 8)
        c.drawString(72, 810, f"湖南日报  2019年12月10日  第{p + 1}版  责编：张三")
        c.setFont("STSong-Light", 20)
        c.drawString(72, 770, f"第{p + 1}版的头条报道")
        y = 740
        for i in range(40):
            c.setFont("STSong-Light", 10)
            c.drawString(72 + (20 if i % 8 == 0 else 0), y, line if i % 8 != 7 else "。")
            y -= 16
        c.showPage()
    c.save()
    return buf.getvalue()


def inputs(big: bool) -> dict[str, list[tuple[str, bytes]]]:
    """Files to read, by detected format."""
    scale = 5 if big else 1
    made = [
        ("text-dump", text_doc(200 * scale)),
        ("long-page", html_doc(400 * scale)),
        ("week-feed", feed_doc(300 * scale)),
        ("report.docx", docx_doc(60 * scale)),
        ("book.epub", epub_doc(30 * scale)),
    ]
    pdf = pdf_doc(200 if big else 40)
    if pdf is not None:
        made.append((f"issue-{200 if big else 40}p.pdf", pdf))
    files = [(p.name, p.read_bytes()) for p in sorted(FIXTURES.iterdir())]
    by_format: dict[str, list[tuple[str, bytes]]] = {}
    for name, data in [*files, *made]:
        by_format.setdefault(detect(data), []).append((name, data))
    return by_format


def time_one(name: str, data: bytes, repeat: int) -> float:
    """The best of `repeat` reads of one file, in seconds (a refused file counts its refusal)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            for doc in load_bytes(data, name):
                # Text is parsed when stored; the others arrive parsed.
                if doc.parsed is None:
                    parse(doc.text)
        except Exception:  # refused fixtures (a password, a scan) are timed as they fail
            pass
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big", action="store_true", help="Add a 200-page PDF and larger files.")
    ap.add_argument("--repeat", type=int, default=2, help="Reads per file; the best counts.")
    args, _ = ap.parse_known_args()
    rows = []
    for fmt, files in sorted(inputs(args.big).items()):
        times = [(name, len(data), time_one(name, data, args.repeat)) for name, data in files]
        total_mb = sum(size for _, size, _ in times) / 1e6
        total_s = sum(t for _, _, t in times)
        name, size, seconds = max(times, key=lambda r: r[1])
        rows.append((fmt, len(files), total_mb, total_mb / total_s, name, size, seconds))
    base = next((r[3] for r in rows if r[0] == "text"), None)
    print(f"{'format':7} {'files':>5} {'MB':>7} {'MB/s':>7} {'vs text':>8}  largest file")
    for fmt, count, mb, rate, name, size, seconds in rows:
        ratio = f"{rate / base:7.2f}x" if base else "      -"
        print(
            f"{fmt:7} {count:5d} {mb:7.2f} {rate:7.2f} {ratio}  "
            f"{name} ({size / 1e6:.2f} MB) in {seconds:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
