"""The reader's first frame loads only what it shows: every module it imports is named here.

A module missing from these lists fails the test: import it where it is first used (a key, a
screen, a worker after the first frame), or, if the first frame really needs it, add it here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The project's modules the first frame of the reader loads.
PROJECT = {
    "store",
    "store.briefing_rows",
    "store.catalog",
    "store.catalog_checked",
    "store.catalog_journal",
    "store.catalog_peek",
    "store.catalog_write",
    "store.editing",
    "store.embedded",
    "store.errors",
    "store.files",
    "store.glance",
    "store.heads",
    "store.library",
    "store.library_imports",
    "store.model_parts",
    "store.model_values",
    "store.models",
    "store.numbering",
    "store.paths",
    "store.readstate",
    "store.regular",
    "store.roster",
    "store.sanitize",
    "store.schema",
    "store.storage",
    "store.typeset",
    "store.user_journal",
    "store.user_storage",
    "store.userdata",
    "tui",
    "tui.app",
    "tui.app_library",
    "tui.cli",
    "tui.errors",
    "tui.first_styles",
    "tui.host",
    "tui.screens",
    "tui.screens.analysis_keys",
    "tui.screens.marks",
    "tui.screens.reader",
    "tui.screens.reader_frames",
    "tui.screens.reader_moves",
    "tui.screens.reader_outline",
    "tui.screens.reader_search",
    "tui.screens.reader_status",
    "tui.screens.reading_position",
    "tui.startgc",
    "tui.style_cache",
    "tui.watch",
    "tui.widgets",
    "tui.widgets.footer_bar",
    "tui.widgets.layout",
    "tui.widgets.outline_groups",
    "tui.widgets.section_paint",
    "tui.widgets.section_view",
    "tui.widgets.spans",
    "tui.widgets.stand_in",
    "tui.widgets.status_bar",
    "tui.wording",
}
# Other modules it loads beyond those of a minimal Textual app: the store's JSON parser (TinyDB
# loads only once a table is written or queried), the outline's tree (Textual's footer comes
# after the first frame) and the cell widths of the section's characters, which it draws.
OTHERS = {
    "gc",
    "orjson",
    "orjson.orjson",
    "rich._unicode_data.unicode17-0-0",
    "textual.widgets.tree",
}

# Modules loaded by the time of the first frame, written as JSON to the file argv[2]: the
# reader as `briefing --store DIR` starts it (argv[1]), or, given no folder, a minimal app.
FIRST_FRAME = """
import json, sys
import textual.app

def dump():
    with open(sys.argv[2], "w") as out:
        json.dump(sorted(sys.modules), out)

_run = textual.app.App.run
def run(self, *args, **kwargs):
    kwargs.update(headless=True, size=(100, 32))
    return _run(self, *args, **kwargs)
textual.app.App.run = run

if sys.argv[1] == "-":
    from textual.widgets import Static

    class Hello(textual.app.App):
        def compose(self):
            yield Static("Hello, world")

        def on_ready(self):
            dump()
            self.exit()

    Hello().run()
else:
    import tui.app

    def on_ready(self):
        dump()
        self.exit()

    tui.app.BriefingApp.on_ready = on_ready
    from tui.cli import main
    main(["--store", sys.argv[1]])
"""


def first_frame_modules(home: str, out: Path) -> set[str]:
    """The modules loaded when the first frame is drawn (`home` "-": a minimal app)."""
    subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, home, str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return set(json.loads(out.read_text(encoding="utf-8")))


def test_the_first_frame_loads_only_the_modules_it_needs(tmp_path: Path) -> None:
    minimal = first_frame_modules("-", tmp_path / "minimal.json")
    home = str(tmp_path / "lib")
    # The first start seeds the library with the shipped briefing (an import); every later
    # start opens it.
    first_frame_modules(home, tmp_path / "seeding.json")
    reader = first_frame_modules(home, tmp_path / "reader.json")
    assert "tui.screens.reader" in reader and "store.glance" in reader  # really the reader
    own = {m for m in reader if m.split(".")[0] in ("store", "tui")}
    assert sorted(own - PROJECT) == [], "loaded before the first frame without need"
    others = reader - minimal - own
    assert sorted(others - OTHERS) == [], "loaded before the first frame without need"


def test_the_check_sees_a_module_imported_at_start(tmp_path: Path) -> None:
    # The same check, on a reader whose start imports the library screen: it is caught.
    code = FIRST_FRAME.replace("import tui.app\n", "import tui.app, tui.screens.library\n")
    out = tmp_path / "reader.json"
    subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "lib"), str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    loaded = set(json.loads(out.read_text(encoding="utf-8")))
    assert "tui.screens.library" in loaded - PROJECT
