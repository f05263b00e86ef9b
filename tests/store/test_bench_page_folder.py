"""The scale benchmark's run on a folder of pages: which pages it holds back, and its queries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from page_folder import HOLD, grams, link_pages, pick_queries, sample, split_pages  # noqa: E402


def test_grams_stay_inside_runs_of_ideographs():
    assert grams("中国，人民2019年abc日报", 2) == {"中国", "人民", "日报"}
    assert grams("中国，人民", 4) == set()
    assert grams("新闻联播", 1) == {"新", "闻", "联", "播"}


def test_the_sample_takes_every_kth_text_within_its_size():
    texts = [f"{i:02d}" * 5 for i in range(10)]  # ten texts of ten characters
    assert sample(texts, 30) == [texts[0], texts[4], texts[8]]
    assert sample(texts, 1000) == texts


def test_common_is_held_by_most_texts_and_ties_go_to_the_smaller_string():
    texts = ["天气晴朗，会议召开", "天气转凉，会议延期", "天气不错", "今日无事"]
    picked = pick_queries(texts, sizes=(2,), rare_min=1, rare_max=1)
    assert picked["common-2"] == "天气"
    # 会议 and 天气 would tie at two texts without the third: the smaller string wins.
    picked = pick_queries(texts[:2], sizes=(2,), rare_min=1, rare_max=1)
    assert picked["common-2"] == min("天气", "会议")


def test_rare_is_held_by_one_sampled_text_and_counted_over_all_of_them():
    texts = [
        "风雨同舟，风雨无阻，风雨兼程，风雨过后",  # 风雨 four times, in one text
        "春天来了",
        "夏日炎炎",
    ]
    picked = pick_queries(texts, sizes=(2,), rare_min=3, rare_max=30)
    assert picked["rare-2"] == "风雨"
    # With no n-gram in range, the nearest count wins: every other bigram occurs once.
    picked = pick_queries(texts, sizes=(2,), rare_min=5, rare_max=30)
    assert picked["rare-2"] == "风雨"


def test_rare_counts_the_texts_left_out_of_the_sample():
    # The sample is every other text; 江湖 is held by one sampled text but occurs in three
    # texts, so its count over all of them is what puts it out of range.
    texts = ["江湖夜雨", "江湖", "春风桃李", "江湖"]
    assert sample(texts, 6) == [texts[0], texts[2]]
    picked = pick_queries(texts, sizes=(2,), sample_chars=6, rare_min=3, rare_max=30)
    assert picked["rare-2"] == "江湖"
    picked = pick_queries(texts, sizes=(2,), sample_chars=6, rare_min=1, rare_max=2)
    assert picked["rare-2"] != "江湖"
    assert picked["rare-2"] in {"湖夜", "夜雨", "春风", "风桃", "桃李"}


def test_queries_are_folded_line_by_line():
    table = str.maketrans("國聞", "国闻")

    def fold(text: str) -> str:  # folds characters and drops white space, as the index does
        return "".join(text.translate(table).split())

    texts = ["中國新聞\n中國新聞", "中國\n新聞"]
    picked = pick_queries(texts, fold=fold, sizes=(4,), rare_min=2, rare_max=2)
    # 中国新闻 spans a line break in the second text, so the first alone holds it, twice.
    assert picked == {"common-4": "中国新闻", "rare-4": "中国新闻"}


def test_the_last_pages_are_held_back_and_the_rest_linked_in_place(tmp_path):
    src = tmp_path / "src"
    for i in range(HOLD + 3):
        path = src / f"{i % 2}" / f"page-{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"第{i}页", encoding="utf-8")
    imported, held = split_pages(src)
    assert len(imported) == 3 and len(held) == HOLD
    assert sorted(imported + held) == imported + held  # path order, held ones last
    dest = tmp_path / "dest"
    link_pages(src, imported, dest)
    assert sorted(p.relative_to(dest) for p in dest.rglob("*.txt")) == [
        p.relative_to(src) for p in imported
    ]
    assert (dest / imported[0].relative_to(src)).read_text(encoding="utf-8") == imported[
        0
    ].read_text(encoding="utf-8")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is Linux's")
def test_the_reader_rss_figure_counts_the_measured_process_alone():
    from scale_probes import PEAK_RSS

    ballast = bytearray(160 * 2**20)  # a large parent, as the benchmark may be
    for at in range(0, len(ballast), 4096):
        ballast[at] = 1
    code = PEAK_RSS + "print(_peak_kb())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) < 80 * 1024
    assert len(ballast) == 160 * 2**20


def test_news_text_becomes_pages_of_masthead_heads_and_paragraphs(tmp_path):
    from real_pages import people_daily, render, xwlb

    day = tmp_path / "pd" / "20200119"
    day.mkdir(parents=True)
    (day / "20200119-02-01.txt").write_text(
        "\r\n标题一\r\n副题\r\n\r\n\u3000\u3000第一段。\r\n\u3000\u3000第二段。\r\n",
        encoding="utf-8",
    )
    (day / "20200119-02-02.txt").write_text("标题二\n正文只有一段。\n", encoding="utf-8")
    (day / "20200119-03-01.txt").write_text("只有标题\n", encoding="utf-8")  # no paragraph
    pages = list(people_daily(tmp_path / "pd"))
    assert pages == [
        (
            "2020-01-19",
            2,
            [(["标题一", "副题"], ["第一段。", "第二段。"]), (["标题二"], ["正文只有一段。"])],
        )
    ]
    text = render("人民日报", *pages[0])
    assert text.startswith("人民日报 2020年1月19日 第02版\n\n\n标题一\n\n副题\n\n第一段。\n\n")
    assert "\n\n\n标题二\n\n正文只有一段。\n" in text

    (tmp_path / "x" / "2015").mkdir(parents=True)
    body = "<p>\u3000\u3000央视网消息：" + "内容" * 50 + "&amp;。</p>\r\n<p>第二段</p>"
    items = [
        {"video_title": "[视频]要闻", "video_detail": {"title": "[视频]要闻", "content": body}},
        {"video_title": "[视频]完整版", "video_detail": {"content": ""}},  # no text: skipped
    ]
    (tmp_path / "x" / "2015" / "20150410.json").write_text(
        json.dumps({"videoList": items}, ensure_ascii=False), encoding="utf-8"
    )
    ((date, number, articles),) = list(xwlb(tmp_path / "x"))
    assert (date, number) == ("2015-04-10", 1)
    assert articles == [(["要闻"], ["央视网消息：" + "内容" * 50 + "&。", "第二段"])]
    assert render("新闻联播", date, None, articles).startswith("新闻联播 2015年4月10日\n\n\n要闻\n")


def test_an_article_already_written_is_not_written_again(tmp_path, monkeypatch, capsys):
    import real_pages

    for day in ("20200101", "20200102"):
        folder = tmp_path / "pd" / day
        folder.mkdir(parents=True)
        (folder / f"{day}-01-01.txt").write_text("同一篇\n\n同样的 正文。\n", encoding="utf-8")
        (folder / f"{day}-01-02.txt").write_text(f"{day}\n\n{day}的正文。\n", encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.setattr(
        sys, "argv", ["real_pages", str(out), "--people-daily", str(tmp_path / "pd")]
    )
    real_pages.main()
    assert "people-daily: 2 pages, 3 articles" in capsys.readouterr().out
    second = (out / "people-daily" / "2020" / "2020-01-02-01.txt").read_text(encoding="utf-8")
    assert "同一篇" not in second and "20200102的正文。" in second
