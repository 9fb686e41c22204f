"""One database filled with the whole catalogue through every input path.

The store API (what the app's forms call), CLI arguments, a CSV file, a vCard file,
an OPML list and a feed served on 127.0.0.1 each bring every hostile string they can
carry. Built once per test session and copied, since each test only reads it.
"""

from __future__ import annotations

import html
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from hostile_catalogue import (  # type: ignore[import-not-found]
    ALL,
    FILE_SAFE,
    TAIL,
    XML_SAFE,
    hostile,
)
from hostile_data import Hostile, build_hostile  # type: ignore[import-not-found]
from hostile_support import serve  # type: ignore[import-not-found]

from prepdeck.cli import cli

_built: dict[str, tuple[Path, Hostile]] = {}


def _cli(db: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == 0, (args[:2], result.output, result.exception)


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _feed(items: list[str]) -> bytes:
    entries = "".join(
        f"<item><guid>c{i}</guid><title>Feed item {i} {t}</title>"
        f"<link>https://x.example/{i}</link><description>{html.escape(f'<p>{t}</p>')}"
        "</description></item>"
        for i, t in enumerate(items)
    )
    # One item with raw escape bytes, which feedparser's lenient parser still reads.
    raw = "<item><guid>raw</guid><title>Raw \x1b]0;pwned\x07 \x1b[2J item</title></item>"
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Catalogue {XML_SAFE[0]}</title><link>https://x.example/</link>"
        f"{entries}{raw}</channel></rss>"
    ).encode()


def _build(db: Path, folder: Path) -> Hostile:
    made = build_hostile(db, extra=TAIL)  # the store API: what the app's forms call
    for i, text in enumerate(ALL):  # CLI arguments: every string, NUL included
        name = f"Cat{i:02d}"
        _cli(db, "client", "add", f"{name} {text}", "--company", text, "--keywords", text)
        _cli(db, "note", "add", name, f"Note {text}")
    everything = hostile("all")
    _cli(db, "promise", "add", "Cat00", everything)
    _cli(db, "log", "Cat00", everything, "--kind", "call")

    csv_file = folder / "catalogue.csv"
    rows = [
        f"client,{_csv_cell(f'Csv{i:02d} {t}')},{_csv_cell(t)},{_csv_cell(t + chr(10) + t)}"
        for i, t in enumerate(FILE_SAFE)
    ]
    csv_file.write_text("type,name,company,agreed\r\n" + "\r\n".join(rows) + "\r\n", "utf-8")
    _cli(db, "import", "clients", str(csv_file))

    def vcard_value(text: str) -> str:
        return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")

    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{vcard_value(f'Vcf{i:02d} {t}')}\r\n"
        f"ORG:{vcard_value(t)}\r\nNOTE:{vcard_value(t)}\r\nEND:VCARD\r\n"
        for i, t in enumerate(FILE_SAFE)
    )
    (folder / "catalogue.vcf").write_text(cards, encoding="utf-8")
    _cli(db, "import", "clients", str(folder / "catalogue.vcf"))

    with serve({"/feed": ("application/rss+xml", _feed(XML_SAFE))}) as base:
        outlines = "".join(
            f'<outline text="Opml {html.escape(t, quote=True)}" xmlUrl="{base}/feed"/>'
            for t in XML_SAFE[:1]
        )
        (folder / "catalogue.opml").write_text(
            f'<opml version="2.0"><body>{outlines}</body></opml>', encoding="utf-8"
        )
        _cli(db, "feed", "import", str(folder / "catalogue.opml"))
        _cli(db, "fetch")
    return made


def catalogue_db(target: Path, scratch: Path) -> Hostile:
    """A copy, at target, of the database holding the whole catalogue."""
    if "db" not in _built:
        scratch.mkdir(parents=True, exist_ok=True)
        source = scratch / "catalogue.db"
        for stale in scratch.glob("catalogue.db*"):  # from a build that failed part-way
            stale.unlink()
        made = _build(source, scratch)
        conn = sqlite3.connect(source)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all of it in the file we copy
        conn.close()
        _built["db"] = (source, made)
    source, made = _built["db"]
    shutil.copyfile(source, target)
    return Hostile(target, made.client_id, made.name, made.company)
