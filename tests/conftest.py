"""Fixtures for every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The reader's cache folder (its parsed stylesheet) is the test run's own, for this
    process and the processes it starts. A patch of its own: the function-scoped
    `monkeypatch` set up first would undo other fixtures' patches in the wrong order."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
        yield
