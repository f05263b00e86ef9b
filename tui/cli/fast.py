"""The hot commands answered without click: a plain `briefing search` pays only for the search.

Only argument lists whose meaning is plain are taken here (`[--store DIR] search QUERY` with
`--json`, `--limit N`, `--briefing ID` in any order, `--` before a query that starts with a
dash); anything else (help, a bad or unknown option, a repeated one, a missing or extra
argument) goes to the click group, which answers it as it always has.
"""

from __future__ import annotations

import os
from pathlib import Path

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Options of `search` that take a value, and the one flag.
_VALUED = ("--limit", "--briefing")
_FLAG = "--json"
LIMIT_MAX = 1000


def split_store(args: list[str]) -> tuple[str | None, list[str]] | None:
    """The `--store DIR` given before the command (or None) and the rest; None when unclear."""
    if args and args[0] == "--store":
        if len(args) < 2 or not args[1] or args[1].startswith("-"):
            return None
        return args[1], args[2:]
    if args and args[0].startswith("--store="):
        value = args[0][len("--store=") :]
        return (value, args[1:]) if value else None
    if args and args[0].startswith("-"):
        return None
    return None, args


def search_args(args: list[str]) -> dict[str, Any] | None:
    """`search`'s own arguments as keywords, or None when click should read them."""
    given: dict[str, Any] = {}
    query: list[str] = []
    rest = iter(args)
    for token in rest:
        if token == "--":
            query.extend(rest)
            break
        if token == _FLAG and "as_json" not in given:
            given["as_json"] = True
            continue
        name, eq, value = token.partition("=")
        if name in _VALUED and name not in given:
            if not eq:
                value = next(rest, None)
            if value is None or not value or value.startswith("-"):
                return None
            given[name] = value
            continue
        if token.startswith("-"):
            return None
        query.append(token)
    if len(query) != 1:
        return None
    limit = given.get("--limit", "20")
    if not (limit.isascii() and limit.isdigit() and 1 <= int(limit) <= LIMIT_MAX):
        return None
    return {
        "query": query[0],
        "as_json": given.get("as_json", False),
        "limit": int(limit),
        "briefing_id": given.get("--briefing"),
    }


def run(args: list[str], whole_process: bool = False) -> int | None:
    """The exit code of a hot command answered here, or None to hand the arguments to click.

    `whole_process`: the command is all this process does (the console entry point), so
    what it loads may be kept from the cycle collector for good.
    """
    split = split_store(args)
    if split is None:
        return None
    store, rest = split
    if not rest or rest[0] != "search":
        return None
    keywords = search_args(rest[1:])
    if keywords is None:
        return None
    # As the click group reads it: --store, else a non-empty BRIEFING_HOME.
    store = store or os.environ.get("BRIEFING_HOME") or None
    store_dir = Path(store) if store else None
    return _search(store_dir, keywords, whole_process)


def _search(store_dir: Path | None, keywords: dict[str, Any], whole_process: bool) -> int:
    from tui.cli.plain import run_plain, set_active_store

    set_active_store(store_dir)

    def library() -> Any:
        from store.reading import open_reading

        # A search writes nothing: a library in order is read without TinyDB or the models,
        # and its section and head folders are left unlisted.
        return open_reading(store_dir)

    def command() -> int:
        if whole_process:
            _load_frozen()
        from tui.cli.search_out import run_search

        return run_search(library, **keywords)

    return run_plain(command)


def _load_frozen() -> None:
    """Load what a search uses with the cycle collector off, then keep it from the collector.

    The modules and tables loaded live until the process ends: collecting them generation
    after generation as they load, and looking at them again later, would free nothing.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        # Loaded now, with the collector off; used once the search runs.
        import store.reading
        import store.search.api  # noqa: F401
        import tui.cli.search_out  # noqa: F401
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
