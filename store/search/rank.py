"""BM25-style scoring of sections for folded terms, head hits weighted above the body."""

from __future__ import annotations

import math

K1 = 1.2
B = 0.75
HEAD_WEIGHT = 3  # one hit in kicker, headline or deck counts as this many body hits


def idf(total: int, df: int) -> float:
    """Inverse document frequency, never negative."""
    return math.log(1.0 + (total - df + 0.5) / (df + 0.5))


def bm25(tf: int, head_tf: int, length: int, avg_length: float, weight: float) -> float:
    """One term's contribution: saturating in tf, normalised by section length."""
    eff = tf + (HEAD_WEIGHT - 1) * head_tf
    if eff <= 0:
        return 0.0
    norm = K1 * (1.0 - B + B * (length / avg_length if avg_length > 0 else 1.0))
    return weight * eff * (K1 + 1.0) / (eff + norm)


def recency_key(date: str | None, imported_at: str | None) -> tuple[str, str]:
    """Sorts newer briefings first when used with reverse order."""
    return (date or "", imported_at or "")


def bm25_many(effs: list[int], lengths: list[int], avg_length: float, weight: float) -> list[float]:
    """bm25 for many sections at once; effs already count head hits HEAD_WEIGHT times."""
    k = K1 + 1.0
    if avg_length <= 0:
        return [weight * e * k / (e + K1) if e > 0 else 0.0 for e in effs]
    return [
        weight * e * k / (e + K1 * (1.0 - B + B * (n / avg_length))) if e > 0 else 0.0
        for e, n in zip(effs, lengths, strict=True)
    ]
