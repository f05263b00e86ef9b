"""Word .docx: a real document to its outline, generated documents for each rule, hostile
packages refused with one line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from store.errors import ImportFailure
from store.ingest.load import Loaded, load_bytes, load_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def _save(document: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _one(data: bytes) -> Loaded:
    (doc,) = load_bytes(data, "doc.docx")
    assert doc.format == "docx" and doc.parsed is not None
    return doc


def test_the_real_document_keeps_its_headings_lists_and_table() -> None:
    (doc,) = load_path(FIXTURES / "gongwen-format-demo.docx")
    first = doc.parsed.sections[0]
    assert first.headline == '一级"标题"123'
    heads = [b.text for b in first.blocks if b.type == "heading"]
    assert heads[:4] == [
        '一、二级"标题"123',
        '（一）三级"标题"123',
        '1．四级"标题"123',
        '（1）五级"标题"123',
    ]
    (table,) = [b for s in doc.parsed.sections for b in s.blocks if b.type == "table"]
    assert table.columns == ("序号", "项目名称", "数值", "备注")
    assert table.rows[0] == ("1", "测试项目A", "100", "正常") and len(table.rows) == 3


def test_heading_styles_make_sections_and_deeper_headings_cross_heads() -> None:
    d = docx.Document()
    d.add_heading("工作动态", level=0)
    d.add_heading("全省经济稳中向好", level=1)
    d.add_paragraph("湖南日报11月22日讯（记者 李苗）前三季度，全省经济稳中向好。")
    d.add_heading("工业生产", level=2)
    d.add_paragraph("工业增加值增长8.1%。")
    d.add_heading("衡阳承接产业转移", level=1)
    d.add_paragraph("衡阳市今年新引进项目12个。")
    doc = _one(_save(d))
    assert doc.meta["title"] == "工作动态"
    a, b = doc.parsed.sections
    assert (a.headline, a.dateline, a.byline.authors) == (
        "全省经济稳中向好",
        "湖南日报11月22日讯",
        ("李苗",),
    )
    assert [x.type for x in a.blocks] == ["paragraph", "heading", "paragraph"]
    assert b.headline == "衡阳承接产业转移"


def test_localised_heading_style_names_count() -> None:
    d = docx.Document()
    style = d.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    for text in ("第一篇报道", "第二篇报道"):
        d.add_paragraph(text, style=style)
        d.add_paragraph(f"{text}的正文，说明有关情况。")
    assert [s.headline for s in _one(_save(d)).parsed.sections] == ["第一篇报道", "第二篇报道"]


def test_bold_short_lines_make_sections_when_there_are_no_styles() -> None:
    d = docx.Document()
    for line in ("工作动态", "第12期", "省政府办公厅秘书处 2019年12月10日"):
        d.add_paragraph(line)
    for n in range(1, 4):
        d.add_paragraph().add_run(f"第{n}项工作进展顺利").bold = True
        d.add_paragraph(f"第{n}项工作的具体情况，各地按计划推进。")
    doc = _one(_save(d))
    assert [s.headline for s in doc.parsed.sections] == [f"第{n}项工作进展顺利" for n in (1, 2, 3)]
    assert doc.meta == {"title": "工作动态", "date": "2019-12-10"}


def test_numbered_lists_keep_their_numbers_and_tables_their_rows() -> None:
    d = docx.Document()
    d.add_heading("会议要求", level=1)
    for text in ("提高认识。", "加强领导。", "狠抓落实。"):
        d.add_paragraph(text, style="List Number")
    t = d.add_table(rows=3, cols=2)
    for r, row in enumerate((("指标", "增速"), ("地区生产总值", "7.8%"), ("工业增加值", "8.1%"))):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    (s,) = _one(_save(d)).parsed.sections
    assert [b.text for b in s.blocks[:3]] == ["1. 提高认识。", "2. 加强领导。", "3. 狠抓落实。"]
    assert s.blocks[3].columns == ("指标", "增速")
    assert s.blocks[3].rows == (("地区生产总值", "7.8%"), ("工业增加值", "8.1%"))


def test_plain_documents_go_through_the_text_rules() -> None:
    d = docx.Document()
    for line in (
        "稻田里长出金饭碗",
        "本报记者 张三",
        "今年以来，全省粮食生产稳中有进。",
        "下一步将继续推进。",
    ):
        d.add_paragraph(line)
    (s,) = _one(_save(d)).parsed.sections
    assert (s.headline, s.byline.authors) == ("稻田里长出金饭碗", ("张三",))


def _rewrite(data: bytes, member: str, new: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, new if info.filename == member else src.read(info))
        for name, payload in (extra or {}).items():
            dst.writestr(name, payload)
    return out.getvalue()


def _simple() -> bytes:
    d = docx.Document()
    d.add_heading("标题", level=1)
    d.add_paragraph("正文内容说明情况。")
    return _save(d)


def test_entity_declarations_are_refused_with_one_line() -> None:
    data = _simple()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
    bomb = xml.replace(
        b"?>",
        b'?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
        1,
    )
    with pytest.raises(
        ImportFailure, match=r"^doc\.docx: word/document\.xml: declares XML entities"
    ):
        load_bytes(_rewrite(data, "word/document.xml", bomb), "doc.docx")


def test_a_zip_bomb_is_stopped_by_the_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    from store.ingest import safezip

    # The real cap is 256 MiB; a smaller one keeps the test quick and works the same way.
    monkeypatch.setattr(safezip, "MAX_UNCOMPRESSED", 4 * 1024 * 1024)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w/>")
        z.writestr("word/media/big.bin", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(ImportFailure, match=r"^bomb\.docx: .*zip bomb"):
        load_bytes(buf.getvalue(), "bomb.docx")


def test_members_climbing_out_of_the_package_are_ignored(tmp_path: Path) -> None:
    data = _rewrite(_simple(), "", b"", {"../../evil.xml": b"<x/>", "/abs.xml": b"<x/>"})
    doc = _one(data)
    assert doc.parsed.sections[0].headline == "标题"
    assert not (tmp_path / "evil.xml").exists()


def test_a_broken_package_is_one_line() -> None:
    data = _simple()
    with pytest.raises(ImportFailure, match=r"^doc\.docx: ") as info:
        load_bytes(data[: len(data) // 2], "doc.docx")
    assert "\n" not in str(info.value)
    no_body = _rewrite(data, "word/document.xml", b"")
    with pytest.raises(ImportFailure, match=r"^doc\.docx: "):
        load_bytes(no_body, "doc.docx")
