"""vCard import: versions 2.1, 3 and 4, folding, fallbacks for missing fields, skips."""

from __future__ import annotations

import json
from pathlib import Path

from prepdeck.store import Store
from prepdeck.transfer.vcard import fold_line, unfold

VCARD3 = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Priya Patel\r\n"
    "N:Patel;Priya;;Mrs;\r\n"
    "ORG:Patel Logistics;Operations\r\n"
    "TITLE:Managing Director\r\n"
    "EMAIL;TYPE=INTERNET:priya.home@example.org\r\n"
    "EMAIL;TYPE=INTERNET,pref:priya@patel.example\r\n"
    "TEL;TYPE=WORK:+44 20 7946 0000\r\n"
    "NOTE:Daughter Maya starts university in October\\, ask how she settled i\r\n"
    " n.\\nPrefers mornings.\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Baker;Tom;;;\r\n"
    "ORG:Patel Logistics\r\n"
    "item1.EMAIL:tom@patel.example\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "ORG:Nordbank AG\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "EMAIL:someone@lonely.example\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "TEL:+1 555 0100\r\n"
    "END:VCARD\r\n"
)


def import_json(run, path: Path, *extra: str) -> dict:
    result = run("import", "clients", str(path), "--json", *extra)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_vcard3_cards_fallbacks_and_skips(run, tmp_path: Path, db_path: Path):
    path = tmp_path / "contacts.vcf"
    path.write_text(VCARD3, newline="")
    report = import_json(run, path)
    assert report["format"] == "vcard" and report["records"] == 5
    assert (report["added"], report["skipped"]) == (4, 1)
    skip = next(a for a in report["actions"] if a["action"] == "skip")
    assert skip["rows"] == ["card 5"] and skip["reason"] == "no FN, N, ORG or EMAIL"
    assert report["ignored_columns"] == ["TEL"]
    store = Store(db_path)
    priya = store.resolve_client("Priya Patel")
    assert priya.email == "priya@patel.example"  # the preferred address first
    assert priya.company == "Patel Logistics"
    notes = {n.text for n in store.list_notes(priya.id)}
    assert (
        "Daughter Maya starts university in October, ask how she settled in.\nPrefers "
        "mornings." in notes
    )
    [tom] = store.list_contacts(priya.id)  # N only: name from given + family
    assert (tom.name, tom.email) == ("Tom Baker", "tom@patel.example")
    assert store.resolve_client("Nordbank AG").company == "Nordbank AG"  # ORG only
    assert store.resolve_client("someone@lonely.example").email == "someone@lonely.example"
    store.close()
    again = import_json(run, path)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 4)


def test_vcard21_quoted_printable_and_no_end(run, tmp_path: Path, db_path: Path):
    text = (
        "BEGIN:VCARD\n"
        "VERSION:2.1\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\n"
        "EMAIL;INTERNET;PREF:jm@example.de\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:Mag Kaffee schwarz,=0D=0Akein Zucker, bitte sehr=\n"
        " lange Notiz=\n"
        "ende\n"
        "ORG:M=FCller GmbH\n"
    )
    path = tmp_path / "old.vcf"
    path.write_text(text)
    report = import_json(run, path)
    assert report["added"] == 1
    store = Store(db_path)
    client = store.resolve_client("Jürgen Müller")
    assert client.email == "jm@example.de"
    [note] = store.list_notes(client.id)
    assert note.text == "Mag Kaffee schwarz,\r\nkein Zucker, bitte sehr lange Notizende".replace(
        "\r\n", "\n"
    )
    store.close()


def test_vcard4_escapes_and_nickname(run, tmp_path: Path, db_path: Path):
    text = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:O'Brien\\, Siobhán\r\n"
        "ORG:Smith\\; Jones & Co\r\nNICKNAME:Shiv,Siobh\r\nEMAIL;PREF=1:s@sj.example\r\n"
        "END:VCARD\r\n"
    )
    path = tmp_path / "v4.vcard"
    path.write_text(text, newline="")
    assert import_json(run, path)["added"] == 1
    store = Store(db_path)
    client = store.resolve_client("O'Brien, Siobhán")
    assert (client.company, client.address_as) == ("Smith; Jones & Co", "Shiv")
    store.close()


def test_vcf_without_cards_and_empty_card_file(run, tmp_path: Path):
    path = tmp_path / "x.vcf"
    path.write_text("Name,Email\nA,b@c.d\n")
    result = run("import", "clients", str(path))
    assert result.code != 0 and "holds no vCard" in result.err
    empty = tmp_path / "empty.vcf"
    empty.write_text("")
    result = run("import", "clients", str(empty))
    assert result.code != 0 and "is empty" in result.err


def test_vcard_content_wins_over_extension(run, tmp_path: Path):
    path = tmp_path / "contacts.csv"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEND:VCARD\n")
    assert import_json(run, path)["format"] == "vcard"


def test_fold_and_unfold_round_trip():
    line = "NOTE:" + "Grüße aus Köln, " * 12
    folded = fold_line(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert unfold(folded) == [line]
