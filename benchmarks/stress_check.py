"""The crash test's checker: what the killed writers reported done, and every way the store
disagrees with it (`benchmarks/stress_kill.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from store import open_library
from store.doctor import check_library


@dataclass
class Model:
    """What the writers reported done, and so what must be in the store."""

    present: dict[str, set[str]] = field(
        default_factory=lambda: {"notes": set(), "bookmarks": set()}
    )
    gone: dict[str, set[str]] = field(default_factory=lambda: {"notes": set(), "bookmarks": set()})
    briefings: set[str] = field(default_factory=set)
    briefings_gone: set[str] = field(default_factory=set)
    positions: dict[str, set[int | None]] = field(default_factory=dict)
    reads: dict[str, set[bool]] = field(default_factory=dict)
    verified: int = 0
    reported: int = 0


def apply_reports(model: Model, lines: list[str]) -> set[tuple[str, str]]:
    """Fold reported writes into the model; returns the (table, id) whose fate is open."""
    open_ended: set[tuple[str, str]] = set()
    for line in lines:
        words = line.split()
        if not words:
            continue
        kind, args = words[0], words[1:]
        model.reported += kind in (
            "note",
            "bookmark",
            "deleted",
            "position",
            "marked",
            "imported",
            "unimported",
        )
        if kind in ("note", "bookmark"):
            model.present[kind + "s"].add(args[0])
        elif kind == "deleting":
            open_ended.add((args[0], args[1]))
        elif kind == "deleted":
            open_ended.discard((args[0], args[1]))
            model.present[args[0]].discard(args[1])
            model.gone[args[0]].add(args[1])
        elif kind == "positioning":
            model.positions.setdefault(args[0], {None}).add(int(args[1]))
            open_ended.add(("position", args[0]))
        elif kind == "position":
            model.positions[args[0]] = {int(args[1])}
            open_ended.discard(("position", args[0]))
        elif kind == "marking":
            model.reads.setdefault(args[0], {False}).add(args[1] == "1")
        elif kind == "marked":
            model.reads[args[0]] = {args[1] == "1"}
        elif kind == "imported":
            model.briefings.add(args[0])
            model.briefings_gone.discard(args[0])
        elif kind == "unimporting":
            open_ended.add(("briefing", args[0]))
        elif kind == "unimported":
            open_ended.discard(("briefing", args[0]))
            model.briefings.discard(args[0])
            model.briefings_gone.add(args[0])
    return open_ended


def verify(home: Path, model: Model, open_ended: set[tuple[str, str]]) -> list[str]:
    """Every way the store disagrees with what the writers reported."""
    problems = [f"doctor: {f.path.name}: {f.problem}" for f in check_library(home) if f.harmful]
    try:
        lib = open_library(home, seed=False)
    except Exception as exc:
        return [*problems, f"open_library: {type(exc).__name__}: {exc}"]
    if lib.user.problem is not None:  # the library still opens for reading; the check fails
        return [*problems, f"user file: {lib.user.problem}"]
    for table in ("notes", "bookmarks"):
        ids = {str(r.get("id")) for r in lib.user.table(table).all()}
        unresolved = {i for t, i in open_ended if t == table}
        missing = model.present[table] - ids - unresolved
        back = (model.gone[table] & ids) - unresolved
        problems += [f"{table}: reported write {i} is missing" for i in sorted(missing)]
        problems += [f"{table}: reported delete {i} is back" for i in sorted(back)]
        model.verified += len(model.present[table]) + len(model.gone[table])
        # Whatever an open-ended delete did is now the truth.
        for i in unresolved:
            (model.present if i in ids else model.gone)[table].add(i)
            (model.gone if i in ids else model.present)[table].discard(i)
    for section, allowed in model.positions.items():
        got = lib.user.get_position(section)
        if got not in allowed:
            problems.append(f"position of {section} is {got}, expected one of {allowed}")
        else:
            model.positions[section] = {got}
    for section, might in model.reads.items():
        read = lib.read_state.is_read(section)
        if read not in might:
            problems.append(f"{section} is {'read' if read else 'unread'}, expected {might}")
        else:
            model.reads[section] = {read}
            model.verified += 1
    ids = {b.id for b in lib.briefings()}
    unresolved = {i for t, i in open_ended if t == "briefing"}
    problems += [f"briefing {b} is missing" for b in sorted(model.briefings - ids - unresolved)]
    problems += [f"briefing {b} is back" for b in sorted((model.briefings_gone & ids) - unresolved)]
    for b in ids:
        list(lib.iter_sections(b))  # every section file of a listed briefing reads
    model.briefings = ids
    model.briefings_gone -= ids
    return problems
