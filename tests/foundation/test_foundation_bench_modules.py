"""Every benchmark `make bench` runs still imports: a module moved in prepdeck (due_items
left prepdeck.briefing) once broke `bench.briefing` with no test noticing."""

from __future__ import annotations

import importlib

import pytest

from bench.__main__ import BENCHMARKS


@pytest.mark.parametrize("name", BENCHMARKS)
def test_the_benchmark_imports_and_has_a_main(name: str) -> None:
    module = importlib.import_module(f"bench.{name}")
    assert callable(module.main)
