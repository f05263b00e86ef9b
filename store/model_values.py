"""What a frozen dataclass generates for each class, written once for the store's value objects.

`@dataclass(frozen=True)` compiles six methods from source text for every class it makes
(about a millisecond each class, paid by every process that imports them). The value objects
stay dataclasses (their fields, `dataclasses.replace`, `__match_args__`) made with
`init=False, repr=False, eq=False`: each writes its `__init__` in its body, and equality, hash,
repr, refusing to change and pickling are this base's, answering as the generated ones
(a test holds them to dataclasses made the usual way).
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from operator import attrgetter
from typing import Any

# A field's default that a factory makes (`field(default_factory=...)`), as the generated
# `__init__` tells it apart from any value a caller passes.
FACTORY: Any = type("_Factory", (), {"__repr__": lambda self: "<factory>", "__slots__": ()})()
set_field = object.__setattr__


class FrozenValue:
    """Equality and hash over the compared fields, repr over all, no change after `__init__`.

    A subclass names its fields in order as `_all` and the compared ones as `_key`, each an
    `operator.attrgetter` of two names or more (so it gives a tuple).
    """

    __slots__ = ()
    _all: Any
    _key: Any

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(self._key(self) == self._key(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key(self))

    def __repr__(self) -> str:
        names = self.__slots__
        values = self._all(self)
        inner = ", ".join(f"{n}={v!r}" for n, v in zip(names, values, strict=True))
        return f"{self.__class__.__qualname__}({inner})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> list[Any]:
        return list(self._all(self))

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(self.__slots__, state, strict=False):
            set_field(self, name, value)


def fields_of(cls: Any, names: str, compared: str | None = None) -> None:
    """Give a FrozenValue its getters: every field in order, and the compared ones (all but
    those `field(compare=False)` leaves out of equality and hash)."""
    cls._all = attrgetter(*names.split())
    cls._key = attrgetter(*(compared or names).split())
