"""Where a library lives and what its files are."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

CATALOG = "catalog.json"
JOURNAL = "catalog.journal"
USER = "user.json"
ENV_HOME = "BRIEFING_HOME"

README_TEXT = """\
This folder is a briefing library (an offline reader for Chinese-language news briefings).

catalog.json          the imported briefings: title, date, source and number of sections
catalog.journal       changes to the briefings since catalog.json was last written (one per line)
catalog.checked       how far the journal was checked already (a hint; removing it is harmless)
sections/<id>.json    the sections of one briefing, with their paragraphs, captions and tables
heads/<id>.json       the section heads of one briefing (rebuilt from sections/ when missing)
user.json             your bookmarks, notes, reading positions and settings
user.journal          reading positions, settings and read marks saved since user.json was
                      last written (one per line; folded into it now and then)
index/                the search index; rebuilt automatically when missing, stale or damaged
logs/                 error reports of the app
*.lock                lock files that keep two briefing processes from writing at once
*.broken-<time>       damaged files that `briefing doctor --repair` moved aside (kept, never
                      deleted: your notes can still be read from them)
*.leftover-<time>     section files of an import or delete that was interrupted, moved aside
.*.tmp                a write that was interrupted; removed the next time the library opens

All .json files are UTF-8 JSON. Run `briefing doctor` to check them and
`briefing doctor --repair` to repair them; a file from a newer briefing is never touched.
"""


def default_home() -> Path:
    """The platform's user data folder for briefing."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("briefing", appauthor=False))


def resolve_home(home: Path | str | None = None) -> Path:
    """The library folder: an explicit path, else $BRIEFING_HOME, else the platform default."""
    if home is not None and str(home) != "":
        return Path(home).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return default_home()


def write_readme(folder: Path) -> None:
    """Leave a short README.txt describing the files, once."""
    target = folder / "README.txt"
    if not target.exists():
        with contextlib.suppress(OSError):
            target.write_text(README_TEXT, encoding="utf-8")


def file_stamp(path: Path) -> list[int]:
    """Modification and change times, size and inode of a file (empty when it cannot be read)."""
    try:
        st = path.stat()
    except OSError:
        return []
    return [st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns]


def catalog_stamp(home: Path) -> list[int]:
    """What changes whenever the catalog does: the stamps of its file and of its journal."""
    return [*file_stamp(home / CATALOG), -1, *file_stamp(home / JOURNAL)]
