"""The store's packages give their public names on first use and load nothing else with them."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import store
import store.search

PACKAGES = {
    "store": store,
    "store.search": store.search,
}


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_every_public_name_is_the_defining_modules_own(package) -> None:
    module = PACKAGES[package]
    for name in module.__all__:
        value = getattr(module, name)
        home = importlib.import_module(value.__module__)
        assert getattr(home, name) is value, name
        assert name in dir(module)


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_an_unknown_name_is_an_attribute_error(package) -> None:
    module = PACKAGES[package]
    with pytest.raises(AttributeError, match="no_such_name"):
        module.no_such_name  # noqa: B018
    with pytest.raises(ImportError):
        exec(f"from {package} import no_such_name", {})


def test_from_import_still_finds_submodules() -> None:
    from store import paths
    from store.search import index, segfile

    assert paths.__name__ == "store.paths"
    assert index.__name__ == "store.search.index" and segfile.__name__ == "store.search.segfile"


def _loaded_after(statement: str, prefixes: tuple[str, ...]) -> list[str]:
    code = (
        "import sys\n"
        f"{statement}\n"
        f"print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return eval(done.stdout)


def test_the_errors_and_models_load_no_library_or_tinydb() -> None:
    statement = "from store import BriefingError, Section\nfrom store.errors import NotFound"
    loaded = _loaded_after(statement, ("store.library", "tinydb", "store.search"))
    assert loaded == []


def test_keeping_the_index_in_step_loads_no_query_engine() -> None:
    # What an import or a delete loads to update the index, and what folding text loads.
    statement = "import store.search.upkeep, store.search.normalise"
    engine = (
        "store.search.api",
        "store.search.engine",
        "store.search.query",
        "store.search.rank",
        "store.search.snippet",
        "store.search.hits",
    )
    assert _loaded_after(statement, engine) == []
    assert _loaded_after("from store.search import parse", engine) == ["store.search.query"]


def test_editing_a_briefing_loads_no_importer(tmp_path) -> None:
    from store import open_library
    from store.briefing_rows import briefing_from_row
    from store.library import briefing_from_row as named

    assert named is briefing_from_row  # the library names the rows' own, not the importer's
    home = tmp_path / "lib"
    open_library(home)
    statement = (
        "from store import open_library\n"
        f"lib = open_library({str(home)!r}, seed=False)\n"
        "edited = lib.edit_briefing(lib.briefings()[0].id, title='改过的标题')\n"
        "assert edited.title == '改过的标题', edited"
    )
    assert _loaded_after(statement, ("store.importing", "store.bulk")) == []
