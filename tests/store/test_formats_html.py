"""Web pages: real saved pages to their expected outlines, and hostile pages made here."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from store.errors import ImportFailure
from store.ingest.load import Loaded, load_bytes, load_path
from store.models import Byline

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def _page(body: str, head: str = "", charset: str = "utf-8") -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='{charset}'>{head}</head>"
        f"<body>{body}</body></html>"
    ).encode(charset if charset != "gb2312" else "gb18030")


def _one(data: bytes) -> Loaded:
    (doc,) = load_bytes(data, "page.html")
    assert doc.parsed is not None
    return doc


# Hand-written outlines of the saved pages in tests/fixtures/formats (see SOURCES.md).
OUTLINES = {
    "xinhuanet-article.html": {
        "meta": {"title": "法国全国大罢工再次严重影响交通", "date": "2019-12-10"},
        "sections": [
            ("法国全国大罢工再次严重影响交通", Byline("记者", ("唐霁",)), "新华社巴黎12月9日电", 5)
        ],
    },
    "people-declares-gb2312.html": {
        "meta": {"title": "女儿出嫁，郑板桥画了几笔兰花当嫁妆", "date": "2019-06-15"},
        "sections": [("女儿出嫁，郑板桥画了几笔兰花当嫁妆", Byline(), None, 23)],
    },
    "zsnews-table-layout.html": {
        "meta": {
            "title": "顺德区大良街道党工委委员潘卓辉一行到众创金融街开展调研工作",
            "date": "2019-03-06",
            "source": "东区办事处",
        },
        "sections": [
            ("顺德区大良街道党工委委员潘卓辉一行到众创金融街开展调研工作", Byline(), None, 3)
        ],
    },
}


@pytest.mark.parametrize("name", sorted(OUTLINES))
def test_saved_pages_import_to_their_outlines(name: str) -> None:
    (doc,) = load_path(FIXTURES / name)
    expected = OUTLINES[name]
    assert doc.format == "html"
    for key, value in expected["meta"].items():
        assert doc.meta.get(key) == value, key
    got = [
        (s.headline, s.byline, s.dateline, sum(b.type == "paragraph" for b in s.blocks))
        for s in doc.parsed.sections
    ]
    assert got == expected["sections"]


def test_page_declaring_gb2312_but_saved_as_utf8_reads_right() -> None:
    (doc,) = load_path(FIXTURES / "people-declares-gb2312.html")
    first = doc.parsed.sections[0].blocks[0].text
    assert first.startswith("父亲的教诲像一盏灯")


def test_gb18030_page_declaring_utf8_reads_right() -> None:
    body = "<h1>稻田里长出金饭碗</h1><p>" + "今年以来，全省粮食生产稳中有进。" * 5 + "</p>"
    data = _page(body, "<title>稻田里长出金饭碗_湖南日报</title>").replace(
        "稻".encode(), "稻".encode()
    )
    data = data.decode().encode("gb18030")  # the bytes say GB18030, the tag says UTF-8
    doc = _one(data)
    assert doc.parsed.sections[0].headline == "稻田里长出金饭碗"
    assert "全省粮食生产稳中有进" in doc.parsed.sections[0].blocks[0].text


def test_furniture_scripts_and_styles_never_reach_the_text() -> None:
    body = (
        "<nav><a href='/'>首页</a> <a href='/a'>国内</a></nav>"
        "<script>var x = '<p>脚本</p>';</script><style>p{color:red}</style>"
        "<div class='share-bar'>分享到微信 微博</div>"
        "<h1>全省经济稳中向好</h1>"
        "<div class='article'><p>" + "前三季度，全省地区生产总值同比增长。" * 4 + "</p>"
        "<p>" + "工业生产稳步回升，投资结构持续优化。" * 4 + "</p></div>"
        "<div class='related'><ul><li><a href='/1'>相关新闻一则标题</a></li>"
        "<li><a href='/2'>相关新闻二则标题</a></li></ul></div>"
        "<footer>版权所有 湖南日报社</footer>"
    )
    doc = _one(_page(body, "<title>全省经济稳中向好-湖南日报</title>"))
    texts = " ".join(b.text for s in doc.parsed.sections for b in s.blocks)
    for word in ("首页", "脚本", "color", "分享", "相关新闻", "版权所有"):
        assert word not in texts
    assert doc.parsed.sections[0].headline == "全省经济稳中向好"


def test_kicker_deck_byline_date_and_source_from_the_page() -> None:
    head = (
        "<title>承接产业转移看湘南 - 湖南日报</title>"
        "<meta name='author' content='黄婷婷'>"
        "<meta property='article:published_time' content='2018-11-22T08:00:00+08:00'>"
        "<meta property='og:site_name' content='湖南日报'>"
    )
    body = (
        "<div class='title'><h3>开放强省再发力</h3><h1>承接产业转移看湘南</h1>"
        "<h2>——看衡阳如何围绕产业链做文章</h2></div>"
        "<div class='content'><p>" + "衡阳市承接产业转移，成效明显。" * 5 + "</p></div>"
    )
    (s,) = _one(_page(body, head)).parsed.sections
    assert (s.kicker, s.headline, s.deck) == (
        "开放强省再发力",
        "承接产业转移看湘南",
        "看衡阳如何围绕产业链做文章",
    )
    assert s.byline.authors == ("黄婷婷",)
    doc = _one(_page(body, head))
    assert doc.meta["date"] == "2018-11-22"
    assert doc.meta["source"] == "湖南日报"


def test_a_source_ends_with_its_element_and_a_copyright_names_its_owner() -> None:
    article = "<div class='content'><p>" + "衡阳市承接产业转移，成效明显。" * 5 + "</p></div>"
    # The page's font-size buttons follow the source name with no space in the text.
    info = (
        "<div class='info'><span>2019-09-24 09:10</span><span>来源：</span><a>长江网</a>"
        "<div class='font'><span>字号</span><ul><li>超大</li><li>大</li><li>标准</li></ul></div>"
        "</div>"
    )
    body = f"<div><h1>承接产业转移看湘南</h1>{info}{article}</div>"
    head = "<title>承接产业转移看湘南</title>"
    assert _one(_page(body, head)).meta["source"] == "长江网"
    for rights in ("网易版权所有", "网易 版權所有", "©网易 All Rights Reserved."):
        owned = head + f"<meta name='copyright' content='{rights}'>"
        assert (
            _one(_page(f"<div><h1>承接产业转移看湘南</h1>{article}</div>", owned)).meta["source"]
            == "网易"
        ), rights


def test_captions_and_tables_with_rows() -> None:
    body = (
        "<h1>前三季度经济数据</h1><div class='content'>"
        "<p>" + "前三季度，全省经济运行总体平稳。" * 4 + "</p>"
        "<figure><img src='a.jpg'><figcaption>11月20日，衡阳县西渡镇，工人在车间作业。"
        "</figcaption></figure>"
        "<table><tr><th>指标</th><th>增速</th></tr><tr><td>地区生产总值</td><td>7.8%</td></tr>"
        "<tr><td>工业增加值</td><td>8.1%</td></tr></table>"
        "<p>" + "下一步，将继续推进高质量发展。" * 4 + "</p></div>"
    )
    (s,) = _one(_page(body, "<title>前三季度经济数据</title>")).parsed.sections
    kinds = [b.type for b in s.blocks]
    assert kinds == ["paragraph", "caption", "table", "paragraph"]
    table = s.blocks[2]
    assert table.columns == ("指标", "增速")
    assert table.rows == (("地区生产总值", "7.8%"), ("工业增加值", "8.1%"))


def test_a_list_page_gives_one_section_per_item() -> None:
    items = "".join(
        f"<h3>{n}. 第{n}条要闻标题</h3><p>第{n}条要闻的内容，说明了有关情况。</p>"
        for n in range(1, 6)
    )
    body = f"<div class='main'><p>各位读者早上好，以下是今日要闻。</p>{items}</div>"
    doc = _one(_page(body, "<title>早安简报</title>"))
    heads = [s.headline for s in doc.parsed.sections]
    assert heads[-5:] == [f"{n}. 第{n}条要闻标题" for n in range(1, 6)]
    assert all(s.blocks for s in doc.parsed.sections)


def test_entities_and_double_escaped_markup_never_leak() -> None:
    body = (
        "<h1>标题&nbsp;一</h1><p>正文&amp;nbsp;第一段&lt;br&gt;内容&unknown;说明，"
        "引用&amp;lt;p&amp;gt;标签&#12290;</p>"
    )
    (s,) = _one(_page(body, "<title>标题 一</title>")).parsed.sections
    text = s.blocks[0].text
    assert "&" not in text and "<" not in text
    assert "第一段" in text and "标签。" in text


def test_deep_nesting_and_junk_never_end_in_a_traceback() -> None:
    deep = "<div>" * 5000 + "<p>深处的正文内容，说明情况。</p>" + "</div>" * 5000
    try:
        doc = _one(_page(deep))
    except ImportFailure as exc:
        assert "\n" not in str(exc)
    else:
        assert doc.parsed.sections
    with pytest.raises(ImportFailure, match=r"^page\.html: "):
        load_bytes(b"<html><body><script>only()</script></body></html>", "page.html")


def test_remote_resources_and_dtds_are_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during import")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
        "<html><head><link rel='stylesheet' href='http://example.com/a.css'>"
        "<title>远程资源</title></head><body><h1>远程资源</h1>"
        "<img src='http://example.com/a.jpg'><iframe src='http://example.com/'></iframe>"
        "<p>正文内容说明情况，全文完。</p></body></html>"
    )
    doc = _one(page.encode())
    assert doc.parsed.sections[0].blocks[0].text == "正文内容说明情况，全文完。"


def test_a_deck_without_dashes_stays_whole() -> None:
    body = (
        "<h1>承接产业转移看湘南</h1><h2>衡阳围绕产业链做文章</h2>"
        "<div><p>" + "衡阳市承接产业转移，成效明显。" * 5 + "</p></div>"
    )
    (s,) = _one(_page(body, "<title>承接产业转移看湘南</title>")).parsed.sections
    assert (s.kicker, s.headline, s.deck) == (None, "承接产业转移看湘南", "衡阳围绕产业链做文章")


def test_an_epaper_index_page_gives_one_section_per_article() -> None:
    menu = "".join(f"<a href='/{n}'>栏目{n}</a>" for n in range(8))
    links = "".join(
        f"<li><a href='nw_{n}.htm'>{title}</a></li>"
        for n, title in enumerate(
            [
                "全省经济稳中向好",
                "衡阳承接产业转移成效明显",
                "环保督察回头看典型案例公布",
                "长沙地铁六号线开通运营",
                "湘江新区引进重大项目",
            ]
        )
    )
    body = f"<div class='menu'>{menu}</div><div class='title'>第01版：要闻</div><ul>{links}</ul>"
    doc = _one(_page(body, "<title>湖南日报 第01版：要闻</title>"))
    assert [s.headline for s in doc.parsed.sections] == [
        "全省经济稳中向好",
        "衡阳承接产业转移成效明显",
        "环保督察回头看典型案例公布",
        "长沙地铁六号线开通运营",
        "湘江新区引进重大项目",
    ]


def test_a_morning_briefing_post_gives_one_section_per_numbered_item() -> None:
    items = "".join(
        f"<p><strong>{n}. 第{n}条要闻标题</strong></p><p>第{n}条要闻的内容，说明了有关情况。</p>"
        for n in range(1, 5)
    )
    body = (
        "<h1 class='rich_media_title'>早安湖南｜12月10日要闻</h1>"
        f"<div id='js_content'><p>各位读者早上好，以下是今日要闻。</p>{items}</div>"
    )
    doc = _one(_page(body, "<title>早安湖南｜12月10日要闻</title>"))
    heads = [s.headline for s in doc.parsed.sections]
    assert heads == ["早安湖南｜12月10日要闻"] + [f"{n}. 第{n}条要闻标题" for n in range(1, 5)]


def test_an_epaper_article_page_titled_with_the_paper_name() -> None:
    body = (
        "<div class='logo'><h1><a href='/'>人民日报</a></h1></div>"
        "<div class='article'><h3></h3><h1>确保基本实现社会主义现代化取得决定性进展</h1><h2></h2>"
        "<p class='sec'>本报记者 程 龙 潘俊强</p>"
        "<div id='ozoom'><p>" + "历史，正在书写新的篇章。" * 4 + "</p>"
        "<p>" + "十月二十日至二十三日，全会在北京举行。" * 3 + "</p></div></div>"
    )
    (s,) = _one(_page(body, "<title>人民日报</title>")).parsed.sections
    assert s.headline == "确保基本实现社会主义现代化取得决定性进展"
    assert (s.kicker, s.deck) == (None, None)
    assert s.byline.authors == ("程龙", "潘俊强")
    assert len(s.blocks) == 2


def test_a_closing_bracketed_byline_and_metadata_lines_leave_the_text() -> None:
    body = (
        "<h1>长沙地铁六号线开通运营</h1><div class='content'>"
        "<p>作者：王五　发布时间：2022-06-28 09:30</p>"
        "<p>" + "长沙地铁六号线今天开通运营，全长四十八公里。" * 3 + "</p>"
        "<p>" + "沿线设站三十四座，串联城市东西。" * 2 + "（记者 张三）</p>"
        "<p>（责编：李四、赵六）</p></div>"
    )
    (s,) = _one(_page(body, "<title>长沙地铁六号线开通运营</title>")).parsed.sections
    texts = [b.text for b in s.blocks]
    assert s.byline.authors == ("王五",)
    assert s.date == "2022-06-28"
    assert not any("责编" in t or "作者" in t for t in texts)
    assert len(texts) == 2


def test_a_closing_bracketed_byline_becomes_the_byline() -> None:
    body = (
        "<h1>长沙地铁六号线开通运营</h1><div class='content'>"
        "<p>" + "长沙地铁六号线今天开通运营，全长四十八公里。" * 3 + "</p>"
        "<p>沿线设站三十四座，串联城市东西。（记者 张三）</p></div>"
    )
    (s,) = _one(_page(body, "<title>长沙地铁六号线开通运营</title>")).parsed.sections
    assert s.byline.authors == ("张三",)
    assert s.blocks[-1].text == "沿线设站三十四座，串联城市东西。"
