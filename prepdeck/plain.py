"""Equality and repr for records, written once instead of generated for each class.

`@dataclass` writes an __init__, a __repr__ and an __eq__ for every class as source text
and compiles them as the module is imported: about 1.5 ms a class, paid again by every
command at start-up (the two dozen records on a briefing's path came to a sixth of
`prepdeck brief`). A record declared `@dataclass(eq=False, repr=False)` on this base
compiles only its __init__ and compares and prints as a dataclass does.
"""

from __future__ import annotations

from dataclasses import fields


class Plain:
    """A dataclass's equality (same class, equal fields) and repr, for any dataclass."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable, so unhashable, as @dataclass makes it

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(
            getattr(self, f.name) == getattr(other, f.name)
            for f in fields(self)  # type: ignore[arg-type]  # subclasses are dataclasses
        )

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={getattr(self, f.name)!r}"
            for f in fields(self)  # type: ignore[arg-type]  # subclasses are dataclasses
            if f.repr
        )
        return f"{self.__class__.__qualname__}({shown})"
