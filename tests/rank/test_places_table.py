"""The precomputed place table (issue 18): what a process reads instead of loading pycountry
says exactly what the packages say, and a stale or missing table falls back to them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from prepdeck.rank import gazetteer_data, places

# Countries, regions, a continent, the union, cities and towns, names that are also other
# places' words, demonyms, and words that are no place.
KEYWORDS = (
    "Canada",
    "UK",
    "uk",
    "Britain",
    "Scotland",
    "Wales",
    "Texas",
    "Calgary",
    "Georgia",
    "Europe",
    "EU",
    "European Union",
    "NSW",
    "Reading",
    "reading",
    "Québec",
    "Korea, Republic of",
    "acquisitions",
    "cold chain",
)


def _place(keyword: str) -> tuple[object, ...] | None:
    place = places.resolve(keyword)
    if place is None:
        return None
    return (place.display, sorted(place.forms), sorted(place.blockers))


@pytest.fixture
def fresh() -> Iterator[None]:
    """Caches emptied before and after, so no test sees another's table or index."""

    def clear() -> None:
        for cached in (places._table, places.resolve, places._index, places._compound_names):
            cached.cache_clear()

    clear()
    yield
    clear()


def test_the_shipped_table_is_what_the_packages_and_names_give(fresh: None) -> None:
    """If this fails, regenerate it: python -m prepdeck.rank.gazetteer_data --table."""
    shipped = places.TABLE.read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert shipped == gazetteer_data.table_lines()


def test_the_table_and_the_packages_resolve_every_keyword_alike(
    fresh: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert places._table() is not None
    from_table = {k: _place(k) for k in KEYWORDS}
    monkeypatch.setattr(places, "TABLE", tmp_path / "gone.tsv")
    places._table.cache_clear()
    places.resolve.cache_clear()
    assert places._table() is None
    from_packages = {k: _place(k) for k in KEYWORDS}
    assert from_table == from_packages
    assert from_table["Canada"] is not None and "Calgary" in from_table["Canada"][1]
    assert from_table["acquisitions"] is None and from_table["reading"] is None


def test_a_stale_table_is_not_read(
    fresh: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edited place names without a regenerated table: the packages answer, with the edit."""
    data = tmp_path / "data"
    data.mkdir()
    for name in places.SOURCES:
        (data / name).write_bytes((places.DATA / name).read_bytes())
    (data / "places.tsv").write_bytes(places.TABLE.read_bytes())
    names = data / "place_names.json"
    names.write_text(names.read_text(encoding="utf-8").replace('"Canadians"', '"Canucks"'))
    monkeypatch.setattr(places, "DATA", data)
    monkeypatch.setattr(places, "TABLE", data / "places.tsv")
    places._extra.cache_clear()
    try:
        assert places._table() is None
        canada = places.resolve("Canada")
        assert canada is not None and "Canucks" in canada.forms
        assert "Canadians" not in canada.forms
    finally:
        places._extra.cache_clear()


def test_a_missing_table_is_not_needed(
    fresh: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(places, "TABLE", tmp_path / "gone.tsv")
    assert places._table() is None
    texas = places.resolve("Texas")
    assert texas is not None and texas.find("Houston refinery expands") == "Houston"


def test_looking_up_a_sorted_file_finds_first_middle_last_and_nothing_between() -> None:
    lines = ["#\theader", "i\ta\tone", "i\tab\ttwo", "i\tc\tthree", "i\tó\tfour", "i\tż\tfive"]
    table = places.SortedLines(("\n".join(lines) + "\n").encode())
    for line in lines[1:]:
        key, _, rest = line.rpartition("\t")
        assert table.fields(key + "\t") == [rest]
    for missing in ("i\taa\t", "i\tb\t", "i\tzz\t", "f\tb\t", "i\tł\t"):
        assert table.fields(missing) is None
