"""`briefing list`, `read` and `import` on a fresh store, as a user would run them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from store.embedded import CONTENT_DIR

SEED = CONTENT_DIR / "hunan-daily.txt"
SEED_ID = hashlib.sha256(SEED.read_text(encoding="utf-8").encode()).hexdigest()[:10]
SOURCE = json.loads((CONTENT_DIR / "manifest.json").read_text(encoding="utf-8"))["briefings"][0][
    "source"
]


def test_list_json_on_empty_store_is_the_ground_truth(run_cli) -> None:
    result = run_cli("list", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data == {
        "briefings": [
            {
                "id": SEED_ID,
                "title": "湖南日报",
                "date": "2018-11-22",
                "source": SOURCE,
                "read": 0,
                "sections": [
                    {
                        "id": f"{SEED_ID}-1",
                        "kicker": "开放强省再发力 承接产业转移看湘南湘西",
                        "headline": "5年“转”来500多家企业",
                        "deck": "看衡阳承接产业转移如何围绕“产业链”做文章",
                        "byline": {"role": "湖南日报见习记者", "authors": ["黄婷婷"]},
                        "dateline": None,
                        "paragraphs": 28,
                        "captions": 1,
                        "tables": 0,
                        "read": False,
                    },
                    {
                        "id": f"{SEED_ID}-2",
                        "kicker": None,
                        "headline": "靠“五个走在前列”跑出承接“加速度”",
                        "deck": "访衡阳市市长邓群策",
                        "byline": {"role": "湖南日报记者", "authors": ["李苗", "徐德荣"]},
                        "dateline": None,
                        "paragraphs": 9,
                        "captions": 0,
                        "tables": 0,
                        "read": False,
                    },
                    {
                        "id": f"{SEED_ID}-3",
                        "kicker": "环保督察回头看",
                        "headline": "企业法律环保意识淡薄 乡镇环保设施建设滞后 "
                        "我省公布第七批中央环保督察“回头看”典型案例",
                        "deck": None,
                        "byline": {"role": "记者", "authors": ["曹娟"]},
                        "dateline": "湖南日报11月22日讯",
                        "paragraphs": 9,
                        "captions": 0,
                        "tables": 1,
                        "read": False,
                    },
                ],
            }
        ]
    }


def test_seed_is_imported_once_and_ids_are_stable(run_cli) -> None:
    first = json.loads(run_cli("list", "--json").out)
    second = json.loads(run_cli("list", "--json").out)
    assert first == second
    assert len(second["briefings"]) == 1


def test_read_json_blocks(run_cli) -> None:
    result = run_cli("read", f"{SEED_ID}-1", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    types = [b["type"] for b in data["blocks"]]
    assert types.count("paragraph") == 28 and types.count("caption") == 1
    paragraphs = [b["text"] for b in data["blocks"] if b["type"] == "paragraph"]
    assert paragraphs[21].endswith(
        "目前运营的有三大业务系统:智慧城市产品研发与运营中心、呼叫中心、软件服务外包中心。"
    )
    table = json.loads(run_cli("read", f"{SEED_ID}-3", "--json").out)["blocks"][-1]
    assert table["type"] == "table" and table["place"] == "table 1"
    assert set(table) == {"type", "columns", "rows", "note", "place", "paragraph"}
    assert table["columns"][0] == "序号" and len(table["columns"]) == 9


def test_read_piped_is_plain_text(run_cli) -> None:
    result = run_cli("read", f"{SEED_ID}-2")
    assert result.code == 0
    assert "\x1b" not in result.out
    assert result.out.splitlines()[0] == "靠“五个走在前列”跑出承接“加速度”"
    assert "湖南日报记者 李苗 徐德荣" in result.out


def test_unknown_section_is_one_line_and_exit_1(run_cli) -> None:
    result = run_cli("read", "nope-9")
    assert result.code == 1
    assert result.err.strip().count("\n") == 0 and "nope-9" in result.err
    assert "Traceback" not in result.err


def test_usage_error_exit_2(run_cli) -> None:
    result = run_cli("read")
    assert result.code == 2
    assert result.err.startswith("briefing: ")


def test_import_then_again_says_already_there(run_cli, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "经济观察\n\n新区建设提速 ——记者走访产业园\n\n本报记者 王五\n\n"
        "本报讯 园区今年新引进项目12个,总投资50亿元。\n\n"
        "园区负责人介绍,下一步将继续完善配套。\n",
        encoding="gb18030",
    )
    first = run_cli("import", str(page), "--json")
    assert first.code == 0, first.err
    entry = json.loads(first.out)["files"][0]
    assert entry["status"] == "imported" and entry["sections"] == 1
    again = run_cli("import", str(page))
    assert again.code == 0 and "already there" in again.out
    replaced = json.loads(run_cli("import", str(page), "--replace", "--json").out)["files"][0]
    assert replaced["status"] == "replaced" and replaced["briefing_id"] == entry["briefing_id"]
    listed = json.loads(run_cli("list", "--json").out)["briefings"]
    assert [b["id"] for b in listed] == [SEED_ID, entry["briefing_id"]]


def test_import_failure_exit_1_and_nothing_written(run_cli, tmp_path: Path) -> None:
    run_cli("list")
    home: Path = run_cli.home
    before = {p: p.read_bytes() for p in home.rglob("*.json")}
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run_cli("import", str(empty), str(tmp_path / "missing.txt"))
    assert result.code == 1
    assert "empty.txt" in result.err and "missing.txt" in result.err
    assert {p: p.read_bytes() for p in home.rglob("*.json")} == before


def test_single_failed_import_exits_1_with_one_line(run_cli, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes("只有一个标题\n".encode()[:-2] + b"\x00\xff" * 30)
    result = run_cli("import", str(damaged))
    assert result.code == 1
    assert result.err.count("\n") == 1 and "damaged.txt" in result.err


def test_unexpected_error_is_logged_in_the_named_store(run_cli, monkeypatch) -> None:
    import store.library

    def boom(self):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(store.library.Library, "briefings", boom)
    result = run_cli("list")
    assert result.code == 1 and "Traceback" not in result.err
    log = run_cli.home / "logs" / "errors.log"
    assert str(log) in result.err
    assert "kaboom" in log.read_text(encoding="utf-8")


def test_import_takes_title_date_and_source_from_the_masthead(run_cli, tmp_path: Path) -> None:
    page = tmp_path / "page-01.txt"
    page.write_text(
        "人民日报\n2020年3月1日 星期日\n第01版：要闻\n\n春耕正当时\n\n本报记者 张三\n\n"
        "本报北京2月29日电 各地春耕生产有序展开，农资供应总体充足。\n",
        encoding="utf-8",
    )
    assert run_cli("import", str(page)).code == 0
    (b,) = [b for b in json.loads(run_cli("list", "--json").out)["briefings"] if b["id"] != SEED_ID]
    assert (b["title"], b["date"], b["source"]) == (
        "人民日报 第01版 要闻",
        "2020-03-01",
        "人民日报",
    )
    assert b["sections"][0]["headline"] == "春耕正当时"


def test_import_options_override_the_page(run_cli, tmp_path: Path) -> None:
    page = tmp_path / "page-02.txt"
    page.write_text("人民日报 2020年3月1日 第02版\n\n标题\n\n本报讯 各地春耕生产有序展开。\n")
    args = ("import", str(page), "--title", "早间简报", "--date", "2020-03-02", "--source", "自编")
    assert run_cli(*args).code == 0
    (b,) = [b for b in json.loads(run_cli("list", "--json").out)["briefings"] if b["id"] != SEED_ID]
    assert (b["title"], b["date"], b["source"]) == ("早间简报", "2020-03-02", "自编")
    bad = run_cli("import", str(page), "--replace", "--date", "2020-02-30")
    assert bad.code == 2 and "YYYY-MM-DD" in bad.err
