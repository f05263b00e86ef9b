"""PDF: e-paper pages in columns and whole issues (generated here with Chinese text), real
sample files for columns, passwords and scans, and hostile PDFs."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import pytest
from pdfmaker import FONT, column, pdf, running

from store.errors import ImportFailure
from store.ingest.load import Loaded, load_bytes, load_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
P1 = (
    "前三季度，全省地区生产总值同比增长百分之七点八，工业生产稳步回升，"
    "投资结构持续优化，消费市场平稳增长，就业形势总体稳定。"
)
P2 = (
    "衡阳市围绕产业链招商引资，今年新引进项目一百二十个，总投资五百亿元，"
    "其中电子信息产业项目占到三成以上，带动就业两万余人。"
)
P3 = "下一步，全省将继续推进高质量发展，着力扩大有效投资，加快培育新动能，确保完成全年目标任务。"


def _one(data: bytes) -> Loaded:
    (doc,) = load_bytes(data, "paper.pdf")
    assert doc.format == "pdf" and doc.parsed is not None
    return doc


def _epaper(c, n: int) -> None:
    running(c, n)
    c.setFont(FONT, 14)
    c.drawString(60, 770, "开放强省再发力")
    c.setFont(FONT, 24)
    c.drawString(60, 740, "全省经济稳中向好")
    c.setFont(FONT, 14)
    c.drawString(60, 715, "——前三季度主要指标保持在合理区间")
    c.setFont(FONT, 10)
    c.drawString(60, 690, "本报记者 李苗 徐德荣")
    # Three columns of 12 characters; the text flows from one column into the next.
    text = [P1, P2, P3]
    lines = []
    for para in text:
        chunk = "\u3000\u3000" + para
        lines.extend(chunk[i : i + 12] for i in range(0, len(chunk), 12))
    per_col = (len(lines) + 2) // 3
    for col in range(3):
        y = 670
        for line in lines[col * per_col : (col + 1) * per_col]:
            indent = 20 if line.startswith("\u3000\u3000") else 0
            c.setFont(FONT, 10)
            c.drawString(60 + col * 170 + indent, y, line.lstrip("\u3000"))
            y -= 14
    c.setFont(FONT, 8)
    c.drawString(400, 420, "图为衡阳市白沙工业园区。")


def test_an_epaper_page_in_columns_reads_in_order() -> None:
    doc = _one(pdf([_epaper]))
    (s,) = doc.parsed.sections
    assert (s.kicker, s.headline, s.deck) == (
        "开放强省再发力",
        "全省经济稳中向好",
        "前三季度主要指标保持在合理区间",
    )
    assert s.byline.authors == ("李苗", "徐德荣")
    paragraphs = [b.text for b in s.blocks if b.type == "paragraph"]
    # Paragraphs broken across columns are rejoined with nothing between the characters.
    assert paragraphs == [P1, P2, P3]
    assert [b.text for b in s.blocks if b.type == "caption"] == ["图为衡阳市白沙工业园区。"]
    assert doc.meta == {"title": "湖南日报", "date": "2019-12-10"}


def _issue_page(heads: list[tuple[str, list[str]]], lead: list[str] | None = None):
    def draw(c, n: int) -> None:
        running(c, n)
        y = 780
        if lead:
            y = column(c, 60, y, lead, 36)
        for headline, paras in heads:
            c.setFont(FONT, 20)
            c.drawString(60, y - 10, headline)
            y = column(c, 60, y - 40, paras, 36)

    return draw


def test_a_whole_issue_drops_running_lines_and_rejoins_across_pages() -> None:
    broken = P1 + P2  # a paragraph that goes over the page break
    first = [("全省经济稳中向好", [P3] * 20 + [broken[:60]])]
    pages = [
        _issue_page(first),
        _issue_page([("衡阳承接产业转移", [P2])], lead=[broken[60:]]),
        _issue_page([("环保督察回头看", [P3])]),
    ]
    doc = _one(pdf(pages))
    heads = [s.headline for s in doc.parsed.sections]
    assert heads == ["全省经济稳中向好", "衡阳承接产业转移", "环保督察回头看"]
    texts = [b.text for s in doc.parsed.sections for b in s.blocks]
    assert broken in texts
    assert not any("责编" in t or "第0" in t or t.isdigit() for t in texts)
    assert doc.meta["date"] == "2019-12-10"


def test_a_page_without_a_text_layer_is_one_line_about_ocr() -> None:
    def scan(c, n: int) -> None:
        c.rect(50, 50, 400, 600, fill=1)

    with pytest.raises(ImportFailure, match=r"^scan\.pdf: .*no text layer.*OCR is not supported"):
        load_bytes(pdf([scan, scan]), "scan.pdf")


def test_a_password_protected_pdf_is_one_clear_line() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = pdf([_epaper], encrypt=StandardEncryption("secret", canPrint=0))
    with pytest.raises(ImportFailure, match=r"^paper\.pdf: the PDF is encrypted with a password"):
        load_bytes(data, "paper.pdf")


def test_a_pdf_locked_only_against_changes_still_imports() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = pdf([_epaper], encrypt=StandardEncryption("", ownerPassword="owner", canModify=0))
    assert _one(data).parsed.sections[0].headline == "全省经济稳中向好"


def test_javascript_and_links_are_never_run_or_followed(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf([_epaper])))
    from pypdf.actions import JavaScript
    from pypdf.annotations import Link

    writer.add_open_action(JavaScript("app.launchURL('http://example.com/', true);"))
    writer.add_annotation(0, Link(rect=(60, 740, 300, 765), url="http://example.com/"))
    buf = io.BytesIO()
    writer.write(buf)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during import")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert _one(buf.getvalue()).parsed.sections[0].headline == "全省经济稳中向好"


@pytest.mark.parametrize(
    "data", [b"%PDF-1.4\nthis is not a pdf at all", b"%PDF-1.7\n" + bytes(range(256)) * 20]
)
def test_broken_pdfs_are_one_line(data: bytes) -> None:
    with pytest.raises(ImportFailure, match=r"^bad\.pdf: ") as info:
        load_bytes(data, "bad.pdf")
    assert "\n" not in str(info.value) and "Traceback" not in str(info.value)


def test_real_samples_password_scan_and_columns() -> None:
    with pytest.raises(ImportFailure, match="encrypted with a password"):
        load_path(FIXTURES / "pdf-password.pdf")
    with pytest.raises(ImportFailure, match="OCR is not supported"):
        load_path(FIXTURES / "pdf-scanned-fax.pdf")
    (doc,) = load_path(FIXTURES / "pdf-two-columns.pdf")
    (s,) = doc.parsed.sections
    assert s.headline == "Two-Column Document with Lorem Ipsum"
    paragraphs = [b.text for b in s.blocks if b.type == "paragraph"]
    assert (
        paragraphs[0] == "This is a sample document with two columns ﬁlled with Lorem Ipsum text."
    )
    # The left column is read to its end before the right column begins.
    assert paragraphs[1].startswith("Lorem ipsum dolor sit amet")
    assert paragraphs[1].endswith("dig-nissim rutrum.")


def test_a_compiled_issue_with_contents_bylines_and_source_lines() -> None:
    heads = ["全省经济稳中向好", "衡阳承接产业转移", "环保督察回头看"]

    def contents(c, n: int) -> None:
        c.setFont(FONT, 20)
        c.drawString(60, 780, "人民日报文章目录")
        for i, head in enumerate(heads, 1):
            c.setFont(FONT, 10)
            c.drawString(60, 750 - i * 16, f"{i}. {head}")

    def article(head: str, body: str):
        def draw(c, n: int) -> None:
            c.setFont(FONT, 20)
            c.drawString(60, 780, head)
            c.setFont(FONT, 8)
            c.drawString(60, 755, "本报记者 程 龙 潘俊强")
            c.drawString(60, 742, "《人民日报》（2025年10月20日 第 01 版）")
            column(c, 60, 720, [body, P3], 36)

        return draw

    pages = [contents] + [article(h, b) for h, b in zip(heads, [P1, P2, P1], strict=True)]
    pages.append(article(heads[0], P1))  # the first article printed again
    doc = _one(pdf(pages))
    assert doc.meta == {"title": "人民日报", "date": "2025-10-20"}
    sections = doc.parsed.sections
    assert [s.headline for s in sections] == heads
    assert sections[0].byline.authors == ("程龙", "潘俊强")
    texts = [b.text for s in sections for b in s.blocks]
    assert not any("人民日报》" in t for t in texts)
    assert texts[:2] == [P1, P3]
