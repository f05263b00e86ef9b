"""Decoding briefing files: encodings, and a clear refusal for everything else."""

from __future__ import annotations

import codecs
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.errors import ImportFailure
from store.ingest import MAX_BYTES, decode_bytes, read_file

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "content" / "hunan-daily.txt").read_text(encoding="utf-8")
TRADITIONAL = opencc.OpenCC("s2t").convert(SEED)
SAMPLE = "衡阳承接产业转移,5年累计承接转移企业534家。“数字衡阳”如期建成。\n"


def _big5(text: str) -> bytes:
    # A handful of characters have no Big5 form; real Big5 files would not contain them.
    return "".join(ch for ch in text if _in_big5(ch)).encode("big5")


def _in_big5(ch: str) -> bool:
    try:
        ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


def test_utf8_is_decoded_as_is() -> None:
    assert decode_bytes(SEED.encode("utf-8")) == SEED


def test_utf8_bom_is_dropped() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + SEED.encode("utf-8")) == SEED


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(encoding: str) -> None:
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
    }.get(encoding, b"")
    assert decode_bytes(bom + SEED.encode(encoding)) == SEED


def test_gb18030_simplified_text() -> None:
    assert decode_bytes(SEED.encode("gb18030")) == SEED


def test_gbk_subset_is_read_as_gb18030() -> None:
    assert decode_bytes(SAMPLE.encode("gbk")) == SAMPLE


def test_big5_traditional_text() -> None:
    data = _big5(TRADITIONAL)
    assert decode_bytes(data) == data.decode("big5")
    assert "開放強省再發力" in decode_bytes(data)


@pytest.mark.parametrize(
    "line",
    [line for line in SEED.splitlines() if len(line) >= 10],
)
def test_each_seed_line_alone_is_told_apart_in_both_encodings(line: str) -> None:
    # Short inputs are where GB18030 and Big5 are easiest to confuse.
    assert decode_bytes(line.encode("gb18030")) == line
    trad = "".join(ch for ch in opencc.OpenCC("s2t").convert(line) if _in_big5(ch))
    assert decode_bytes(trad.encode("big5")) == trad


def test_crlf_and_cr_become_newlines() -> None:
    assert decode_bytes("第一行\r\n第二行\r第三行".encode("gb18030")) == "第一行\n第二行\n第三行"


def test_control_characters_are_sanitised_at_decode() -> None:
    raw = "标题\x1b[31m红\x1b[0m\u202e文\x07字\n"
    assert decode_bytes(raw.encode("utf-8")) == "标题红文字\n"


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n  ", "\u3000\u3000\n".encode(), b"\xef\xbb\xbf"]
)
def test_empty_or_whitespace_only_is_refused(data: bytes) -> None:
    with pytest.raises(ImportFailure, match="empty"):
        decode_bytes(data)


def test_whitespace_only_utf16_is_refused() -> None:
    with pytest.raises(ImportFailure, match="empty"):
        decode_bytes("  \n ".encode("utf-16"))


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04\x14\x00\x00\x00",
        b"text with a \x00 NUL byte",
        bytes(range(256)) * 8,
        b"\x01\x02\x03\x04\x05\x06\x07\x08 plain" * 10,
    ],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(ImportFailure, match="binary"):
        decode_bytes(data)


def test_undecodable_bytes_are_refused() -> None:
    # 0x80 and 0xFF are invalid lead bytes in UTF-8, GB18030 and Big5 alike.
    with pytest.raises(ImportFailure):
        decode_bytes(b"\x80\xff\x80\xff" * 50)


def test_too_large_is_refused_before_decoding() -> None:
    with pytest.raises(ImportFailure, match="too large"):
        decode_bytes(b"a" * (MAX_BYTES + 1))


def test_error_messages_are_one_line_and_name_the_input() -> None:
    with pytest.raises(ImportFailure) as info:
        decode_bytes(b"", name="page.txt")
    assert str(info.value).startswith("page.txt:")
    assert "\n" not in str(info.value)


def test_read_file_reads_and_decodes(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(SEED.encode("gb18030"))
    assert read_file(path) == SEED
    assert read_file(str(path)) == SEED


def test_read_file_missing(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="no such file") as info:
        read_file(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)


def test_read_file_directory(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="directory"):
        read_file(tmp_path)


def test_read_file_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ImportFailure, match="empty") as info:
        read_file(path)
    assert str(path) in str(info.value)


def test_read_file_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("正文。", encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Permission bits do not stop root, so the refusal is simulated at open().
    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ImportFailure, match=r"cannot read.*Permission denied"):
        read_file(path)


def test_read_file_too_large_by_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_BYTES + 10)  # sparse: no need to write 20 MiB
    with pytest.raises(ImportFailure, match="too large"):
        read_file(path)


def test_read_file_binary(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(ImportFailure, match="binary"):
        read_file(path)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_decode_bytes_never_crashes(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except ImportFailure as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(text, str)
        assert text.strip()
        assert "\r" not in text and "\x1b" not in text
