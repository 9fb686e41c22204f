"""prepdeck/plain.py: records without a generated __eq__ and __repr__ behave as dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from prepdeck.models import Client, Note
from prepdeck.plain import Plain


@dataclass(eq=False, repr=False)
class Pair(Plain):
    left: int
    right: list[str] = field(default_factory=list)
    hidden: str = field(default="", repr=False)


@dataclass
class GeneratedPair:
    left: int
    right: list[str] = field(default_factory=list)
    hidden: str = field(default="", repr=False)


def test_equal_when_one_class_with_equal_fields() -> None:
    assert Pair(1, ["a"]) == Pair(1, ["a"])
    assert Pair(1, ["a"]) != Pair(1, ["b"])
    assert Pair(1) != GeneratedPair(1)  # another class, even with the same fields
    assert Client(1, "Ann") == Client(1, "Ann") != Client(1, "Ann", company="Acme")
    assert Note(1, 1, "x") != Client(1, "x")


def test_repr_and_hashing_as_a_generated_dataclass() -> None:
    assert repr(Pair(1, ["a"], "secret")) == "Pair(left=1, right=['a'])"
    assert repr(GeneratedPair(1, ["a"], "secret")).endswith("GeneratedPair(left=1, right=['a'])")
    for record in (Pair(1), GeneratedPair(1), Client(1, "Ann")):
        with pytest.raises(TypeError):
            hash(record)
