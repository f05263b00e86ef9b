"""Real-page check: `briefing kwic` and `briefing trend` counts against a plain scan of the text.

python benchmarks/real_corpus_check.py [FOLDER] [--terms T1,T2,...] [--by month] [--keep]

FOLDER (default benchmarks/.work/real/, which git ignores: the pages are never committed) holds
real Chinese news pages, text or HTML. They are imported into a temporary library by a whole
`briefing import` process; then, for each term, `briefing kwic TERM --json` gives the total and
`briefing trend TERM... --by month --json` (or day, week, year) the counts per period, and both
are compared with a plain scan of the same sections: each section's text read back through the
store, every field folded by this script's own code (NFKC, case folding, Traditional to
Simplified one character at a time, white space and format characters dropped: the rules the
search documents) and counted with str.count. A table prints term, ours, scan and whether they
agree; the exit code is 1 when any figure differs.

The terms are a fixed few (1, 2, 4 and longer characters) and others chosen from the imported
text by frequency (never by hand); each common one is also asked for in its Traditional form,
the words a page writes in Traditional characters in both forms, and each Latin or digit one in
full width and upper case, so the folding is checked too.

The pages of the last run (66 pages of 35 Chinese news and other sites) came from two public
repositories. 59 are the saved pages of the GeneralNewsExtractor test suite (163, sina, ifeng,
thepaper, toutiao, guancha, qq, baijiahao, wechat and others, in Simplified characters): every
`tests/*/*.html` except the three already in tests/fixtures/formats (xinhuanet/1, people/1,
zsnews/1) and the English theguardian/1. 7 are the Taiwanese pages (Traditional characters:
appledaily, chinatimes, cna, ettoday, ltn, setn, udn) the twnews package keeps as samples:

    git clone https://github.com/GeneralNewsExtractor/GeneralNewsExtractor /tmp/gne
    git -C /tmp/gne checkout 3d5a67c65f4d6c8e13c3047754a4c18fc0b0754a
    mkdir -p benchmarks/.work/real
    for p in $(git -C /tmp/gne ls-files 'tests/*.html' | grep -v -e theguardian \\
               -e xinhuanet/1 -e people/1 -e zsnews/1); do
        git -C /tmp/gne show "HEAD:$p" > "benchmarks/.work/real/$(echo "${p#tests/}" | tr / -)"
    done
    git clone https://github.com/virus-warnning/twnews /tmp/twnews
    git -C /tmp/twnews checkout 4c7ef436018480d07b5f3f5f474f3843af46eb99
    for f in appledaily chinatimes cna ettoday ltn setn udn; do
        xz -dc "/tmp/twnews/twnews/samples/$f.html.xz" > "benchmarks/.work/real/twnews-$f.html"
    done
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

BRIEFING = str(Path(sys.executable).parent / "briefing")
FIXED = ["的", "中", "中国", "记者", "发展", "人民日报", "新华社", "习近平总书记"]
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z]{2,}")
_NUMBER = re.compile(r"[0-9]{3,}")
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


class Folder:
    """The search's folding rules, written again here so the scan does not share its code."""

    def __init__(self) -> None:
        import opencc

        self._t2s = opencc.OpenCC("t2s")
        self._s2t = opencc.OpenCC("s2t")
        self._chars: dict[str, str] = {}

    def char(self, ch: str) -> str:
        got = self._chars.get(ch)
        if got is None:
            got = ""
            if not (ch.isspace() or ch in _DROP or unicodedata.category(ch) in ("Cc", "Cf", "Cs")):
                for c in unicodedata.normalize("NFKC", ch).casefold():
                    if "\u3400" <= c <= "\u9fff" or c >= "\U00020000":
                        c = self._t2s.convert(c)
                    got += "".join(x for x in c if not x.isspace() and x not in _DROP)
            self._chars[ch] = got
        return got

    def fold(self, text: str) -> str:
        return "".join(map(self.char, text))

    def traditional(self, text: str) -> str:
        return self._s2t.convert(text)


def briefing(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One whole `briefing` process on the temporary library."""
    return subprocess.run(
        [BRIEFING, "--store", str(home), *args], capture_output=True, text=True, cwd=ROOT
    )


def section_texts(section: Any) -> list[str]:
    """Every text a reader sees in a section: head, byline, dateline, blocks (table cells)."""
    out = [section.kicker or "", section.headline or "", section.deck or ""]
    out.append(" ".join([section.byline.role or "", *section.byline.authors]))
    out.append(section.dateline or "")
    for block in section.blocks:
        if block.type == "table":
            out.extend(block.columns)
            out.extend(" | ".join(row) for row in block.rows)
            out.append(block.note or "")
        else:
            out.append(block.text)
    return out


def period(date: str | None, by: str) -> str | None:
    """The period of a briefing date: its first 4, 7 or 10 characters, or its ISO week."""
    if not date or len(date) < {"year": 4, "month": 7}.get(by, 10):
        return None
    if by == "week":
        year, week, _day = datetime.date.fromisoformat(date[:10]).isocalendar()
        return f"{year}-W{week:02d}"
    return date[: {"year": 4, "month": 7, "day": 10}[by]]


def read_back(
    home: Path, folder: Folder, by: str
) -> tuple[list[tuple[str | None, list[str]]], str]:
    """(period of its briefing, folded texts) of every section, and all the source text."""
    from store import open_library

    lib = open_library(home, seed=False)
    month = {b.id: period(b.date, by) for b in lib.briefings()}
    out, source = [], []
    for s in lib.iter_sections():
        texts = section_texts(s)
        source.extend(texts)
        out.append((month[s.briefing_id], [folder.fold(t) for t in texts]))
    return out, "\x1f".join(source)


def choose_terms(
    sections: list[tuple[str | None, list[str]]], source: str, folder: Folder
) -> list[str]:
    """The fixed terms, the text's most frequent Han words of 1, 2, 4 and 6 characters, a
    repeated character and a run of zeros (their occurrences may overlap), the words most
    often written in Traditional characters in the source (asked for as written and in
    Simplified), and Traditional, full-width and upper-case forms of some of them."""
    text = "\x1f".join(t for _m, texts in sections for t in texts)
    runs = _HAN.findall(text)
    chosen = list(FIXED)
    for n, how_many in ((1, 1), (2, 3), (4, 2), (6, 1)):
        grams = Counter(r[i : i + n] for r in runs for i in range(len(r) - n + 1))
        chosen += [g for g, _c in grams.most_common(how_many + 3) if g not in chosen][:how_many]
    variants = []
    for term in chosen[2:]:
        trad = folder.traditional(term)
        if trad != term:
            variants.append(trad)
    written = Counter(r[i : i + 2] for r in _HAN.findall(source) for i in range(len(r) - 1))
    for word, _c in [(w, c) for w, c in written.most_common() if folder.fold(w) != w][:3]:
        chosen += [word, folder.fold(word)]
    doubled = Counter(r[i : i + 2] for r in runs for i in range(len(r) - 1) if r[i] == r[i + 1])
    chosen += [g for g, _c in doubled.most_common(1)]
    if "000" in text:
        chosen.append("00")
    words = Counter(_WORD.findall(text)).most_common(1)
    numbers = Counter(_NUMBER.findall(text)).most_common(1)
    for word, _c in words + numbers:
        chosen.append(word)
        if word.upper() != word:
            variants.append(word.upper())
        variants.append("".join(chr(ord(c) + 0xFEE0) for c in word))  # full width
    return list(dict.fromkeys(chosen + variants))


def scan(sections: list[tuple[str | None, list[str]]], needle: str) -> dict[str, Any]:
    """Occurrences and sections of needle, in all and per period, by str.count per field."""
    occ, secs = 0, 0
    months: dict[str, list[int]] = {}
    for month, texts in sections:
        n = sum(t.count(needle) for t in texts)
        if month is not None:
            point = months.setdefault(month, [0, 0, 0])
            point[0] += n
            point[1] += n > 0
            point[2] += sum(map(len, texts))
        occ += n
        secs += n > 0
    return {"occurrences": occ, "sections": secs, "months": months}


def check(folder_path: Path, terms: list[str] | None, keep: bool, by: str = "month") -> int:
    folder = Folder()
    home = Path(tempfile.mkdtemp(prefix="real-corpus-"))
    try:
        done = briefing(home, "import", "--json", str(folder_path))
        files = json.loads(done.stdout or '{"files": []}')["files"]
        imported = [f for f in files if f.get("status") in ("imported", "exists", "replaced")]
        print(f"{len(imported)} of {len(files)} pages imported from {folder_path}")
        for f in files:
            if f not in imported:
                print(f"  not imported: {f.get('file')}: {f.get('error') or f.get('status')}")
        sections, source = read_back(home, folder, by)
        print(f"{len(sections)} sections, {sum(len(t) for _m, x in sections for t in x)} chars")
        terms = terms or choose_terms(sections, source, folder)
        trend = briefing(home, "trend", *terms, "--by", by, "--json")
        series = json.loads(trend.stdout)["series"] if trend.returncode == 0 else []
        by_query = {s["query"]: s for s in series}
        header = f"{'term':<14} {'kwic':>7} {'trend':>7} {'scan':>7} {'sections':>17} periods agree"
        print(header)
        print("-" * len(header))
        bad = 0
        for term in terms:
            kw = briefing(home, "kwic", term, "--json", "--limit", "1")
            total = json.loads(kw.stdout)["total"] if kw.stdout.strip() else None
            kw_secs = json.loads(kw.stdout)["sections"] if kw.stdout.strip() else None
            ours = by_query.get(term, {})
            want = scan(sections, folder.fold(term))
            points = {p["period"]: p for p in ours.get("points", [])}
            months_ok = set(points) == set(want["months"]) and all(
                [p["occurrences"], p["sections"], p["chars"]] == want["months"][m]
                for m, p in points.items()
            )
            agree = (
                total == ours.get("occurrences") == want["occurrences"]
                and kw_secs == ours.get("sections") == want["sections"]
                and months_ok
            )
            bad += not agree
            secs = f"{kw_secs}/{ours.get('sections')}/{want['sections']}"
            pad = " " * max(0, 14 - _cells(term))
            print(
                f"{term}{pad} {total!s:>7} {ours.get('occurrences')!s:>7} {want['occurrences']:>7}"
                f" {secs:>17} {len(points):>2}/{len(want['months']):<3} {'yes' if agree else 'NO'}"
            )
        print(f"\n{len(terms) - bad} of {len(terms)} terms agree (sections: kwic/trend/scan)")
        return 1 if bad else 0
    finally:
        if keep:
            print(f"library kept in {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(HERE / ".work" / "real"))
    parser.add_argument("--terms", help="Comma-separated terms instead of the chosen ones.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary library.")
    parser.add_argument("--by", choices=["day", "week", "month", "year"], default="month")
    args = parser.parse_args()
    folder = Path(args.folder)
    if not folder.is_dir() or not any(folder.iterdir()):
        print(f"no pages in {folder}: see this script's docstring for how to get them")
        return 2
    return check(folder, args.terms.split(",") if args.terms else None, args.keep, args.by)


if __name__ == "__main__":
    sys.exit(main())
