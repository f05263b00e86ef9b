"""A briefing's content hash is the SHA-256 of its text, made without loading OpenSSL."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from store.importing import content_hash


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_the_hash_is_the_sha256_of_the_text(text: str) -> None:
    assert content_hash(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_hashing_loads_no_openssl() -> None:
    probe = (
        "import sys\n"
        "from store.importing import content_hash\n"
        "print(content_hash('湖南日报'), '_hashlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    digest, loaded = out.stdout.split()
    assert digest == hashlib.sha256("湖南日报".encode()).hexdigest()
    assert loaded == "False"
