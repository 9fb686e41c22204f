"""Copy the shipped demo feed files beside the demo database, moving their dates to `today`.

The files in prepdeck/demo/feeds carry real dates whose newest is FEEDS_BASE.
Copying shifts every RSS/Atom date by whole days (today - FEEDS_BASE), so the
newest item is always from this morning and the demo never looks stale. Only
date elements are touched; everything else is copied byte for byte.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from importlib import resources
from pathlib import Path

FEEDS_BASE = date(2026, 1, 15)

_RSS_DATE = re.compile(r"<(pubDate|lastBuildDate)>([^<]+)</\1>")
_ATOM_DATE = re.compile(r"<(updated|published)>([^<]+)</\1>")


def shipped_feeds() -> dict[str, bytes]:
    """Every shipped feed file's name and bytes (works from a wheel or a checkout)."""
    folder = resources.files("prepdeck.demo").joinpath("feeds")
    return {
        entry.name: entry.read_bytes()
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith((".xml", ".atom", ".rss"))
    }


def shift_dates(text: str, days: int) -> str:
    """Move every pubDate/lastBuildDate (RFC 822) and updated/published (ISO) by `days`."""
    delta = timedelta(days=days)

    def rss(match: re.Match[str]) -> str:
        moment = parsedate_to_datetime(match.group(2).strip()) + delta
        return f"<{match.group(1)}>{format_datetime(moment, usegmt=True)}</{match.group(1)}>"

    def atom(match: re.Match[str]) -> str:
        moment = datetime.fromisoformat(match.group(2).strip()) + delta
        stamp = moment.isoformat().replace("+00:00", "Z")
        return f"<{match.group(1)}>{stamp}</{match.group(1)}>"

    return _ATOM_DATE.sub(atom, _RSS_DATE.sub(rss, text))


def write_feeds(folder: Path, today: date) -> dict[str, Path]:
    """Write the shifted feed files into `folder` (created); returns name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    days = (today - FEEDS_BASE).days
    written: dict[str, Path] = {}
    for name, data in sorted(shipped_feeds().items()):
        target = folder / name
        target.write_text(shift_dates(data.decode("utf-8"), days), encoding="utf-8")
        written[name] = target
    return written
