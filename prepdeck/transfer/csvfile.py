"""Reading people from a CSV with a header row: prepdeck's, Google's and Outlook's column names."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from prepdeck.errors import PrepdeckError
from prepdeck.transfer.formulas import unguard_cell
from prepdeck.transfer.people import MULTI_FIELDS, Person, SkipPerson, make_person

# Header names are compared after lower-casing and turning every run of
# punctuation or spaces into one space ("E-mail 1 - Value" -> "e mail 1 value").
_COLUMN_PATTERNS: list[tuple[str, str]] = [
    ("name", r"name|full name|display name|contact name|formatted name|fn|person"),
    ("given", r"given name|first name|firstname|forename"),
    ("middle", r"additional name|middle name|additional names"),
    ("family", r"family name|last name|lastname|surname"),
    ("nickname", r"nickname|nick name"),
    (
        "company",
        r"company|company name|organi[sz]ation|organi[sz]ation(?: 1)? name|org|employer|business",
    ),
    (
        "email",
        r"(?:(?:primary|work|business|home|personal|other) )?e ?mail(?: \d+)?"
        r"(?: address| value)?(?: \d+)?",
    ),
    ("role", r"role|job title|organi[sz]ation(?: 1)? title|position|job"),
    ("authority", r"authority"),
    ("address_as", r"address as|salutation|how to address"),
    ("industry", r"industry|sector"),
    ("keywords", r"keywords|topics|interests"),
    ("warmth", r"warmth"),
    ("status", r"status"),
    ("agreed", r"agreed|expectations|account plan"),
    ("cadence_days", r"cadence|cadence days"),
    ("next_meeting", r"next meeting"),
    ("note", r"notes?|comments?|description"),
    ("kind", r"type|kind|record type"),
    ("client", r"client|client name|contact of|client of"),
]
_COMPILED = [(key, re.compile(rf"(?:{pattern})")) for key, pattern in _COLUMN_PATTERNS]
_NAME_KEYS = {"name", "given", "family"}
# Labels of columns prepdeck does read ("E-mail 1 - Type: * Work"): not worth reporting.
_QUIET = re.compile(r"(?:e ?mail|organi[sz]ation)(?: \d+)? (?:type|label)")
_DELIMITERS = ",;\t|"


def normalise_header(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()


def map_column(header: str) -> str | None:
    """The canonical field a header feeds, or None for a column prepdeck ignores."""
    norm = normalise_header(header)
    for key, pattern in _COMPILED:
        if pattern.fullmatch(norm):
            return key
    return None


@dataclass
class ReadResult:
    """What a reader found: people in file order, rows it skipped, columns it ignored."""

    format: str
    people: list[Person] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    ignored_empty: int = 0
    encoding: str = "utf-8"
    records: int = 0


def sniff_delimiter(text: str) -> str:
    """csv.Sniffer on a sample, checked against the header line; else the commonest separator."""
    sample = text[:16384]
    header = sample.splitlines()[0] if sample else ""
    counts = {d: header.count(d) for d in _DELIMITERS}
    try:
        found = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        found = None
    if found and (counts.get(found, 0) > 0 or not any(counts.values())):
        return found
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def unclosed_quote_line(text: str, delimiter: str) -> int | None:
    """The line where a quoted field opens and runs to the end of the file, or None.

    The lenient reader used for importing swallows such a file's remaining rows into one
    field without complaint; the strict one notices at the end of the data.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            next(reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                return start
            # Other strictness (`"Anna" K`): the lenient reader copes; read on.
        start = reader.line_num + 1


def read_csv(text: str, path: Path, encoding: str = "utf-8") -> ReadResult:
    """People from CSV text; PrepdeckError when the file has no usable name column."""
    delimiter = sniff_delimiter(text)
    unclosed = unclosed_quote_line(text, delimiter)
    if unclosed is not None:
        raise PrepdeckError(
            f"{path} has a quote opened on line {unclosed} that is never closed, so every "
            "row after it would become one field; fix the file (nothing was imported)."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise PrepdeckError(
            f"{path} is not valid CSV near line {reader.line_num}: {exc}."
        ) from None
    header_at = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if header_at is None:
        raise PrepdeckError(f"{path} is empty; there is nothing to import.")
    header = [c.strip() for c in rows[header_at]]
    keys = [map_column(h) for h in header]
    if not _NAME_KEYS & set(keys):
        if "client" in keys:
            # A hand-made "client, company, email" sheet: the client column is the name.
            keys = ["name" if k == "client" else k for k in keys]
        else:
            shown = ", ".join(h for h in header if h)[:200] or "(none)"
            raise PrepdeckError(
                f"{path} has no name column (looked for Name, First Name, Last Name, Given Name, "
                f"Family Name); its columns are: {shown}."
            )
    result = ReadResult(format="csv", encoding=encoding)
    ignored_with_data: set[int] = set()
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        result.records += 1
        single: dict[str, str] = {}
        multi: dict[str, list[str]] = {k: [] for k in MULTI_FIELDS}
        for index, cell in enumerate(row[: len(keys)]):
            key = keys[index]
            if key is None:
                if cell.strip() and not _QUIET.fullmatch(normalise_header(header[index])):
                    ignored_with_data.add(index)
                continue
            if not cell.strip():
                continue
            cell = unguard_cell(cell)
            if key in multi:
                multi[key].append(cell)
            else:
                single.setdefault(key, cell)
        try:
            result.people.append(make_person(f"row {number}", single, multi))
        except SkipPerson as exc:
            result.skipped.append((f"row {number}", str(exc)))
    result.ignored = [header[i] or f"column {i + 1}" for i in sorted(ignored_with_data)]
    unknown = [
        i
        for i, k in enumerate(keys)
        if k is None and header[i] and not _QUIET.fullmatch(normalise_header(header[i]))
    ]
    result.ignored_empty = len(unknown) - len(ignored_with_data & set(unknown))
    return result
