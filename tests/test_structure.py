"""The shape of the code: no import circles, no reaching into another module's private names.

Read with `ast`, so every import counts: at the top, inside functions (lazy ones) and under
`if TYPE_CHECKING:` alike. A circle of typing-only imports still ties two modules together.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("store", "tui")


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the packages: dotted name -> (file, is a package's __init__)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            found[".".join(parts)] = (path, is_package)
    return found


MODULES = _modules()


def _target(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute name of what `from ... import` names, relative imports resolved."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports(module: str) -> list[tuple[str, str | None, int]]:
    """(module imported, name taken from it or None, line) for every import of a module."""
    path, is_package = MODULES[module]
    out: list[tuple[str, str | None, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.extend((alias.name, None, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _target(module, is_package, node)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                # `from pkg import submodule` depends on the submodule, not on pkg's __init__.
                if sub in MODULES:
                    out.append((sub, None, node.lineno))
                else:
                    out.append((target, alias.name, node.lineno))
    return out


def _graph() -> dict[str, set[str]]:
    return {m: {t for t, _, _ in _imports(m) if t in MODULES and t != m} for m in MODULES}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_the_circle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _circles(graph) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_the_import_reader_sees_lazy_typing_and_relative_imports(tmp_path):
    source = (
        "from typing import TYPE_CHECKING\n"
        "from .search import pinyin\n"
        "if TYPE_CHECKING:\n"
        "    from store.models import Section\n"
        "def f():\n"
        "    from store.search.index import _hidden\n"
    )
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    MODULES["store.probe"] = (path, False)
    try:
        found = _imports("store.probe")
    finally:
        del MODULES["store.probe"]
    assert ("store.search.pinyin", None, 2) in found
    assert ("store.models", "Section", 4) in found
    assert ("store.search.index", "_hidden", 6) in found


def test_no_import_circles_in_store_or_tui():
    assert _circles(_graph()) == []


def test_no_module_imports_another_modules_private_names():
    offences = [
        f"{module}:{line} takes {name} from {target}"
        for module in MODULES
        for target, name, line in _imports(module)
        if target != module
        and (target.split(".")[0] in PACKAGES)
        and (
            (name is not None and _is_private(name))
            or any(_is_private(part) for part in target.split("."))
        )
    ]
    assert offences == []


def test_no_module_reaches_into_an_imported_modules_private_names():
    # `from tui.cli import common` then `common._log_unexpected(...)` reaches in just as far.
    offences = []
    for module, (path, _) in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bound = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname and alias.name in MODULES:
                        bound[alias.asname] = alias.name
            elif isinstance(node, ast.ImportFrom):
                target = _target(module, MODULES[module][1], node)
                for alias in node.names:
                    if f"{target}.{alias.name}" in MODULES:
                        bound[alias.asname or alias.name] = f"{target}.{alias.name}"
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in bound
                and bound[node.value.id] != module
                and _is_private(node.attr)
            ):
                offences.append(f"{module}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert offences == []


def test_the_domain_layer_loads_no_ui_library():
    # Every module of store/, imported in a fresh interpreter, must leave textual and rich out.
    names = sorted(m for m in MODULES if m.split(".")[0] == "store")
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "ui = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(len(sys.modules), ui)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    count, ui = done.stdout.split(" ", 1)
    assert int(count) > len(names)  # the store really was imported
    assert ui.strip() == "[]"


def test_the_wheel_installs_only_the_store_and_tui_packages():
    # The shipped briefings travel as package data of the store (store/content in the wheel).
    import tomllib

    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"][
        "build"
    ]["targets"]["wheel"]
    assert sorted(wheel["packages"]) == ["store", "tui"]
    targets = wheel.get("force-include", {})
    assert targets.get("content") == "store/content"
    assert all(t.split("/")[0] in PACKAGES for t in targets.values())


def test_the_reader_loads_no_search_engine_or_pinyin_before_it_is_used():
    # Start-up pays for the reader alone: search (and the places of its hits), pinyin and the
    # converter load on first use.
    code = (
        "import sys, tui.app, tui.screens.reader\n"
        "heavy = ('store.search', 'tui.search_places', 'pypinyin', 'opencc', 'click')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def _styles_in_code(source: str) -> list[str]:
    """Class attributes that carry CSS inside a module (DEFAULT_CSS or CSS)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else []
                if isinstance(stmt, ast.AnnAssign):
                    targets = [stmt.target]
                found += [
                    f"{node.name}.{t.id}"
                    for t in targets
                    if isinstance(t, ast.Name) and t.id in ("DEFAULT_CSS", "CSS")
                ]
    return found


def test_the_style_finder_finds_styles_in_code():
    assert _styles_in_code('class A:\n    DEFAULT_CSS = "A {}"\n') == ["A.DEFAULT_CSS"]
    assert _styles_in_code('class B:\n    CSS: str = "B {}"\n') == ["B.CSS"]
    assert _styles_in_code('class C:\n    CSS_PATH = "app.tcss"\n') == []


def test_every_style_lives_in_the_one_stylesheet():
    found = {
        str(path.relative_to(ROOT)): styles
        for path in sorted((ROOT / "tui").rglob("*.py"))
        if (styles := _styles_in_code(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "styles belong in tui/app.tcss"


def test_the_first_frame_of_a_library_without_marks_loads_no_note_code(tmp_path):
    # Bookmark and note code loads once the user file holds a mark, or a key needs it.
    code = (
        "import sys\nfrom store import open_library\nfrom tui.app import BriefingApp\n"
        "BriefingApp.on_ready = lambda self: self.exit()\n"
        f"lib = open_library({str(tmp_path / 'lib')!r})\n"
        "BriefingApp(lib).run(headless=True, size=(100, 32))\n"
        "notes = ('store.notes', 'store.bookmarks')\n"
        "print(sorted(m for m in sys.modules if m.startswith(notes)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
