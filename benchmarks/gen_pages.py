"""Generated briefings for the benchmarks: pages of real Chinese sentences (those of the
shipped briefing and the test pages), with rare terms planted at a given rate, and the common
and rare queries of 1, 2, 4 and 8 characters that find them."""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SECTIONS_PER_BRIEFING = 50
RARE = {1: "鑫", 2: "麒麟", 4: "量子通信", 8: "北斗卫星导航系统"}
COMMON = {1: "的", 2: "衡阳", 4: "产业转移", 8: "承接产业转移示范"}
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def sentences() -> list[str]:
    """Sentences of the seed page (and of any other .txt pages under content/ or tests/)."""
    pages = list((ROOT / "content").glob("*.txt")) + list((ROOT / "tests").rglob("*.txt"))
    out: list[str] = []
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="ignore")
        for para in re.split(r"\n\s*\n", text):
            para = para.strip()
            if len(para) < 20 or para.startswith("Table with"):
                continue
            out.extend(s for s in re.findall(r"[^。!?;！？；]+[。!?;！？；]?", para) if len(s) > 4)
    return out


def make_briefing(rng: random.Random, pool: list[str], number: int, plant: float) -> str:
    """One page: a dated masthead, then articles of about 1,000 characters."""
    day = 1 + number % 28
    lines = [f"衡阳日报 2019年{1 + number % 12}月{day}日 第{1 + number % 20:02d}版", ""]
    for _ in range(SECTIONS_PER_BRIEFING):
        head = rng.choice(pool).rstrip("。!?;！？；,， ")[:18] or "新闻"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        lines += [head, "", f"本报记者 {name}", ""]
        size = 0
        while size < 1000:
            para = "".join(rng.choice(pool) for _ in range(rng.randint(2, 5)))
            if rng.random() < plant:
                at = rng.randint(0, len(para))
                para = para[:at] + rng.choice(list(RARE.values())) + para[at:]
            lines += [para, ""]
            size += len(para)
    return "\n".join(lines)
