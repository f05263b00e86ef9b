"""No tag and no entity in any block of any fixture, whatever its format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from store.errors import ImportFailure
from store.ingest.load import load_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")


def _fields(path: Path) -> list[str]:
    out: list[str] = []
    for doc in load_path(path):
        out.extend(str(v) for v in doc.meta.values())
        assert doc.parsed is not None
        for s in doc.parsed.sections:
            out.extend(x for x in (s.kicker, s.headline, s.deck, s.dateline) if x)
            out.extend(s.byline.authors)
            for b in s.blocks:
                out.append(b.text)
                out.extend(b.columns)
                out.extend(c for row in b.rows for c in row)
    return out


# Fixtures that are refused by design (a password, no text layer), each with one line.
REFUSED = {"pdf-password.pdf", "pdf-scanned-fax.pdf"}


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda p: p.name)
def test_no_markup_leaks_into_text(path: Path) -> None:
    if path.name in REFUSED:
        with pytest.raises(ImportFailure, match=r"^\S.*: ") as info:
            _fields(path)
        assert "\n" not in str(info.value)
        return
    fields = _fields(path)
    assert fields
    for text in fields:
        assert not _TAG.search(text), (path.name, text[:80])
        assert not _ENTITY.search(text), (path.name, text[:80])
