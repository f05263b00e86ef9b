"""Feeds: real feeds to their outlines, odd encodings and dates, re-imports, hostile XML."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from store import open_library
from store.errors import ImportFailure
from store.ingest.load import load_bytes, load_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"

# Hand-written outlines of the feeds in tests/fixtures/formats (see SOURCES.md):
# per briefing its title and date, per section its headline, authors, date and paragraphs.
OUTLINES = {
    "feed-rss20.xml": [
        ("Sample Feed", "2002-09-05", [("First item title", (), "2002-09-05", 1)]),
    ],
    "feed-rss10.rdf": [
        ("Sample Feed", "2004-05-30", [("First of all", ("Aaron Swartz",), "2004-05-30", 1)]),
    ],
    "feed-atom10.xml": [
        ("Sample Feed", "2005-11-09", [("First entry title", ("Mark Pilgrim",), "2005-11-09", 1)]),
    ],
    "feed-jsonfeed.json": [
        ("My Example Feed", None, [("post 2", (), None, 1), ("Hello, world!", (), None, 1)]),
    ],
    "feed-gb2312-undeclared.xml": [(None, None, [("不归移民漫画系列：专业工作", (), None, 0)])],
}


@pytest.mark.parametrize("name", sorted(OUTLINES))
def test_feeds_import_to_their_outlines(name: str) -> None:
    docs = load_path(FIXTURES / name)
    got = [
        (
            d.meta.get("title"),
            d.meta.get("date"),
            [
                (s.headline, s.byline.authors, s.date, sum(b.type == "paragraph" for b in s.blocks))
                for s in d.parsed.sections
            ],
        )
        for d in docs
    ]
    assert got == OUTLINES[name]
    assert all(d.format == "feed" for d in docs)


def _rss(items: str, encoding: str = "utf-8", title: str = "湖南日报") -> bytes:
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://hnrb.example/</link>{items}</channel></rss>"
    )
    return text.encode("gb18030" if encoding.lower() in ("gb2312", "gbk") else encoding)


def _item(n: int, date: str = "Tue, 10 Dec 2019 07:30:00 +0800", body: str = "") -> str:
    body = body or f"<p>第{n}条新闻的正文，说明有关情况。</p>"
    return (
        f"<item><title>第{n}条新闻</title><link>https://hnrb.example/{n}</link>"
        f"<guid>id-{n}</guid><pubDate>{date}</pubDate>"
        f"<description><![CDATA[{body}]]></description></item>"
    )


def test_a_gbk_feed_labelled_gb2312_reads_every_character() -> None:
    # 镕 and 堃 are GBK characters outside GB2312.
    data = _rss(_item(1, body="<p>朱镕基与王堃出席会议。</p>"), encoding="gb2312")
    (doc,) = load_bytes(data, "feed.xml")
    assert doc.parsed.sections[0].blocks[0].text == "朱镕基与王堃出席会议。"


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("Tue, 10 Dec 2019 07:30:00 +0800", "2019-12-10"),  # the feed's own zone, not UTC
        ("2019-12-10T01:00:00+08:00", "2019-12-10"),
        ("2019-12-10 08:00:00", "2019-12-10"),
        ("2019年12月10日 09:00", "2019-12-10"),
        ("2019/12/10", "2019-12-10"),
        ("Tue, 10 Dec 2019 07:30 CST", "2019-12-10"),
    ],
)
def test_odd_dates_give_the_issue_date(raw: str, day: str) -> None:
    (doc,) = load_bytes(_rss(_item(1, date=raw)), "feed.xml")
    assert doc.meta["date"] == day
    assert doc.parsed.sections[0].date == day


def test_a_briefing_per_issue_date_one_section_per_item() -> None:
    items = _item(1) + _item(2) + _item(3, date="Mon, 09 Dec 2019 20:00:00 +0800")
    docs = load_bytes(_rss(items), "feed.xml")
    assert [(d.meta["date"], len(d.parsed.sections)) for d in docs] == [
        ("2019-12-10", 2),
        ("2019-12-09", 1),
    ]


def test_a_later_copy_adds_only_the_new_items(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib", seed=False)
    first = tmp_path / "feed-0800.xml"
    first.write_bytes(_rss(_item(1) + _item(2)))
    (a,) = lib.import_path(first)
    assert a.status == "imported" and len(a.briefing.sections) == 2
    # The later copy: item 1 again, item 2 with a new link but the same content, item 4 new.
    later = _item(1) + _item(2).replace("hnrb.example/2", "m.hnrb.example/2").replace(
        "id-2", "other-2"
    )
    second = tmp_path / "feed-1200.xml"
    second.write_bytes(_rss(later + _item(4)))
    (b,) = lib.import_path(second)
    assert b.status == "updated" and b.briefing.id == a.briefing.id
    heads = [(s.id, s.headline) for s in lib.briefing(a.briefing.id).sections]
    assert heads == [
        (f"{a.briefing.id}-1", "第1条新闻"),
        (f"{a.briefing.id}-2", "第2条新闻"),
        (f"{a.briefing.id}-3", "第4条新闻"),
    ]
    assert lib.section(f"{a.briefing.id}-3").blocks[0].text.startswith("第4条新闻的正文")
    (c,) = lib.import_path(second)
    assert c.status == "exists"


def test_entity_expansion_is_refused_with_one_line() -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
        + ']>\n<rss version="2.0"><channel><title>&i;</title>'
        "<item><title>&i;</title><description>&i;</description></item></channel></rss>"
    ).encode()
    with pytest.raises(ImportFailure, match=r"^bomb\.xml: .*entities") as info:
        load_bytes(bomb, "bomb.xml")
    assert "\n" not in str(info.value)


def test_external_entities_are_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<rss><channel><title>t</title><item><title>&x;</title>"
        "<description>&x;</description></item></channel></rss>"
    ).encode()
    with pytest.raises(ImportFailure, match="entities"):
        load_bytes(xxe, "xxe.xml")


def test_an_external_dtd_is_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during import")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    data = (
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        '<rss version="0.91"><channel><title>早报</title><language>zh-cn</language>'
        "<item><title>第一条</title><link>http://example.com/1</link>"
        "<description>第一条的内容&amp;说明。</description></item></channel></rss>"
    ).encode()
    (doc,) = load_bytes(data, "rss091.xml")
    assert doc.parsed.sections[0].blocks[0].text == "第一条的内容&说明。"


def test_json_feed_items_and_hostile_json() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "早间简报",
        "items": [
            {
                "id": "1",
                "title": "全省经济稳中向好",
                "content_html": "<p>前三季度增长7.8%。</p><script>alert(1)</script>",
                "date_published": "2019-12-10T07:00:00+08:00",
                "authors": [{"name": "李苗"}],
            },
            "not an item",
        ],
    }
    (doc,) = load_bytes(json.dumps(feed, ensure_ascii=False).encode(), "feed.json")
    (s,) = doc.parsed.sections
    assert (s.headline, s.byline.authors, s.date) == ("全省经济稳中向好", ("李苗",), "2019-12-10")
    assert [b.text for b in s.blocks] == ["前三季度增长7.8%。"]
    deep = b'{"version": "https://jsonfeed.org/version/1", "items": ' + b"[" * 100000
    with pytest.raises(ImportFailure, match=r"^deep\.json: "):
        load_bytes(deep, "deep.json")


def test_a_broken_feed_gives_one_line_or_what_it_can() -> None:
    cut = _rss(_item(1) + _item(2))[:-60]
    try:
        docs = load_bytes(cut, "cut.xml")
    except ImportFailure as exc:
        assert str(exc).startswith("cut.xml: ") and "\n" not in str(exc)
    else:
        assert docs[0].parsed.sections[0].headline == "第1条新闻"
    with pytest.raises(ImportFailure, match=r"^empty\.xml: "):
        load_bytes(b'<?xml version="1.0"?><rss><channel></channel></rss>', "empty.xml")
