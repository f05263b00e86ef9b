"""`briefing list`, `briefing read` and `briefing import`."""

from __future__ import annotations

from pathlib import Path

import click

from store import BriefingError, Section
from store.sanitize import clean_line, clean_text
from tui.cli.common import console, echo_json, fail, get_library, is_terminal
from tui.wording import plural


def register(group: click.Group) -> None:
    """Add list, read and import to the `briefing` group."""
    group.add_command(list_cmd)
    group.add_command(read_cmd)
    group.add_command(import_cmd)


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_cmd(as_json: bool) -> None:
    """List briefings and their sections."""
    library = get_library()
    briefings = library.briefings()
    if as_json:
        echo_json({"briefings": [b.to_dict() for b in briefings]})
        return
    if not briefings:
        click.echo("No briefings yet. Import one with `briefing import FILE`.")
        return
    styled = is_terminal()
    out = console() if styled else None
    for b in briefings:
        date = f"  {b.date}{' (inferred)' if b.date_inferred else ''}" if b.date else ""
        header = f"{b.id}  {clean_line(b.title)}{date}"
        if out is not None:
            from rich.text import Text

            out.print(Text(header, style="bold"))
        else:
            click.echo(header)
        for s in b.sections:
            kicker = f"[{clean_line(s.kicker)}] " if s.kicker else ""
            authors = " ".join(s.byline.authors)
            line = f"  {s.id}  {kicker}{clean_line(s.headline)}"
            tail = f"  ({authors}; {s.paragraphs} ¶)" if authors else f"  ({s.paragraphs} ¶)"
            if out is not None:
                from rich.text import Text

                text = Text(line)
                text.append(tail, style="dim")
                out.print(text)
            else:
                click.echo(line + tail)


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
        echo_json(section.to_dict())
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


def _print_styled(section: Section) -> None:
    from rich.text import Text

    from store.typeset import wrap

    out = console()
    width = min(out.width, 82)
    if section.kicker:
        out.print(Text(clean_line(section.kicker), style="dim"))
    out.print(Text(clean_line(section.headline), style="bold"))
    if section.deck:
        out.print(Text("——" + clean_line(section.deck), style="italic"))
    byline = " ".join(filter(None, [section.byline.role, *section.byline.authors]))
    meta = "  ".join(filter(None, [byline, section.dateline]))
    if meta:
        out.print(Text(clean_line(meta), style="dim"))
    for block in section.blocks:
        out.print()
        if block.type == "table":
            out.print(Text("表  " + " | ".join(clean_line(c) for c in block.columns), style="bold"))
            out.print(Text(clean_line(block.note or ""), style="dim"))
            continue
        style = {"caption": "italic dim", "heading": "bold"}.get(block.type, "")
        prefix = "图  " if block.type == "caption" else ""
        indent = 4 if block.type == "paragraph" else 0
        lines = wrap(prefix + clean_text(block.text), width, indent=indent)
        for n, line in enumerate(lines):
            pad = " " * indent if n == 0 else ""
            out.print(Text(pad + line, style=style), overflow="ignore", crop=False)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--replace", is_flag=True, help="Re-import a briefing that is already there.")
def import_cmd(files: tuple[Path, ...], as_json: bool, replace: bool) -> None:
    """Import plain-text newspaper dumps (UTF-8, GB18030, Big5, UTF-16)."""
    library = get_library()
    results: list[dict[str, object]] = []
    failures = 0
    progress = None
    if len(files) > 1 and not as_json and is_terminal():
        from rich.progress import Progress

        progress = Progress(console=console(), transient=True)
        progress.start()
        task = progress.add_task("importing", total=len(files))
    try:
        for path in files:
            shown = clean_line(str(path))
            try:
                result = library.import_file(path, replace=replace)
            except BriefingError as exc:
                failures += 1
                results.append({"file": str(path), "status": "failed", "error": str(exc)})
                if not as_json:
                    click.echo(f"briefing: {clean_line(str(exc))}", err=True)
            else:
                b = result.briefing
                results.append(
                    {
                        "file": str(path),
                        "status": result.status,
                        "briefing_id": b.id,
                        "title": b.title,
                        "sections": len(b.sections),
                    }
                )
                if not as_json:
                    verb = {
                        "imported": "imported",
                        "replaced": "replaced",
                        "exists": "already there (use --replace to import again)",
                    }[result.status]
                    count = plural(len(b.sections), "section")
                    line = f"{shown}: {verb}: {b.id} {clean_line(b.title)}, {count}"
                    (progress.console.print if progress else click.echo)(line)
            if progress is not None:
                progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()
    if as_json:
        echo_json({"files": results})
    if failures and len(files) > 1 and not as_json:
        fail(f"{failures} of {len(files)} files failed", 1)
    if failures:
        raise click.exceptions.Exit(1)
