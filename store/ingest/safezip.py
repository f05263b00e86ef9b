"""Zip packages (EPUB, Word) opened defensively: size caps, no `../` members, no entities."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from store.errors import ImportFailure

MAX_UNCOMPRESSED = 256 * 1024 * 1024
"""Largest total the members of one package may unpack to: a zip bomb stops here."""
MAX_MEMBERS = 20_000
_MAX_RATIO = 500  # a big member unpacking to 500 times its size is a bomb, not text
_ROOT = re.compile(rb"<[A-Za-z_]")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


class SafeZip:
    """A zip archive whose members were checked before anything is unpacked."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise ImportFailure(f"{name}: not a readable zip package ({exc})") from None
        if len(infos) > MAX_MEMBERS:
            raise ImportFailure(f"{name}: the package has too many members ({len(infos)})")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise ImportFailure(
                f"{name}: the package would unpack to {total / 2**20:.0f} MiB "
                f"(the limit is {MAX_UNCOMPRESSED // 2**20} MiB); refused as a zip bomb"
            )
        for i in infos:
            if i.file_size > 10_000_000 and i.file_size > _MAX_RATIO * max(1, i.compress_size):
                raise ImportFailure(
                    f"{name}: a member unpacks to {i.file_size // max(1, i.compress_size)} times "
                    "its size; refused as a zip bomb"
                )
        # Members whose names climb out of the package (../, absolute) are never read.
        self.members = {i.filename: i for i in infos if safe_name(i.filename)}

    def read(self, member: str) -> bytes | None:
        """A member's bytes, or None when it is missing, unsafe or damaged."""
        info = self.members.get(member)
        if info is None:
            return None
        try:
            return self.zip.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            return None

    def xml(self, member: str) -> bytes | None:
        """A member holding XML, refused (one line) when it declares entities."""
        data = self.read(member)
        if data is not None:
            refuse_entities(data, f"{self.name}: {member}")
        return data


def safe_name(name: str) -> bool:
    """Whether a member name stays inside the package."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name.split("/")[0]:
        return False
    norm = posixpath.normpath(name)
    return not (norm.startswith("..") or "/../" in f"/{norm}/")


def refuse_entities(data: bytes, label: str) -> None:
    """Refuse XML that declares entities (expansion bombs, external entities)."""
    root = _ROOT.search(data)
    if _ENTITY_DECL.search(data[: root.start() if root else len(data)]):
        raise ImportFailure(
            f"{label}: declares XML entities; refused (entity expansion and external "
            "entities are never read)"
        )


def join(base: str, href: str) -> str:
    """A package path for href relative to the member base (fragments and queries dropped)."""
    href = href.split("#", 1)[0].split("?", 1)[0]
    from urllib.parse import unquote

    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(href)))
    return path.lstrip("/")
