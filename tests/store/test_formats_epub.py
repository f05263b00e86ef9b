"""EPUB 2 and 3: real packages to their outlines, generated books for the rules, broken and
hostile packages imported as far as they go or refused with one line."""

from __future__ import annotations

import io
import socket
import zipfile
from pathlib import Path

import pytest

from store.errors import ImportFailure
from store.ingest.load import Loaded, load_bytes, load_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" '
    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)


def _chapter(title: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>'
        f"{title}</title></head><body>{body}</body></html>"
    )


def _opf(items: str, spine: str, toc: str = "") -> str:
    return (
        '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>内参汇编</dc:title>'
        "<dc:date>2019-12-10</dc:date><dc:publisher>某研究院</dc:publisher></metadata>"
        f"<manifest>{items}</manifest><spine{toc}>{spine}</spine></package>"
    )


NAV = (
    '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" '
    'xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>'
    '<li><a href="c1.xhtml">第一章 经济形势</a></li>'
    '<li><a href="c2.xhtml#s1">第二章 产业转移</a></li>'
    '<li><a href="c2.xhtml#s2">第三章 生态环境</a></li></ol></nav></body></html>'
)


def _book(members: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", CONTAINER)
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _epub3(extra: dict[str, str | bytes] | None = None, chapter1: str | None = None) -> bytes:
    items = (
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/>'
    )
    spine = '<itemref idref="c1"/><itemref idref="c2"/>'
    members = {
        "OEBPS/content.opf": _opf(items, spine),
        "OEBPS/nav.xhtml": NAV,
        "OEBPS/c1.xhtml": chapter1
        or _chapter(
            "第一章",
            "<h1>第一章 经济形势</h1><p>前三季度，全省经济稳中向好。</p>"
            "<img src='http://example.com/a.jpg'/><p class='caption'>图为工业园区。</p>",
        ),
        "OEBPS/c2.xhtml": _chapter(
            "第二章",
            "<h2 id='s1'>第二章 产业转移</h2><p>衡阳承接产业转移成效明显。</p>"
            "<h2 id='s2'>第三章 生态环境</h2><p>环保督察回头看。</p>",
        ),
        **(extra or {}),
    }
    return _book(members)


def _one(data: bytes) -> Loaded:
    (doc,) = load_bytes(data, "book.epub")
    assert doc.format == "epub" and doc.parsed is not None
    return doc


@pytest.mark.parametrize(
    ("name", "outline"),
    [
        ("epub2-basic.epub", [("Section 1", 0)]),
        ("epub3-minimal.epub", [("Section 1", 1)]),
    ],
)
def test_real_packages_import_to_their_outlines(name: str, outline: list) -> None:
    (doc,) = load_path(FIXTURES / name)
    assert doc.meta["title"] == "Your title here"
    got = [(s.headline, sum(b.type == "paragraph" for b in s.blocks)) for s in doc.parsed.sections]
    assert got == outline


def test_one_section_per_chapter_of_the_navigation() -> None:
    doc = _one(_epub3())
    assert doc.meta == {"title": "内参汇编", "date": "2019-12-10", "source": "某研究院"}
    got = [(s.headline, [(b.type, b.text) for b in s.blocks]) for s in doc.parsed.sections]
    assert got == [
        (
            "第一章 经济形势",
            [("paragraph", "前三季度，全省经济稳中向好。"), ("caption", "图为工业园区。")],
        ),
        ("第二章 产业转移", [("paragraph", "衡阳承接产业转移成效明显。")]),
        ("第三章 生态环境", [("paragraph", "环保督察回头看。")]),
    ]


def test_epub2_ncx_navigation() -> None:
    items = (
        '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
        '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
    )
    ncx = (
        '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap>'
        '<navPoint id="p1"><navLabel><text>要闻</text></navLabel><content src="c1.xhtml"/>'
        "</navPoint></navMap></ncx>"
    )
    book = _book(
        {
            "OEBPS/content.opf": _opf(items, '<itemref idref="c1"/>', ' toc="ncx"'),
            "OEBPS/toc.ncx": ncx,
            "OEBPS/c1.xhtml": _chapter("要闻", "<p>今日要闻内容。</p>"),
        }
    )
    assert [s.headline for s in _one(book).parsed.sections] == ["要闻"]


def test_missing_and_broken_manifest_entries_import_what_they_can() -> None:
    items = (
        '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="gone" href="missing.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="c3" href="c3.xhtml" media-type="application/xhtml+xml"/>'
    )
    spine = (
        '<itemref idref="c1"/><itemref idref="gone"/><itemref idref="nope"/><itemref idref="c3"/>'
    )
    book = _book(
        {
            "OEBPS/content.opf": _opf(items, spine),
            "OEBPS/c1.xhtml": _chapter("甲", "<h1>第一篇</h1><p>第一篇内容。</p>"),
            "OEBPS/c3.xhtml": _chapter("丙", "<p>第三篇内容。</p></div></body"),
        }
    )
    doc = _one(book)
    texts = [b.text for s in doc.parsed.sections for b in s.blocks]
    assert texts == ["第一篇内容。", "第三篇内容。"]


@pytest.mark.parametrize(
    "members",
    [
        {},  # no package document at all
        {"OEBPS/content.opf": "<package><manifest></manifest><spine/></package>"},
        {"OEBPS/content.opf": "this is not xml <<<"},
    ],
)
def test_a_package_without_chapters_is_one_line(members: dict[str, str]) -> None:
    with pytest.raises(ImportFailure, match=r"^book\.epub: ") as info:
        load_bytes(_book(members), "book.epub")
    assert "\n" not in str(info.value)


def test_entity_bombs_in_a_chapter_are_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><html><body><p>&b;</p></body></html>'
    )
    with pytest.raises(ImportFailure, match=r"^book\.epub: OEBPS/c1\.xhtml: declares XML entities"):
        load_bytes(_epub3(chapter1=bomb), "book.epub")


def test_members_outside_the_package_are_never_read() -> None:
    evil_nav = NAV.replace('href="c1.xhtml"', 'href="../../etc/passwd"')
    doc = _one(_epub3({"OEBPS/nav.xhtml": evil_nav, "../evil.xhtml": _chapter("x", "<p>外部</p>")}))
    texts = " ".join(b.text for s in doc.parsed.sections for b in s.blocks)
    assert "外部" not in texts and "root:" not in texts


def test_no_network_for_remote_images_and_styles(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during import")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    chapter = (
        '<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
        '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd"><html><head>'
        "<link rel='stylesheet' href='http://example.com/a.css'/></head><body>"
        "<h1>第一章 经济形势</h1><img src='http://example.com/a.jpg'/><p>正文。</p></body></html>"
    )
    assert _one(_epub3(chapter1=chapter)).parsed.sections[0].blocks[0].text == "正文。"


def test_a_zip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from store.ingest import safezip

    monkeypatch.setattr(safezip, "MAX_UNCOMPRESSED", 2 * 1024 * 1024)
    with pytest.raises(ImportFailure, match="zip bomb"):
        load_bytes(_epub3({"OEBPS/big.bin": b"\0" * (3 * 1024 * 1024)}), "book.epub")
