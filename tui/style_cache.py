"""Parsed stylesheet rules kept on disk between starts of the reader.

Textual parses the app's stylesheet and every widget class's default CSS at each start: about
30 sources and 6 ms of CPU before the first frame, the same work every time. The rules come
out the same for the same text, theme variables and Textual, so the reader keeps them in the
user's cache folder and parses only a source it has not seen. The file is a cache: a missing,
damaged, foreign or stale one is parsed over and rewritten, never trusted blindly.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import sys
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any

FORMAT = 1
FILE_NAME = "styles.pickle"
# Only Textual's stylesheet model may come out of the file, so a file written by anyone else
# cannot make the reader call anything.
_MODULES = (
    "textual.css.",
    "textual.color",
    "textual.geometry",
    "textual.layouts.",
)


def default_path() -> Path:
    """The cache file in the platform's user cache folder."""
    from platformdirs import user_cache_path

    return user_cache_path("briefing", appauthor=False) / FILE_NAME


def _textual_stamp() -> tuple[str, int, int]:
    """Which Textual parsed the rules (its version would load importlib.metadata)."""
    from textual.css import parse

    stat = os.stat(parse.__file__)
    return parse.__file__, stat.st_mtime_ns, stat.st_size


# Styles keep two methods of their rules' dict as attributes of their own.
_DICT_METHODS = frozenset({"get", "__contains__"})


class _Member:
    """Stands in for `getattr` in the file: only a member of an enumeration or one of the
    two methods of a dict that styles keep."""

    def __new__(cls, owner: Any, name: str) -> Any:
        if isinstance(owner, type) and issubclass(owner, Enum) and name in owner.__members__:
            return owner[name]
        if type(owner) is dict and name in _DICT_METHODS:
            return getattr(owner, name)
        raise pickle.UnpicklingError("not an enumeration's member or a dict's lookup")


def _allowed_function(func: Any) -> bool:
    module = getattr(func, "__module__", "") or ""
    return module == "textual.css.model" and getattr(func, "__name__", "").startswith("_check_")


class _Partial(partial):
    """Stands in for `functools.partial`: only over a selector's check functions."""

    def __new__(cls, func: Any, *args: Any, **kwargs: Any) -> Any:
        if not _allowed_function(func):
            raise pickle.UnpicklingError("a function that is not a selector check")
        return super().__new__(cls, func, *args, **kwargs)

    def __setstate__(self, state: Any) -> None:
        if not (isinstance(state, tuple) and state and _allowed_function(state[0])):
            raise pickle.UnpicklingError("a function that is not a selector check")
        super().__setstate__(state)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _Member
        if (module, name) == ("functools", "partial"):
            return _Partial
        if not module.startswith(_MODULES):
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a stylesheet")
        if module not in sys.modules:
            import importlib  # a layout Textual itself imports on first use

            importlib.import_module(module)
        found = getattr(sys.modules[module], name, None)
        if isinstance(found, type) or _allowed_function(found):
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a stylesheet")


class RuleCache:
    """Rules parsed at earlier starts, by the exact source they came from."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._loaded: dict[tuple[Any, ...], Any] | None = None
        self._variables: dict[str, str] | None = None
        self._used: dict[tuple[Any, ...], Any] = {}
        self.dirty = False
        self._unwritten: bytes | None = None  # taken, not yet written

    def _load(self) -> dict[tuple[Any, ...], Any]:
        if self._loaded is None:
            self._loaded = {}
            with contextlib.suppress(Exception):  # any fault: parse as if it were not there
                with open(self.path, "rb") as handle:
                    data = _Unpickler(io.BytesIO(handle.read())).load()
                if (
                    isinstance(data, dict)
                    and data.get("format") == FORMAT
                    and data.get("textual") == _textual_stamp()
                    and isinstance(data.get("variables"), dict)
                    and isinstance(data.get("rules"), dict)
                ):
                    self._variables = data["variables"]
                    self._loaded = data["rules"]
        return self._loaded

    def get(self, key: tuple[Any, ...], variables: dict[str, str]) -> Any | None:
        """The rules of this source under these theme variables, if parsed before."""
        rules = self._load().get(key)
        if rules is None or variables != self._variables:
            return None
        self._used[key] = rules
        return rules

    def put(self, key: tuple[Any, ...], variables: dict[str, str], rules: list[Any]) -> None:
        """Keep rules parsed now (not rules with errors: those are reported every time)."""
        if any(rule.errors for rule in rules):
            return
        if variables != self._variables:
            # The theme changed since the file was written: keep only what this one parses.
            self._variables, self._used = dict(variables), {}
        self._used[key] = rules
        self.dirty = True

    def take(self) -> bytes | None:
        """The file's new content if rules were parsed since it was read or written (taken on
        the thread that parses, so a write elsewhere never meets rules being added)."""
        if not self.dirty or self._variables is None:
            return None
        self.dirty = False
        data = {
            "format": FORMAT,
            "textual": _textual_stamp(),
            "variables": self._variables,
            "rules": dict(self._used),
        }
        try:
            self._unwritten = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            self._unwritten = None
        return self._unwritten

    def write(self, blob: bytes | None) -> None:
        """Replace the file with `blob` atomically (a cache that cannot be written is simply
        not kept)."""
        if blob is None:
            return
        import tempfile

        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".styles-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(blob)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
                if blob is self._unwritten:
                    self._unwritten = None
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def save(self) -> None:
        """Write the rules parsed since the file was read, if any, and any taken for a writer
        that has not written them (an app ended before its worker did)."""
        self.write(self.take() or self._unwritten)
