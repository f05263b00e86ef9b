"""What `briefing search` prints: ranked sections with their places and snippets, or JSON.

Loads no click: the command line answers a plain search through here alone (`tui.cli.fast`).
"""

from __future__ import annotations

from collections.abc import Callable

from store.sanitize import clean_line
from store.typeset import fit_line
from tui.cli.plain import console, fail, is_terminal, json_text, write_line

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# A query longer than this is echoed cut, so the summary stays one line.
QUERY_CELLS = 40


def checked_query(query: str) -> str:
    """The query cleaned of escapes and controls; a usage error when it is empty or bad."""
    from store.search import QueryError, parse

    query = clean_line(query)
    try:
        if parse(query).empty:
            fail("give a word to look for (the query is empty)", 2)
    except QueryError as exc:
        fail(str(exc), 2)
    return query


def run_search(
    library: Callable[[], Any], query: str, as_json: bool, limit: int, briefing_id: str | None
) -> int:
    """Search the library `library()` opens and print the results; the exit code (1: no match)."""
    from store.search import QueryError, search

    # What is searched is what the message shows: escapes and controls are dropped from both.
    query = checked_query(query)
    lib = library()
    if briefing_id:
        briefing_id = lib.briefing(briefing_id).id
    try:
        results = search(lib, query, limit=limit, briefing_id=briefing_id)
    except QueryError as exc:
        fail(str(exc), 2)
    places = _places(lib, results.hits)
    if as_json:
        data = results.to_dict()
        for hit, shown in zip(data["hits"], places, strict=True):
            hit["place"], hit["paragraph"] = shown
        write_line(json_text(data))
    else:
        _print(results, query, [p for p, _ in places])
    return 1 if results.total == 0 else 0


def echoed(query: str, limit: int = QUERY_CELLS) -> str:
    """The query as the summary line repeats it: one line, cut to `limit` cells."""
    return fit_line(query, limit)


def _summary(results: Any, query: str) -> str:
    shown = len(results.hits)
    what = echoed(query)
    if results.total == 0:
        return f"No section matches {what}."
    noun = "section matches" if results.total == 1 else "sections match"
    tail = f" (showing {shown})" if shown < results.total else ""
    via = " as pinyin" if results.via == "pinyin" else ""
    return f"{results.total} {noun} {what}{via}{tail}"


def _places(library: Any, hits: Any) -> list[tuple[str, int | None]]:
    """Each hit's first place as the reader numbers it (¶ 3, caption 1), and its ¶ number."""
    from store.numbering import block_kinds, paragraph_number, place
    from store.search import index

    # The index the search read knows each briefing's text, section count and import time:
    # what a head file must match. So no catalog row is read for the places.
    rows = index.ready(library).manifest.briefings
    found = []
    heads: dict[str, Any] = {}  # each briefing's head file, read once for all its hits
    for hit in hits:
        if hit.block is None:
            found.append(("section head", None))
            continue
        # The row is found from the section's ordinal (its range holds it, its id checked in
        # place) rather than by looking for the id through the whole column of ids.
        at = hit.ordinal
        info = rows.get(hit.briefing_id) if at is None else rows.holding(at, hit.briefing_id)
        kinds = _only_paragraphs(library, hit, info, heads)
        if kinds is None and info is not None:
            kinds = _kinds_in_file(library, hit)
        if kinds is None:
            kinds = block_kinds(library.section(hit.section_id).blocks)
        found.append((place(kinds, hit.block), paragraph_number(kinds, hit.block)))
    return found


def _only_paragraphs(
    library: Any, hit: Any, info: dict[str, Any] | None, heads: dict[str, Any]
) -> str | None:
    """The shape of a hit's section when every block is a paragraph, else None.

    Told by its briefing's heads (one small file per briefing, its paragraphs counted) against
    the block count the index gave, so most hits need no section file read.
    """
    from store.heads import heads_stamp, read_head_file

    if not hit.blocks or info is None:
        return None  # (gone since the search: reading the section says so in its own words)
    # The rows as written, not SectionHead objects: a search builds no model.
    if hit.briefing_id not in heads:
        heads[hit.briefing_id] = read_head_file(library.home, hit.briefing_id)
    got = heads[hit.briefing_id]
    if got is None:
        return None
    stamp, rows = got
    # The file is current when its stamp is the one the briefing's index row makes. Of the
    # content hash it takes the file's own, once it is seen to begin with the briefing's id
    # (the hash's first digits): every write of a briefing's sections gives it a new import
    # time, so the count and the import time tell its versions apart, and the index's column
    # of hashes (the largest it has) is never decoded for a search.
    content_hash = stamp.partition(":")[0]
    if not content_hash.startswith(hit.briefing_id):
        return None
    expected = {
        "content_hash": content_hash,
        "section_count": info.get("count"),
        "imported_at": info.get("imported_at"),
    }
    if stamp != heads_stamp(expected):
        return None
    head = next((r for r in rows if r["id"] == hit.section_id), None)
    if head is None or head.get("paragraphs", 0) != hit.blocks:
        return None
    return "p" * hit.blocks


def _kinds_in_file(library: Any, hit: Any) -> str | None:
    """The shape of a hit's section read from its briefing's section file, else None.

    The index the search read holds the briefing, so the catalog is not asked again (finding
    one row there reads the whole catalog file); a section file that fails or lacks the
    section is left to `library.section`, which says what is wrong in its own words.
    """
    from store.reading import section_kinds

    briefing_id = hit.section_id.rpartition("-")[0]
    if briefing_id != hit.briefing_id:
        return None
    return section_kinds(library.home, briefing_id, hit.section_id)


def _print(results: Any, query: str, places: list[str]) -> None:
    """Readable list; styled on a terminal, plain through a pipe."""
    out = console() if is_terminal() else None
    lines: list[Any] = [_summary(results, query)]
    for n, hit in enumerate(results.hits, start=1):
        where = places[n - 1]
        count = f"{hit.hits} hit" + ("" if hit.hits == 1 else "s")
        head = f"{n:>2}. {clean_line(hit.headline)}"
        meta = f"  {hit.section_id} · {where} · {count}"
        snippet = hit.snippet.replace("\n", " ")
        if out is None:
            lines.extend([head + meta, f"    {snippet}"])
            continue
        from rich.text import Text

        title = Text(head, style="bold")
        title.append(meta, style="dim")
        body = Text("    " + snippet)
        for a, b in hit.spans:
            body.stylize("bold reverse", a + 4, b + 4)
        lines.extend([title, body])
    for line in lines:
        if out is None:
            write_line(line)
        else:
            out.print(line, soft_wrap=False, overflow="ellipsis", no_wrap=True)
