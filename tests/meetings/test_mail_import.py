"""Mail import from an mbox and a Maildir built here: matching, direction, dedupe, bad mail."""

from __future__ import annotations

import json
import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest

from prepdeck.mail.importer import import_mail
from prepdeck.store import Store


def _message(
    sender: str,
    to: str,
    subject: str,
    date: str = "Mon, 16 Nov 2026 10:00:00 +0000",
    message_id: str | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = date
    if message_id:
        msg["Message-ID"] = message_id
    msg.set_content("The body is private and never stored.\n")
    return msg.as_bytes()


def _messages() -> list[bytes]:
    return [
        _message(
            "Priya Patel <PRIYA@patelrowe.example>",
            "me@mine.example",
            "Re: renewal",
            message_id="<1@x>",
        ),
        _message(
            "me@mine.example", "ceo@northwind.example", "Proposal attached", message_id="<2@x>"
        ),
        _message("newsletter@shop.example", "me@mine.example", "Sale!", message_id="<3@x>"),
        # An encoded-word name and subject, decoded.
        b"From: =?utf-8?q?Ren=C3=A9e_Dupont?= <sam@patelrowe.example>\n"
        b"To: me@mine.example\nSubject: =?utf-8?b?Q2Fmw6kgbmV4dCB3ZWVr?=\n"
        b"Date: Tue, 17 Nov 2026 09:00:00 +0100\nMessage-ID: <4@x>\n\nbody\n",
        # No Message-ID: a digest keeps it unique and stable.
        _message("ceo@northwind.example", "me@mine.example", "Quick question"),
        # Broken: a date nobody can read; undecodable bytes and a control sequence.
        _message(
            "ceo@northwind.example",
            "me@mine.example",
            "Bad date",
            date="someday",
            message_id="<6@x>",
        ),
        b"From: ceo@northwind.example\nTo: me@mine.example\n"
        b"Subject: \xff\xfe \x1b[31mred\x1b[0m [bold]x[/bold]\n"
        b"Date: Wed, 18 Nov 2026 08:00:00 +0000\nMessage-ID: <7@x>\n\nbody\n",
        _message(
            "ceo@northwind.example",
            "me@mine.example",
            "Old news",
            date="Mon, 05 Jan 2026 10:00:00 +0000",
            message_id="<8@x>",
        ),
    ]


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    patel = store.add_client("Priya Patel", email="priya@patelrowe.example")
    store.add_contact(patel.id, "Renée Dupont", email="sam@patelrowe.example")
    north = store.add_client("Northwind", email="ceo@northwind.example")
    return {"patel": patel.id, "north": north.id}


def _filled(box: mailbox.Mailbox, path: Path) -> Path:
    for raw in _messages():
        box.add(raw)
    box.close()
    return path


@pytest.fixture
def mbox_path(tmp_path: Path) -> Path:
    return _filled(mailbox.mbox(tmp_path / "inbox.mbox"), tmp_path / "inbox.mbox")


@pytest.fixture
def maildir_path(tmp_path: Path) -> Path:
    return _filled(mailbox.Maildir(tmp_path / "Maildir"), tmp_path / "Maildir")


def _emails(store: Store) -> list[tuple]:
    return [
        (r["client_id"], r["happened_on"], r["direction"], r["text"])
        for r in store.rows(
            "SELECT * FROM interactions WHERE kind = 'email' ORDER BY happened_on, text"
        )
    ]


@pytest.mark.parametrize("which", ["mbox_path", "maildir_path"])
def test_import_matches_directions_and_is_idempotent(
    store: Store, people, which: str, request
) -> None:
    path = request.getfixturevalue(which)
    summary = import_mail(store, path)
    assert (summary.messages, summary.imported, summary.unmatched, summary.skipped) == (8, 6, 1, 1)
    p, n = people["patel"], people["north"]
    assert _emails(store) == [
        (n, "2026-01-05", "in", "Old news"),
        (n, "2026-11-16", "out", "Proposal attached"),
        (n, "2026-11-16", "in", "Quick question"),
        (p, "2026-11-16", "in", "Re: renewal"),
        (p, "2026-11-17", "in", "Café next week"),
        (n, "2026-11-18", "in", "\ufffd\ufffd red [bold]x[/bold]"),  # markup stays text
    ]
    contact = store.rows("SELECT contact_id FROM interactions WHERE text = 'Café next week'")
    assert contact[0]["contact_id"] is not None
    assert not store.rows("SELECT 1 FROM interactions WHERE text LIKE '%body%'")
    again = import_mail(store, path)
    assert (again.imported, again.duplicates) == (0, 6)
    assert len(_emails(store)) == 6


def test_since_and_dry_run(store: Store, people, mbox_path: Path) -> None:
    from datetime import date

    preview = import_mail(store, mbox_path, since=date(2026, 11, 1), dry_run=True)
    assert (preview.imported, preview.older) == (5, 1)
    assert _emails(store) == []


def test_mail_counts_as_last_contact(store: Store, people, mbox_path: Path) -> None:
    from datetime import date

    from prepdeck.briefing import build_briefing

    import_mail(store, mbox_path)
    b = build_briefing(store, people["north"], date(2026, 11, 23), news_limit=0)
    assert b.last_contact == date(2026, 11, 18)


def test_command_line_json_and_errors(run, people, mbox_path: Path, tmp_path: Path) -> None:
    result = run("import", "mail", str(mbox_path), "--json")
    assert json.loads(result.out)["imported"] == 6
    assert "6 already imported" in run("import", "mail", str(mbox_path)).out
    not_mail = tmp_path / "notes.txt"
    not_mail.write_text("hello")
    bad = run("import", "mail", str(not_mail))
    assert bad.code == 1 and "not an mbox file" in bad.err
    folder = run("import", "mail", str(tmp_path))
    assert folder.code == 1 and "not a Maildir" in folder.err
    since = run("import", "mail", str(mbox_path), "--since", "someday")
    assert since.code != 0 and since.err.count("\n") == 1
