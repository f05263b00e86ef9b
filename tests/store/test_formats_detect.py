"""The importer's front door: formats told from content, and binary told from text."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.errors import ImportFailure
from store.ingest import decode_bytes
from store.ingest.detect import detect
from store.ingest.load import load_bytes


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "doc"),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', "feed"),
        (b'<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom"/>', "feed"),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "feed"),
        (b"<!DOCTYPE html>\n<html><body><p>\xe6\xad\xa3\xe6\x96\x87</p></body></html>", "html"),
        (b"\xef\xbb\xbf<html><head><title>t</title></head></html>", "html"),
        ("<html><body><p>正文</p></body></html>".encode("utf-16"), "html"),
        (b"<div class='a'><p>\xe6\xad\xa3\xe6\x96\x87</p><p>x</p></div>", "html"),
        ("湖南日报\n\n正文。\n".encode(), "text"),
        # A text that mentions one tag in passing is still a text.
        (("网页里的<p>标签说明。" + "正文很长。" * 200).encode(), "text"),
        ('{"title": "不是订阅源"}'.encode(), "text"),
    ],
)
def test_formats_are_told_from_content(data: bytes, expected: str) -> None:
    assert detect(data) == expected


def test_zip_members_tell_epub_docx_and_other_archives() -> None:
    epub = _zip({"mimetype": b"application/epub+zip", "META-INF/container.xml": b"<c/>"})
    docx = _zip({"[Content_Types].xml": b"<t/>", "word/document.xml": b"<w/>"})
    other = _zip({"notes.txt": b"hello"})
    assert detect(epub) == "epub"
    assert detect(docx) == "docx"
    assert detect(other) == "zip"


def test_the_extension_does_not_decide(tmp_path) -> None:
    from store.ingest.load import load_path

    page = tmp_path / "saved.txt"
    page.write_text("<html><head><title>标题</title></head><body><p>正文。</p></body></html>")
    (doc,) = load_path(page)
    assert doc.format == "html"


def test_format_can_be_forced() -> None:
    data = "<p>标签也是正文。</p>\n\n第二段。\n".encode()
    (as_text,) = load_bytes(data, "x", fmt="text")
    assert as_text.format == "text" and "<p>" in as_text.text
    (as_html,) = load_bytes(data, "x", fmt="html")
    assert as_html.format == "html"


def test_legacy_doc_and_other_zip_get_one_line_naming_the_file() -> None:
    with pytest.raises(ImportFailure, match=r"^old\.doc: a legacy Word \.doc file.*\.docx"):
        load_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc")
    with pytest.raises(ImportFailure, match=r"^a\.zip: a zip archive"):
        load_bytes(_zip({"a.txt": b"x"}), "a.zip")


def test_text_with_a_few_control_characters_is_text() -> None:
    # ESC sequences and two backspaces in about 300 bytes: still text, and cleaned.
    line = "湖南日报讯（记者 李苗）\x1b[1m全省\x1b[0m经济稳中有进。\x08\x08"
    data = (line + "\n\n" + "今年以来，各地加快产业转移承接，成效明显。\n" * 4).encode()
    assert 280 <= len(data) <= 360
    text = decode_bytes(data, name="ansi.txt")
    assert "\x1b" not in text and "\x08" not in text
    assert "全省经济稳中有进。" in text


def test_control_bytes_spread_through_a_file_still_make_it_binary() -> None:
    data = bytes(b for i in range(4000) for b in ((0x41 + i % 26), (i % 8) + 1)) * 2
    with pytest.raises(ImportFailure, match="binary"):
        decode_bytes(data)


def test_a_few_damaged_bytes_in_utf8_do_not_refuse_the_file() -> None:
    text = "正文第一段，内容很长。" * 100
    data = text.encode() + b"\xff" + text.encode()
    assert "正文第一段" in decode_bytes(data)


def test_rtf_gets_one_line() -> None:
    with pytest.raises(ImportFailure, match=r"^memo\.rtf: an RTF document.*\.docx"):
        load_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl} hello}", "memo.rtf")


def test_pdf_word_and_epub_files_may_be_larger_than_text(monkeypatch, tmp_path) -> None:
    from store.ingest import decode
    from store.ingest.load import load_path

    monkeypatch.setattr(decode, "MAX_BYTES", 1000)
    text = tmp_path / "big.txt"
    text.write_text("正文。" * 1000, encoding="utf-8")
    with pytest.raises(ImportFailure, match="too large"):
        load_path(text)
    pdf = tmp_path / "big.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"0" * 5000)
    with pytest.raises(ImportFailure) as info:
        load_path(pdf)
    assert "too large" not in str(info.value)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(
        [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b'<?xml version="1.0"?><rss>', b"{"]
    ),
    st.binary(max_size=400),
)
def test_the_front_door_never_raises_anything_but_one_line(prefix: bytes, tail: bytes) -> None:
    try:
        docs = load_bytes(prefix + tail, "fuzz")
    except ImportFailure as exc:
        assert str(exc).startswith("fuzz: ") and "\n" not in str(exc)
    else:
        assert docs
