"""`briefing list` and `briefing read`."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import click

from store import Briefing, Library, Section
from store.sanitize import clean_line
from tui.cli.common import console, echo_json, fail, get_library, is_terminal


@click.command("list")
@click.option("--source", help="Only briefings from this source.")
@click.option("--since", help="Only briefings dated on or after this day, month or year.")
@click.option("--until", help="Only briefings dated on or before this day, month or year.")
@click.option("--unread", is_flag=True, help="Only briefings with sections not read yet.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (streamed, one briefing at a time)."
)
def list_cmd(
    source: str | None, since: str | None, until: str | None, unread: bool, as_json: bool
) -> None:
    """List briefings and their sections.

    By date, oldest first: one day's briefings by title (第2版 before 第10版), undated ones
    last.
    """
    from store.outline_order import by_date
    from store.shelf import Filter, normalise_date, unread_count

    bounds = []
    for name, value in (("--since", since), ("--until", until)):
        day = normalise_date(value) if value else None
        if value and day is None:
            fail(f"{name} {value!r} is not a date like 2019, 2019-10 or 2019-10-03", 2)
        bounds.append(day)
    library = get_library()
    read = library.read_state.all()
    chosen = Filter(since=bounds[0], until=bounds[1], source=source, unread=unread)
    if as_json:
        # Built one by one as they are written: the first shows before the others exist.
        _stream_json(
            library,
            (b for b in library.iter_briefings(by_date=True) if chosen.keeps(b, read)),
            read,
        )
        return
    briefings = [b for b in by_date(library.briefings()) if chosen.keeps(b, read)]
    if not briefings:
        if chosen == Filter():
            click.echo("No briefings yet. Import one with `briefing import FILE`.")
        else:
            click.echo("No briefings match.")
        return
    styled = is_terminal()
    out = console() if styled else None
    for b in briefings:
        date = f"  {b.date}{' (inferred)' if b.date_inferred else ''}" if b.date else ""
        left = unread_count(b, read)
        progress = f"  [{b.section_count - left}/{b.section_count} read]"
        header = f"{b.id}  {clean_line(b.title)}{date}{progress}"
        if out is not None:
            from rich.text import Text

            out.print(Text(header, style="bold"))
        else:
            click.echo(header)
        done = read.get(b.id, frozenset())
        for s in library.heads_of(b):
            kicker = f"[{clean_line(s.kicker)}] " if s.kicker else ""
            authors = " ".join(s.byline.authors)
            mark = "✓ " if s.order in done else ""
            line = f"  {s.id}  {mark}{kicker}{clean_line(s.headline)}"
            tail = f"  ({authors}; {s.paragraphs} ¶)" if authors else f"  ({s.paragraphs} ¶)"
            if out is not None:
                from rich.text import Text

                text = Text(line)
                text.append(tail, style="dim")
                out.print(text)
            else:
                click.echo(line + tail)


def _stream_json(
    library: Library, briefings: Iterable[Briefing], read: dict[str, frozenset[int]]
) -> None:
    """`{"briefings": [...]}` written briefing by briefing, so the first appear at once."""

    from tui.cli.common import json_bytes

    sys.stdout.flush()
    out = sys.stdout.buffer  # bytes as orjson made them: no decoding and encoding again
    out.write(b'{\n  "briefings": [')
    n = -1
    for n, b in enumerate(briefings):
        data = b.to_dict(with_sections=False)
        data["sections"] = library.head_dicts(b)
        done = read.get(b.id, frozenset())
        data["read"] = sum(1 for o in done if o <= b.section_count)
        for head in data["sections"]:
            head["read"] = int(head["id"].rpartition("-")[2]) in done
        out.write((b",\n    " if n else b"\n    ") + json_bytes(data, "    "))
        if n % 64 == 0:
            out.flush()  # the first briefing shows at once, even through a pipe
    out.write(b"\n  ]\n}\n" if n >= 0 else b"]\n}\n")
    out.flush()


@click.command("read")
@click.argument("section_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md"]),
    default=None,
    help="Plain text or Markdown (default: styled on a terminal, text when piped).",
)
def read_cmd(section_id: str, as_json: bool, fmt: str | None) -> None:
    """Show one section (ids come from `briefing list`)."""
    library = get_library()
    section = library.section(section_id)
    if as_json:
        from store.numbering import block_kinds, paragraph_number, place

        data = section.to_dict()
        kinds = block_kinds(section.blocks)
        for i, block in enumerate(data["blocks"]):
            block["place"], block["paragraph"] = place(kinds, i), paragraph_number(kinds, i)
        echo_json(data)
        return
    if fmt == "md":
        from store.export import section_markdown

        click.echo(section_markdown(section), nl=False)
        return
    if fmt is None and is_terminal():
        _print_styled(section)
        return
    from store.export import section_text

    click.echo(section_text(section), nl=False)


# How `briefing read` styles each kind of typeset line on a terminal.
LINE_STYLES = {
    "kicker": "dim",
    "headline": "bold",
    "deck": "italic",
    "byline": "dim",
    "dateline": "dim",
    "rule": "dim",
    "heading": "bold",
    "caption": "italic dim",
    "table": "",
    "table-note": "dim",
}
# Cells kept free at the right edge: a closing mark may hang one cell past the column.
RIGHT_MARGIN = 2


def _print_styled(section: Section) -> None:
    """The section typeset as the reader sets it, for the terminal's real width."""
    from rich.text import Text

    from tui.widgets.layout import MAX_COLUMN, layout_section

    out = console()
    column = max(8, min(MAX_COLUMN, out.width - RIGHT_MARGIN))
    for line in layout_section(section, column, indent=4).lines:
        style = LINE_STYLES.get(line.kind, "")
        text = Text(line.prefix + line.text, style=style)
        out.print(text, overflow="ignore", crop=False, no_wrap=True)
