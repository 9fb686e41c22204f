"""What parsing a feed yields: its entries as the store wants them.

Apart from the parser so that a process that only receives them (the fetch, whose parse
workers send them back pickled) need not import the parser to read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Entry:
    """One article as the store wants it: sanitised text, UTC-naive ISO date or None."""

    guid: str
    title: str
    link: str | None
    summary: str
    published: str | None


@dataclass
class ParsedFeed:
    """What a feed document held: its title, entries, and a note if it was ill-formed."""

    title: str
    link: str | None
    entries: list[Entry] = field(default_factory=list)
    note: str | None = None
    duplicates: int = 0
