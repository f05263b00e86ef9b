"""Each export format of a fixed set of notes, compared with a reviewed golden file.

Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from store.bookmarks import BookmarkEntry
from store.export import EXTENSIONS, FORMATS, ExportDoc, render
from store.models import Bookmark, Byline, Note
from store.notes import BriefingRef, NoteEntry, SectionRef

GOLDEN = Path(__file__).parent / "golden"

HUNAN = BriefingRef("a1b2c3d4e5", "a1b2c3d4e5" + "0" * 54, "湖南日报", "2018-11-22", "湖南日报")
GONE = BriefingRef("ffeeddccbb", "ffeeddccbb" + "1" * 54, "潇湘晨报", None, None)
S1 = SectionRef(
    "a1b2c3d4e5-1",
    1,
    "5年“转”来500多家企业",
    "开放强省再发力 承接产业转移看湘南湘西",
    Byline("湖南日报见习记者", ("黄婷婷",)),
    "ppcppppp",  # a photo caption after ¶ 2: block 3 is ¶ 3, block 5 is ¶ 5
)
S2 = SectionRef(
    "a1b2c3d4e5-2",
    2,
    "“我们要做的,就是当好服务员”",
    None,
    Byline("湖南日报记者", ("李伟", "王敏")),
    "hpppt",
)
# Kept before marks carried their section's shape: places count blocks.
S_GONE = SectionRef("ffeeddccbb-3", 3, "长沙:夜经济", None, Byline())

HOSTILE_QUOTE = "<script>alert(1)</script> *粗体* [链接](http://x.example) #非标签 | a_b `c`"
HOSTILE_TEXT = (
    "=SUM(A1) \x1b[31m红色\x1b[0m & &amp; %%隐藏%% ==高亮==\n1. 不是列表\n- 也不是\n"
    "    不是代码 \u202eevil\u202c\n</p><img src=x onerror=alert(1)>"
)


def _note(nid, briefing, section, block, text, tags=(), quote="", span=(None, None), t="08:00"):
    stamp = f"2024-05-01T{t}:00Z"
    return Note(nid, briefing.id, section.id, block, text, stamp, stamp, tuple(tags), quote, *span)


NOTES = (
    NoteEntry(
        _note(
            "n000000001",
            HUNAN,
            S1,
            3,
            "现场感很强。\n第二行:寒风冬雨。",
            ("衡阳", "产业转移"),
            "11月20日,衡阳,寒风冬雨,项目建设依然红红火火。",
        ),
        HUNAN,
        S1,
    ),
    NoteEntry(
        _note("n000000002", HUNAN, S1, 7, HOSTILE_TEXT, ("a b", "#x<y>"), HOSTILE_QUOTE, t="09:30"),
        HUNAN,
        S1,
    ),
    NoteEntry(
        _note(
            "n000000003",
            HUNAN,
            S2,
            2,
            "市长的原话, 值得引用。",
            ("市长",),
            "当好服务员",
            (9, 14),
            "10:15",
        ),
        HUNAN,
        S2,
    ),
    NoteEntry(
        _note("n000000004", GONE, S_GONE, 0, "这篇报道已删除。", (), "夜经济点亮长沙", t="11:00"),
        GONE,
        S_GONE,
        detached=True,
    ),
)

BOOKMARKS = (
    BookmarkEntry(
        Bookmark(
            "b000000001",
            HUNAN.id,
            S1.id,
            5,
            "2024-05-01T12:00:00Z",
            "重点 <b>加粗</b>",
            "2003年,衡阳向香港建滔化工集团伸出招商引资“橄榄枝”。",
        ),
        HUNAN,
        S1,
    ),
    BookmarkEntry(
        Bookmark("b000000002", HUNAN.id, S2.id, None, "2024-05-01T12:05:00Z", None, None),
        HUNAN,
        S2,
    ),
    BookmarkEntry(
        Bookmark(
            "b000000003", GONE.id, S_GONE.id, 1, "2024-05-01T12:10:00Z", "[x](javascript:1)", "夜"
        ),
        GONE,
        S_GONE,
        detached=True,
    ),
)

DOC = ExportDoc("2024-05-02T00:00:00Z", NOTES, BOOKMARKS, "all", "Briefing notes")


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_matches_golden(fmt: str) -> None:
    text = render(fmt, DOC)
    path = GOLDEN / f"notes{EXTENSIONS[fmt]}"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")


def test_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        render("pdf", DOC)


def test_csv_reads_back_with_readwise_columns() -> None:
    text = render("csv", DOC)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert list(rows[0]) == ["Highlight", "Title", "Author", "URL", "Note", "Location", "Date"]
    assert len(rows) == len(NOTES)
    first = rows[0]
    assert first["Highlight"] == "11月20日,衡阳,寒风冬雨,项目建设依然红红火火。"
    assert first["Title"] == "5年“转”来500多家企业"
    assert first["Author"] == "湖南日报见习记者 黄婷婷"
    assert first["Note"] == "现场感很强。\n第二行:寒风冬雨。\n.衡阳 .产业转移"
    assert first["Location"] == "3"  # ¶ 3: a caption before it is not counted
    assert first["Date"] == "2024-05-01 08:00:00"
    hostile = rows[1]
    # A formula is defused and escape sequences are gone.
    assert hostile["Note"].startswith("'=SUM(A1) 红色 ")
    assert "\x1b" not in text and "\u202e" not in text
    assert hostile["Note"].endswith(".a_b .x_y")
    assert rows[3]["Author"] == "潇湘晨报"  # no byline: the paper stands in


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_has_no_script_or_external_resource_from_hostile_data() -> None:
    page = render("html", DOC)
    parser = _Collector()
    parser.feed(page)
    parser.close()
    assert "script" not in parser.tags
    assert "img" not in parser.tags
    assert set(parser.tags) <= {
        "html", "head", "meta", "title", "body", "h1", "h2", "h3", "p", "div",
        "blockquote", "span", "br", "strong", "em", "ul", "li",
    }  # fmt: skip
    names = {name for name, _ in parser.attrs}
    assert not {n for n in names if n.startswith("on")}
    assert not names & {"src", "href"}
    text = "".join(parser.text)
    # The hostile text is shown, as text.
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "\x1b" not in page and "\u202e" not in page
    assert "Content-Security-Policy" in page


def test_markdown_front_matter_is_valid_quoted_yaml() -> None:
    text = render("md", DOC)
    lines = text.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    fields = dict(line.split(": ", 1) for line in lines[1:end])
    assert json.loads(fields["title"]) == "Briefing notes"
    assert json.loads(fields["source"]) == "湖南日报; 潇湘晨报"
    assert json.loads(fields["exported"]) == "2024-05-02T00:00:00Z"
    assert (fields["notes"], fields["bookmarks"], fields["briefings"]) == ("4", "3", "2")


def test_markdown_leaves_no_live_markup_from_hostile_text() -> None:
    text = render("md", DOC)
    # Every angle bracket, square bracket, backtick and asterisk is backslash-escaped.
    body = "\n".join(line.removeprefix(">") for line in text.split("\n"))
    body = body.replace("**", "").replace("*(detached)*", "")
    assert not re.search(r"(?<!\\)[<>\[\]`*]", body)
    assert "a\\_b" in text
    assert "\\<script\\>" in text
    assert "%%隐藏%%" not in text and "==高亮==" not in text
    assert "\n1. 不是列表" not in text and "\n- 也不是" not in text
    assert "\n    不是代码" not in text
    assert "\x1b" not in text and "\u202e" not in text
    assert "#衡阳 #产业转移" in text


def test_json_export_is_sanitised_and_complete() -> None:
    data = json.loads(render("json", DOC))
    assert data["format"] == "briefing-notes" and data["version"] == 1
    assert [n["id"] for n in data["notes"]] == [e.note.id for e in NOTES]
    assert [b["id"] for b in data["bookmarks"]] == [e.bookmark.id for e in BOOKMARKS]
    assert [b["id"] for b in data["briefings"]] == [HUNAN.id, GONE.id]
    hostile = data["notes"][1]
    assert "\x1b" not in hostile["text"] and "\u202e" not in hostile["text"]
    assert hostile["text"].startswith("=SUM(A1) 红色 & &amp;")
    assert data["notes"][2]["quote_start"] == 9 and data["notes"][2]["quote_end"] == 14


def test_tags_become_obsidian_tags() -> None:
    from store.export.doc import tag_word

    assert tag_word("产业 转移") == "产业_转移"
    assert tag_word("#衡阳") == "衡阳"
    assert tag_word("地区/衡阳") == "地区/衡阳"
    assert tag_word("2018") == "_2018"  # digits alone are not a tag in Obsidian
    assert tag_word("２０１８年") == "２０１８年"
    assert tag_word("!!") == "_"


def test_counts_read_as_words() -> None:
    one = ExportDoc("2024-05-02T00:00:00Z", NOTES[:1], BOOKMARKS[:1], "all", "Briefing notes")
    assert "1 note · 1 bookmark</p>" in render("html", one)
    assert "4 notes · 3 bookmarks</p>" in render("html", DOC)


def test_quotes_inside_a_quoted_passage_become_single_quotes() -> None:
    from store.notes import quoted

    assert quoted("如此“高大上”的园区") == "“如此‘高大上’的园区”"
    md = render("md", DOC)
    assert "“2003年,衡阳向香港建滔化工集团伸出招商引资‘橄榄枝’。”" in md
    assert "“橄榄枝”。”" not in render("html", DOC)
