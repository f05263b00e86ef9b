"""The text rules' patterns are compiled when a rule first uses them, and act as compiled."""

from __future__ import annotations

import re
import subprocess
import sys

from store.ingest.lazyre import later


def test_a_later_pattern_answers_as_the_compiled_one() -> None:
    source = r"(?P<name>[\u4e00-\u9fff]{2,4})[摄攝]$"
    lazy, real = later(source, re.MULTILINE), re.compile(source, re.MULTILINE)
    for text in ("李四摄", "新华社记者 张三攝", "摄", ""):
        assert bool(lazy.search(text)) == bool(real.search(text))
        assert lazy.sub("·", text) == real.sub("·", text)
    assert (lazy.pattern, lazy.flags, lazy.groupindex) == (
        real.pattern,
        real.flags,
        real.groupindex,
    )
    # Once compiled, its methods are the compiled pattern's own.
    assert lazy.match.__self__.pattern == source  # type: ignore[attr-defined]


def test_importing_the_text_rules_compiles_no_ideograph_class() -> None:
    probe = (
        "import re, sys\n"
        "seen = []\n"
        "real = re._compile\n"
        "def counting(pattern, flags):\n"
        "    if '\\u4e00' in str(pattern) or '\\\\u4e00' in str(pattern):\n"
        "        seen.append(pattern)\n"
        "    return real(pattern, flags)\n"
        "re._compile = counting\n"
        "import store.ingest.parse, store.ingest.load\n"
        "before = len(seen)\n"
        "from store.ingest import parse\n"
        "parse('第一版要闻\\n\\n园区新引进项目\\n\\n本报记者 王五\\n\\n本报讯 园区新引进项目。')\n"
        "print(before, len(seen))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    at_import, after_parse = map(int, out.stdout.split())
    assert at_import == 0
    assert after_parse > 0  # the rules a page needs are compiled as it is parsed


def test_a_page_with_a_byline_compiles_no_class_of_every_ideograph() -> None:
    # Such a class costs a millisecond or more to compile: the byline's names and desks are
    # told in plain code, the rules of labels, of a paper's name and of a page wait for their
    # words.
    probe = (
        "import re, sys\n"
        "seen = []\n"
        "real = re._compile\n"
        "def counting(pattern, flags):\n"
        "    if '\\u3400-\\u4dbf' in str(pattern) or '\\\\u3400-\\\\u4dbf' in str(pattern):\n"
        "        seen.append(str(pattern))\n"
        "    return real(pattern, flags)\n"
        "re._compile = counting\n"
        "from store.ingest import parse\n"
        "page = parse('园区新引进项目\\n\\n本报记者 王五 李四摄\\n\\n'\n"
        "    '园区新引进项目十二个。\\n\\n作者：张三\\n\\n新的一年开始了。')\n"
        "assert page.sections[0].byline.authors == ('王五',), page.sections[0].byline\n"
        "print(seen)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
