"""Errors the domain raises; each message is one line a user can act on."""

from __future__ import annotations

from pathlib import Path


class BriefingError(Exception):
    """Base of every error the store reports to a user."""

    def __str__(self) -> str:
        return " ".join(super().__str__().split())


class NotFound(BriefingError):
    """A briefing, section, block, note or bookmark that does not exist."""


class ImportFailure(BriefingError):
    """A file that cannot be imported (missing, binary, empty, too large, undecodable)."""


class NoArticle(ImportFailure):
    """A file read whole that holds no article (a page of pictures or ads): nothing to import."""


class StoreCorrupt(BriefingError):
    """A store file that cannot be read as what it should be."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(
            f"{self.path}: {reason} (left untouched; run `briefing doctor` to check "
            "or `briefing doctor --repair` to move it aside and rebuild)"
        )


class StoreTooNew(BriefingError):
    """A store file written by a newer version of briefing."""

    def __init__(self, path: Path | str, version: int, supported: int) -> None:
        self.path = Path(path)
        self.version = version
        super().__init__(
            f"{self.path}: schema version {version} is newer than this briefing supports "
            f"({supported}); upgrade briefing or use another --store"
        )


class IndexTooNew(StoreTooNew):
    """A search index file written by a newer version of briefing: never rebuilt over."""

    def __init__(self, path: Path | str, version: int, supported: int, kind: str) -> None:
        self.path = Path(path)
        self.version, self.supported, self.kind = version, supported, kind
        BriefingError.__init__(
            self,
            f"{self.path}: {kind} {version} was written by a newer briefing (this one reads "
            f"{kind} {supported}); left untouched: upgrade briefing, or delete the folder "
            f"{self.path.parent} to have this version build an index of its own",
        )


class WriteFailed(BriefingError):
    """A write that failed (full disk, read-only place); the previous file is intact."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"could not write {self.path}: {reason} (the previous file is intact)")
