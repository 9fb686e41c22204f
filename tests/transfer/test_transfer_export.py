"""Exports: everything as JSON (private notes only when asked), CSV and vCard round trips."""

from __future__ import annotations

import json
import stat
from datetime import date, datetime
from pathlib import Path

import pytest

from prepdeck.store import Store
from prepdeck.transfer import export_csv, export_vcf, import_people


def fill(store: Store) -> None:
    """Clients with awkward values (commas, quotes, newlines, accents) and contacts."""
    patel = store.add_client(
        "Priya Patel",
        company="Patel Logistics, Ltd",
        industry="logistics",
        keywords="cold chain, freight; ports",
        address_as="Mrs Patel",
        email="priya@patel.example",
        warmth=4,
        status="active",
        agreed='Quarterly review;\nreports by the 5th, "no surprises"',
        next_meeting=datetime(2026, 11, 25, 14, 30),
        cadence_days=21,
    )
    store.add_contact(
        patel.id, "Tom Baker", role="CFO", authority="signs off budgets", email="tom@patel.example"
    )
    store.add_contact(patel.id, "Zoë Ng", address_as="Zoë")
    store.add_client("Émile Zola", company="Rougon SA", status="prospect", warmth=2)
    store.add_client("Acme Ltd")  # an organisation as client, no company, no email
    store.add_contact(store.resolve_client("Acme").id, "Ann Smith")
    store.add_note(patel.id, "Daughter Maya starts university", ask_on=date(2026, 11, 30))
    store.add_note(patel.id, "Husband's surgery went badly", sensitivity="private")
    store.add_note(patel.id, "Never mention the lost tender", sensitivity="never")
    store.add_promise(patel.id, "Send the freight benchmark", due_on=date(2026, 11, 20))
    store.log_interaction(patel.id, "Quarterly review, upbeat", satisfaction=5)


def people(store: Store) -> list[tuple]:
    """Clients and contacts without ids or timestamps: what a round trip must keep."""
    clients = [
        tuple(r.values())
        for r in store.rows(
            "SELECT name, company, industry, keywords, address_as, email, warmth, status,"
            " agreed, substr(next_meeting, 1, 16), cadence_days FROM clients ORDER BY name"
        )
    ]
    contacts = [
        tuple(r.values())
        for r in store.rows(
            "SELECT c.name, p.name, p.role, p.authority, p.address_as, p.email FROM contacts p"
            " JOIN clients c ON c.id = p.client_id ORDER BY p.name"
        )
    ]
    return clients + contacts


def test_json_export_has_everything_but_private_notes(run, store: Store):
    fill(store)
    result = run("export")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["prepdeck_export"] == 1 and data["private_notes_left_out"] == 1
    patel = next(c for c in data["clients"] if c["name"] == "Priya Patel")
    assert {c["name"] for c in patel["contacts"]} == {"Tom Baker", "Zoë Ng"}
    texts = {n["text"]: n["sensitivity"] for n in patel["notes"]}
    assert texts == {
        "Daughter Maya starts university": "normal",
        "Never mention the lost tender": "never",  # cautions travel; secrets do not
    }
    assert patel["promises"][0]["due_on"] == "2026-11-20"
    assert patel["interactions"][0]["satisfaction"] == 5
    assert "Husband" not in result.out
    with_private = json.loads(run("export", "--include-private").out)
    assert with_private["private_notes_left_out"] == 0
    assert "Husband's surgery went badly" in {
        n["text"] for c in with_private["clients"] for n in c["notes"]
    }


def test_json_export_includes_feeds_and_shares(run, store: Store):
    client = store.add_client("Priya Patel")
    feed = store.add_feed("https://news.example.org/rss", title="Trade", tags=["logistics"])
    article_id = (
        store.db["articles"]
        .insert(
            {"feed_id": feed.id, "guid": "g1", "title": "Ports reopen", "link": "https://x.example"}
        )
        .last_pk
    )
    store.mark_share(client.id, article_id, note="Thought of you", reasons=["ports"])
    data = json.loads(run("export").out)
    assert data["feeds"][0]["tags"] == ["logistics"]
    [share] = data["clients"][0]["shares"]
    assert (share["note"], share["reasons"], share["status"]) == (
        "Thought of you",
        ["ports"],
        "marked",
    )


def test_export_to_file_is_private(run, store: Store, tmp_path: Path):
    fill(store)
    out = tmp_path / "backup.json"
    result = run("export", "--out", str(out))
    assert result.code == 0 and "1 private note(s) left out" in result.out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["clients"]
    result = run("export", "--out", str(tmp_path / "missing" / "x.json"))
    assert result.code != 0 and "folder does not exist" in result.err


@pytest.mark.parametrize("fmt", ["csv", "vcf"])
def test_round_trip_into_a_fresh_database(run, store: Store, tmp_path: Path, fmt: str):
    fill(store)
    out = tmp_path / f"people.{fmt}"
    assert run("export", "--format", fmt, "--out", str(out)).code == 0
    fresh = tmp_path / "fresh.db"
    report = json.loads(run("import", "clients", str(out), "--json", db=fresh).out)
    assert (report["clients_added"], report["contacts_added"], report["skipped"]) == (3, 3, 0)
    assert report["ignored_columns"] == []
    other = Store(fresh)
    try:
        assert people(other) == people(store)
        again = export_csv(other) if fmt == "csv" else export_vcf(other)
        assert again == (export_csv(store) if fmt == "csv" else export_vcf(store))
    finally:
        other.close()


@pytest.mark.parametrize("fmt", ["csv", "vcf"])
def test_reimporting_an_export_changes_nothing(run, store: Store, tmp_path: Path, fmt: str):
    fill(store)
    out = tmp_path / f"people.{fmt}"
    out.write_text(export_csv(store) if fmt == "csv" else export_vcf(store), newline="")
    before = people(store)
    report = import_people(store, out)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 6)
    assert people(store) == before


def test_two_clients_with_one_name_stay_two(run, store: Store, tmp_path: Path):
    store.add_client("John Smith", company="North Ltd")
    store.add_client("John Smith", company="South Ltd")
    out = tmp_path / "p.csv"
    out.write_text(export_csv(store))
    fresh = tmp_path / "fresh.db"
    report = json.loads(run("import", "clients", str(out), "--json", db=fresh).out)
    assert report["clients_added"] == 2
    assert import_people(store, out).unchanged == 2
