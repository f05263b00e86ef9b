"""`briefing read`: typeset as the reader sets it on a terminal, plain and unwrapped in a pipe."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from store.typeset import CLOSING, cell_width
from tui.cli import library_cmds

SEED = "c3398b5e8e"


def styled(run_cli, monkeypatch, section_id: str, width: int) -> list[str]:
    buffer = io.StringIO()
    out = Console(file=buffer, width=width, color_system=None, highlight=False, markup=False)
    monkeypatch.setattr(library_cmds, "is_terminal", lambda stream=None: True)
    monkeypatch.setattr(library_cmds, "console", lambda: out)
    result = run_cli("read", section_id)
    assert result.code == 0, result.err
    return buffer.getvalue().split("\n")


@pytest.mark.parametrize("width", [60, 80, 120])
def test_on_a_terminal_every_line_fits_and_keeps_the_line_breaking_rules(
    run_cli, monkeypatch, width: int
) -> None:
    for n in (1, 2, 3):
        lines = styled(run_cli, monkeypatch, f"{SEED}-{n}", width)
        assert all(cell_width(line) <= width for line in lines), max(map(cell_width, lines))
        body = [line for line in lines if line.strip() and not line.startswith(("│", "┌", "└"))]
        assert not any(line.lstrip()[0] in CLOSING for line in body)
    # A paragraph's first line is indented (the indent counted in the width), its others not.
    lines = styled(run_cli, monkeypatch, f"{SEED}-2", width)
    first = next(i for i, line in enumerate(lines) if line.startswith("    11月22日,衡阳"))
    assert lines[first + 1] and not lines[first + 1].startswith(" ")


def test_the_head_reads_as_in_the_reader(run_cli, monkeypatch) -> None:
    from store import open_library
    from tui.widgets.layout import layout_section

    lines = styled(run_cli, monkeypatch, f"{SEED}-2", 80)
    assert "访衡阳市市长邓群策" in lines and not any("——访" in line for line in lines)
    section = open_library(run_cli.home).section(f"{SEED}-3")
    reader = [line.prefix + line.text for line in layout_section(section, 78, indent=4).lines]
    assert [line.rstrip() for line in styled(run_cli, monkeypatch, f"{SEED}-3", 80)[:-1]] == [
        line.rstrip() for line in reader
    ]


def test_a_dateline_that_opens_the_first_paragraph_is_printed_once(run_cli) -> None:
    for fmt in ("text", "md"):
        out = run_cli("read", f"{SEED}-3", "--format", fmt).out
        assert out.count("湖南日报11月22日讯") == 1, fmt


def test_tables_show_one_header_row_in_text_and_markdown(run_cli) -> None:
    columns = json.loads(run_cli("read", f"{SEED}-3", "--json").out)["blocks"][-1]["columns"]
    md = run_cli("read", f"{SEED}-3", "--format", "md").out
    assert "| " + " | ".join(columns) + " |" in md.split("\n")
    text = run_cli("read", f"{SEED}-3").out
    assert " | ".join(columns) in text.split("\n")
    assert "表  " not in text


def test_piped_text_is_not_wrapped(run_cli) -> None:
    out = run_cli("read", f"{SEED}-3").out
    paragraphs = [line for line in out.split("\n") if line.startswith("湖南日报11月22日讯")]
    assert len(paragraphs) == 1 and paragraphs[0].endswith("生活垃圾乱堆乱放事件。")
