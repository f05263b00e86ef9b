"""The cycle collector paused while the reader builds its first frame."""

from __future__ import annotations

import gc

# Whether `pause` turned the collector off (so `resume` never turns on one that was off).
_paused = False


def pause() -> None:
    """Turn the cycle collector off until `resume`: start-up allocates many objects that all
    live on, and collecting them generation after generation finds nothing to free."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Turn the collector back on if `pause` turned it off (once the first frame is drawn)."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def paused() -> bool:
    """Whether the collector is off because of `pause`."""
    return _paused
