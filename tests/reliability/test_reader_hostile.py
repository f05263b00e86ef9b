"""The reader shows hostile text literally and survives a full disk (Pilot)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import TextArea

from store import Library, open_library
from store.notes import add_note, list_notes
from tui.app import BriefingApp

SIZE = (110, 36)
PAGE = """开放强省再发力[bold]横幅[/bold]
5年“转”来500多家企业[bold]醒目[/bold][@click=app.quit]点我[/]
——看衡阳\x1b]0;pwned\x07承接[link=https://evil.example]产业[/link]转移
湖南日报记者 李苗 徐德荣
    湖南日报11月22日讯 正文[red]红字[/red]\x1b]52;c;cHduZWQ=\x07控制字符\u202e倒序。{pad}
    第二段也很正常。{pad}
"""


def screen_text(app: App) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Library, str]:
    monkeypatch.delenv("BRIEFING_HOME", raising=False)
    lib = open_library(tmp_path / "lib")
    page = tmp_path / "page.txt"
    page.write_text(PAGE.format(pad="正常的句子。" * 30), encoding="utf-8")
    briefing = lib.import_file(page).briefing
    return lib, briefing.sections[0].id


async def test_markup_in_a_briefing_shows_literally(hostile) -> None:
    lib, sid = hostile
    app = BriefingApp(lib, start_section=sid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]醒目[/bold]" in text
        assert "[@click=app.quit]点我[/]" in text
        assert "\x1b" not in text and "\u202e" not in text and "pwned" not in text
        await pilot.press("j", "j")  # moving through it does not trigger anything
        await pilot.pause()
        assert app.is_running


async def test_a_note_with_markup_shows_literally_in_the_notes_list(hostile) -> None:
    lib, sid = hostile
    add_note(lib, sid, 0, "[bold]不是粗体[/bold] [@click=app.quit]x[/] \x1b[2J", ["[red]t"])
    app = BriefingApp(lib, start_section=sid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]不是粗体[/bold]" in text and "[@click=app.quit]x[/]" in text
        assert "\x1b" not in text
        assert app.is_running


async def test_a_full_disk_while_saving_a_note_is_reported(
    hostile, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib, sid = hostile
    app = BriefingApp(lib, start_section=sid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#note-text", TextArea).insert("写满了磁盘")

        def no_space(*_args: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", no_space)
        await pilot.press("ctrl+s")
        await pilot.pause()
        monkeypatch.undo()
        messages = [n.message for n in app._notifications]
        assert any("no space left" in m for m in messages), messages
        assert app.is_running
    assert list_notes(open_library(lib.home)) == []  # the file is intact and has no half note
