"""A folder of pages for the scale benchmark: the pages it imports, those it adds one at a time,
and its search queries, taken from the pages' own text by a fixed rule.

The scale benchmark run on a folder of real pages (`scale_bench.py --pages DIR`) imports every
page but the last HOLD in path order (those are added and deleted one at a time, as the
generated run does with pages it makes). It cannot use the generated library's planted queries,
so it picks its own from the imported pages, the same way on every run over the same pages
(`python benchmarks/page_folder.py DIR` prints them):

- Only runs of ideographs count, each line folded as the index folds a paragraph; an n-gram
  never spans a line break, punctuation, a digit or a Latin letter.
- A sample of the pages, every k-th page in path order (k the smallest step that keeps the
  sample within `sample_chars` characters), is counted: for each n-gram, the number of sampled
  pages that hold it.
- common-n: the n-gram held by the most sampled pages (ties: the smaller string).
- rare-n: of the n-grams held by exactly one sampled page, taken in the order of their SHA-256
  digests (a fixed order that favours no topic), the first that occurs between `rare_min` and
  `rare_max` times in the whole folder; when none of the first `tries` does, the one whose count
  is nearest that range.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

SIZES = (1, 2, 4, 8)
# Pages kept out of the import, to time adding one page that the library does not hold. A fixed
# number, so that a later run with --keep and another --runs never adds a page already there.
HOLD = 20
# The ideographs the index treats as Chinese: unified, extension A and compatibility.
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def split_pages(src: Path) -> tuple[list[Path], list[Path]]:
    """The pages under src in path order: those to import, and the last HOLD held back."""
    paths = sorted(src.rglob("*.txt"))
    if len(paths) <= HOLD:
        raise SystemExit(f"{src}: {len(paths)} pages; more than {HOLD} are needed")
    return paths[:-HOLD], paths[-HOLD:]


def link_pages(src: Path, paths: Sequence[Path], dest: Path) -> None:
    """Put each page at the same place under dest: a hard link, or a copy across file systems."""
    for path in paths:
        target = dest / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)


def grams(text: str, n: int) -> set[str]:
    """Every n-gram of ideographs in text, none across a break between runs."""
    out: set[str] = set()
    for run in _RUN.findall(text):
        out.update(run[i : i + n] for i in range(len(run) - n + 1))
    return out


def sample(texts: Sequence[str], sample_chars: int) -> list[str]:
    """Every k-th text, k the smallest step that keeps the sample within sample_chars."""
    total = sum(map(len, texts))
    step = max(1, -(-total // max(1, sample_chars)))
    return list(texts[::step])


def _digest(gram: str) -> bytes:
    return hashlib.sha256(gram.encode()).digest()


def pick_queries(
    texts: Sequence[str],
    fold: Callable[[str], str] = str,
    sizes: Sequence[int] = SIZES,
    sample_chars: int = 2_000_000,
    rare_min: int = 3,
    rare_max: int = 30,
    tries: int = 300,
) -> dict[str, str]:
    """{"common-N": query, "rare-N": query} for each N in sizes, from the texts (in order)."""
    # Line by line: the index folds each paragraph apart, and folding drops white space.
    folded = ["\n".join(fold(line) for line in t.splitlines()) for t in texts]
    picked = sample(folded, sample_chars)
    whole = "\x00".join(folded)  # NUL never occurs in a query: no n-gram spans two texts
    out: dict[str, str] = {}
    for n in sizes:
        held: Counter[str] = Counter()
        for text in picked:
            held.update(grams(text, n))
        if not held:
            continue
        out[f"common-{n}"] = min(held, key=lambda g: (-held[g], g))
        once = sorted((g for g, c in held.items() if c == 1), key=_digest)
        best, best_gap = None, None
        for gram in once[:tries]:
            count = whole.count(gram)
            gap = max(rare_min - count, count - rare_max, 0)
            if best_gap is None or gap < best_gap:
                best, best_gap = gram, gap
            if gap == 0:
                break
        if best is not None:
            out[f"rare-{n}"] = best
    return out


def main() -> None:
    """Print the queries of the pages under the folder given, as JSON."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from store.search import fold

    paths = sorted(Path(sys.argv[1]).rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    print(json.dumps(pick_queries(texts, fold), ensure_ascii=False))


if __name__ == "__main__":
    main()
