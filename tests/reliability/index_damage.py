"""A library with a real index, the answers a plain scan gives, and checks of a damaged copy."""

from __future__ import annotations

import shutil
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from reliability_helpers import REPO

from store import BriefingError, open_library
from store.doctor import repair_library
from store.search import index, parse, search
from store.search.hits import section_matches

PAGES = sorted((REPO / "tests" / "fixtures" / "pages").glob("*.txt"))
# One character, two, long, common and rare, across several briefings.
QUERIES = ("衡阳", "的", "产业转移", "湖南", "记者", "企业 -衡阳", "环保", "亿元", "郴州")


def scan(lib: Any) -> dict[str, frozenset[str]]:
    """The truth: sections whose folded text holds each query, by a scan without the index."""
    sections = list(lib.iter_sections())
    return {q: frozenset(s.id for s in sections if section_matches(s, parse(q))) for q in QUERIES}


def build(home: Path) -> dict[str, frozenset[str]]:
    """A library of the shipped briefing and the fixture pages, indexed in several segments."""
    lib = open_library(home)
    index.register(lib)
    search(lib, "衡阳")
    for page in PAGES:
        lib.import_file(page)  # each import appends a segment of its own
    search(lib, "衡阳")
    return scan(lib)


def copy(pristine: Path, to: Path) -> Path:
    """A copy of a library folder (links kept as links)."""
    shutil.copytree(pristine, to, symlinks=True)
    return to


def segments(home: Path) -> list[Path]:
    """The segment files the manifest names, in its order."""
    man = orjson.loads(manifest_body(home / "index" / "index.json"))
    return [home / "index" / s["name"] for s in man["segments"]]


def rows_file(home: Path) -> Path | None:
    """The rows file the manifest names (None when all its rows are in the manifest)."""
    man = orjson.loads(manifest_body(home / "index" / "index.json"))
    return home / "index" / man["rows"]["name"] if man["rows"] else None


def manifest_body(path: Path) -> bytes:
    """The manifest's JSON without its checksum member."""
    raw = path.read_bytes()
    return raw[: raw.rindex(b',"checksum"')] + b"}"


def seal(data: Any) -> bytes:
    """Manifest bytes with a valid checksum around any JSON value (as a careful forger would)."""
    body = orjson.dumps(data)
    if not body.startswith(b"{") or body == b"{}":
        return body  # no object to carry a checksum member
    return body[:-1] + b',"checksum":"%08x"}' % zlib.crc32(body)


@dataclass
class Tally:
    """What the scenarios came to."""

    scenarios: int = 0
    right: int = 0
    repaired: int = 0
    wrong: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)


def answers_right(home: Path, truth: dict[str, frozenset[str]]) -> list[str]:
    """Queries whose answer differs from the truth (a fresh process's view)."""
    index.forget_handles()
    lib = open_library(home, seed=False)
    return answers_of(lib, truth)


def answers_of(lib: Any, truth: dict[str, frozenset[str]]) -> list[str]:
    """Queries whose total or sections differ from the truth, through this library object."""
    wrong = []
    for q, expected in truth.items():
        got = search(lib, q, limit=10_000)
        ids = frozenset(h.section_id for h in got.hits)
        if got.total != len(expected) or ids != expected:
            wrong.append(f"{q}: {got.total} sections, expected {len(expected)}")
    return wrong


def outcome(home: Path, truth: dict[str, frozenset[str]], tally: Tally, name: str) -> str:
    """Search the damaged library: right answers, or one clear line and a repair that works.

    Returns "right" or "repaired"; anything else is recorded in the tally as wrong or
    unexpected (an exception that is not a BriefingError).
    """
    tally.scenarios += 1
    try:
        try:
            wrong = answers_right(home, truth)
        except BriefingError as exc:
            message = str(exc)
            if "\n" in message or str(home) not in message:
                tally.unexpected.append(f"{name}: unclear message {message!r}")
                return "unclear"
            repair_library(home)
            wrong = answers_right(home, truth)
            if wrong:
                tally.wrong.append(f"{name} (after repair): {wrong}")
                return "wrong"
            tally.repaired += 1
            return "repaired"
    except Exception as exc:
        tally.unexpected.append(f"{name}: {type(exc).__name__}: {exc}")
        return "unexpected"
    if wrong:
        tally.wrong.append(f"{name}: {wrong}")
        return "wrong"
    tally.right += 1
    return "right"


def pristine_library(home: Path) -> tuple[Path, dict[str, frozenset[str]]]:
    """A library of several segments and the sections each query must find in it."""
    from store.search import offsets

    saved = offsets.HEAVY
    # Bigrams with 20 places or more are written as offset-major bitmaps (产业 is, 转移 is
    # not), so both kinds of places are there to damage.
    offsets.HEAVY = 20
    try:
        truth = build(home)
    finally:
        offsets.HEAVY = saved
    assert len(segments(home)) >= 2  # damage to one segment leaves others standing
    assert all(truth.values())  # every query has answers to get wrong
    return home, truth


def run_damaged(pristine: tuple[Path, dict], tmp: Path, damage: Callable[[Path], None]) -> str:
    """Damage a copy of the pristine library, then search it: "right" or "repaired"."""
    src, truth = pristine
    home = copy(src, tmp / "lib")
    damage(home)
    tally = Tally()
    got = outcome(home, truth, tally, "scenario")
    assert not tally.wrong and not tally.unexpected, tally
    return got


def doctor_sees_it(home: Path) -> bool:
    """Whether `briefing doctor` reports harm to the index."""
    from store.doctor import check_library

    return any(f.kind == "index" and f.harmful for f in check_library(home))


def manifest_path(home: Path) -> Path:
    """The index's manifest."""
    return home / "index" / "index.json"
