"""CSV import: column mapping, encodings, merge rule, dry run, idempotence, rollback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from transfer_support import GOOGLE_HEADER, count, fingerprint, write_csv

from prepdeck.store import Store
from prepdeck.transfer import import_people


def google_rows() -> list[list[str]]:
    return [
        [
            "Priya Patel",
            "Priya",
            "Patel",
            "",
            "* Work",
            "priya@patel.example",
            "Patel Logistics",
            "Managing Director",
            "Daughter Maya starts university",
            "+44 20 7946 0000",
            "1979-04-02",
            "* myContacts",
        ],
        [
            "",
            "Tom",
            "Baker",
            "",
            "",
            "TOM@patel.example",
            "Patel Logistics",
            "CFO",
            "",
            "",
            "",
            "",
        ],
        [
            "Anna Schmidt",
            "",
            "",
            "Anni",
            "",
            "anna@nordbank.example ::: a@home.example",
            "Nordbank",
            "Head of Risk",
            "",
            "",
            "",
            "",
        ],
    ]


def import_json(run, path: Path, *extra: str) -> dict:
    result = run("import", "clients", str(path), "--json", *extra)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_google_export_maps_columns_and_applies_the_rule(run, tmp_path: Path, db_path: Path):
    path = write_csv(tmp_path / "google.csv", GOOGLE_HEADER, google_rows())
    report = import_json(run, path)
    assert (report["added"], report["updated"], report["unchanged"]) == (3, 0, 0)
    assert report["clients_added"] == 2 and report["contacts_added"] == 1
    # Columns with data that prepdeck cannot hold are reported, not errors.
    assert report["ignored_columns"] == ["Phone 1 - Value", "Birthday", "Group Membership"]
    store = Store(db_path)
    patel = store.resolve_client("Priya Patel")
    assert (patel.company, patel.email) == ("Patel Logistics", "priya@patel.example")
    # Tom works at a company that already has a client: he is her contact.
    [tom] = store.list_contacts(patel.id)
    assert (tom.name, tom.role, tom.email) == ("Tom Baker", "CFO", "TOM@patel.example")
    anna = store.resolve_client("Anna Schmidt")
    assert anna.address_as == "Anni" and anna.email == "anna@nordbank.example"
    texts = {n.text for n in store.list_notes(patel.id)}
    assert texts == {"Job title: Managing Director", "Daughter Maya starts university"}
    store.close()


def test_second_import_changes_nothing(run, tmp_path: Path, db_path: Path):
    path = write_csv(tmp_path / "google.csv", GOOGLE_HEADER, google_rows())
    import_json(run, path)
    before = fingerprint(db_path)
    again = import_json(run, path)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert fingerprint(db_path) == before


def test_outlook_utf16_semicolons(run, tmp_path: Path, db_path: Path):
    header = ["Title", "First Name", "Last Name", "E-mail Address", "Company", "Job Title"]
    rows = [["Mrs", "Zoë", "Müller", "zoe@muller.example", "Müller & Söhne; GmbH", "Inhaberin"]]
    path = write_csv(tmp_path / "outlook.csv", header, rows, encoding="utf-16", delimiter=";")
    report = import_json(run, path)
    assert report["added"] == 1 and report["encoding"] == "utf-16"
    store = Store(db_path)
    client = store.resolve_client("Zoë Müller")
    assert client.company == "Müller & Söhne; GmbH"
    store.close()


def test_cp1252_and_bom_and_tabs(run, tmp_path: Path, db_path: Path):
    (tmp_path / "win.csv").write_bytes("Name,Company\r\nRené Dupré,Café Noir\r\n".encode("cp1252"))
    (tmp_path / "bom.csv").write_bytes("\ufeffname\tcompany\nLena Berg\tBerg AB\n".encode())
    assert import_json(run, tmp_path / "win.csv")["encoding"] == "cp1252"
    assert import_json(run, tmp_path / "bom.csv")["added"] == 1
    store = Store(db_path)
    assert store.resolve_client("René").company == "Café Noir"
    assert store.resolve_client("Lena Berg").company == "Berg AB"
    store.close()


def test_broken_encoding_is_one_sentence(run, tmp_path: Path, db_path: Path):
    path = tmp_path / "garbage.csv"
    path.write_bytes(b"Name,Company\n\x00\x81\x8d\xff\xfe\x00binary\x01\x02")
    result = run("import", "clients", str(path))
    assert result.code != 0
    assert result.err.startswith("prepdeck: ") and result.err.count("\n") == 1
    assert "not readable text" in result.err and "Traceback" not in result.err
    assert not db_path.exists()  # a bad file fails before any database is made


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"  \r\n\r\n", "is empty"),
        (b"Phone,Birthday\n123,1990-01-01\n", "has no name column"),
    ],
)
def test_unusable_files(run, tmp_path: Path, content: bytes, expected: str):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = run("import", "clients", str(path))
    assert result.code != 0 and expected in result.err and result.err.count("\n") == 1


def test_missing_file_and_folder(run, tmp_path: Path):
    result = run("import", "clients", str(tmp_path / "nope.csv"))
    assert result.code != 0 and "There is no file" in result.err
    result = run("import", "clients", str(tmp_path))
    assert result.code != 0 and "is a folder" in result.err


def test_header_only_imports_nothing(run, tmp_path: Path):
    path = tmp_path / "header.csv"
    path.write_text("Name,Email\n")
    report = import_json(run, path)
    assert report["records"] == 0 and report["added"] == 0


def test_dry_run_writes_nothing(run, tmp_path: Path, db_path: Path):
    run(
        "client",
        "add",
        "Priya Patel",
        "--company",
        "Patel Logistics",
        "--email",
        "priya@patel.example",
    )
    rows = google_rows()
    rows[0][6] = "Patel Logistics Ltd"  # a stated change: an update to preview
    path = write_csv(tmp_path / "google.csv", GOOGLE_HEADER, rows)
    before = fingerprint(db_path)
    result = run("import", "clients", str(path), "--dry-run")
    assert result.code == 0, result.err
    assert fingerprint(db_path) == before
    assert "Dry run, nothing written" in result.out
    assert "row 2: update client Priya Patel" in result.out
    assert "company Patel Logistics -> Patel Logistics Ltd" in result.out
    assert "row 3: add contact Tom Baker at Patel Logistics" in result.out
    assert "Would add 2" in result.out and "would update 1" in result.out
    # The JSON preview says the same, and the real run does exactly that.
    preview = import_json(run, path, "--dry-run")
    real = import_json(run, path)
    strip = lambda r: [{k: v for k, v in a.items() if k != "id"} for a in r["actions"]]  # noqa: E731
    assert strip(preview) == strip(real)
    assert fingerprint(db_path) != before


def test_dry_run_does_not_create_the_database(run, tmp_path: Path):
    path = write_csv(tmp_path / "google.csv", GOOGLE_HEADER, google_rows())
    fresh = tmp_path / "fresh" / "new.db"
    result = run("import", "clients", str(path), "--dry-run", db=fresh)
    assert result.code == 0 and "Would add 3" in result.out
    assert not fresh.exists() and not fresh.parent.exists()


def test_failure_half_way_imports_nothing(tmp_path: Path, db_path: Path, run):
    store = Store(db_path)
    store.add_client("Existing Client")
    # A constraint the importer cannot foresee, hit on the third row.
    store.db.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON clients WHEN NEW.name = 'Boom Person' "
        "BEGIN SELECT RAISE(ABORT, 'no Booms allowed'); END"
    )
    store.close()
    rows = [
        ["Ada Lovelace", "ada@example.org"],
        ["Alan Turing", "alan@example.org"],
        ["Boom Person", "boom@example.org"],
        ["Grace Hopper", "grace@example.org"],
    ]
    path = write_csv(tmp_path / "people.csv", ["Name", "Email"], rows)
    before = fingerprint(db_path)
    result = run("import", "clients", str(path))
    assert result.code != 0
    assert "stopped at row 4 (Boom Person)" in result.err and "nothing was imported" in result.err
    assert fingerprint(db_path) == before
    assert count(db_path, "clients") == 1


def test_rollback_through_the_api(tmp_path: Path, store: Store):
    store.db.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON notes WHEN NEW.text = 'explode' "
        "BEGIN SELECT RAISE(ABORT, 'boom'); END"
    )
    path = write_csv(
        tmp_path / "p.csv", ["Name", "Notes"], [["A One", "fine"], ["B Two", "explode"]]
    )
    from prepdeck.errors import PrepdeckError

    with pytest.raises(PrepdeckError, match="nothing was imported"):
        import_people(store, path)
    assert store.client_count() == 0
    assert store.scalar("SELECT count(*) FROM notes") == 0


def test_updates_fill_and_change_only_stated_fields(run, tmp_path: Path, db_path: Path):
    run("client", "add", "Priya Patel", "--company", "Patel Logistics", "--industry", "logistics")
    header = ["Name", "Company", "Email", "Industry", "Warmth", "Status", "Keywords"]
    rows = [["priya patel", "patel logistics", "priya@patel.example", "", "5", "", "cold chain"]]
    path = write_csv(tmp_path / "p.csv", header, rows)
    report = import_json(run, path)
    assert report["updated"] == 1 and report["added"] == 0
    changes = report["actions"][0]["changes"]
    assert set(changes) == {"email", "warmth", "keywords"}  # case-only name/company: unchanged
    store = Store(db_path)
    client = store.resolve_client("Priya")
    assert (client.name, client.industry, client.warmth) == ("Priya Patel", "logistics", 5)
    assert (client.email, client.keywords, client.status) == (
        "priya@patel.example",
        "cold chain",
        "active",
    )
    store.close()
    assert import_json(run, path)["unchanged"] == 1


def test_match_by_email_case_insensitive_updates_name(run, tmp_path: Path, db_path: Path):
    run("client", "add", "P. Patel", "--email", "Priya@Patel.example")
    path = write_csv(
        tmp_path / "p.csv", ["Name", "E-mail Address"], [["Priya Patel", "priya@patel.EXAMPLE"]]
    )
    report = import_json(run, path)
    assert report["updated"] == 1
    assert report["actions"][0]["changes"] == {"name": {"from": "P. Patel", "to": "Priya Patel"}}
    assert count(db_path, "clients") == 1


def test_invalid_values_skip_the_row_with_a_reason(run, tmp_path: Path, db_path: Path):
    header = ["name", "warmth", "status", "next meeting", "cadence days"]
    rows = [
        ["Good Person", "4", "prospect", "2026-12-01 10:30", "14"],
        ["Too Warm", "9", "", "", ""],
        ["Odd Status", "", "sleeping", "", ""],
        ["Bad Date", "", "", "after easter", ""],
        ["Zero Cadence", "", "", "", "0"],
    ]
    report = import_json(run, write_csv(tmp_path / "p.csv", header, rows))
    assert report["added"] == 1 and report["skipped"] == 4
    reasons = {a["name"] or a["rows"][0]: a["reason"] for a in report["actions"] if a["reason"]}
    assert "warmth must be a whole number from 1 to 5, not '9'" in reasons["row 3"]
    assert "status must be one of" in reasons["row 4"]
    assert "Invalid next meeting" in reasons["row 5"]
    assert "cadence" in reasons["row 6"]
    store = Store(db_path)
    good = store.resolve_client("Good")
    assert (good.warmth, good.status, good.cadence_days) == (4, "prospect", 14)
    assert good.next_meeting is not None and good.next_meeting.hour == 10
    store.close()


def test_same_person_twice_in_a_file_is_one_person(run, tmp_path: Path, db_path: Path):
    rows = [
        ["Ada Lovelace", "Analytical Ltd", "ada@example.org", ""],
        ["Ada Lovelace", "", "", "Countess"],  # no company: joins the row that has one
        ["A. Lovelace", "Analytical Ltd", "ADA@example.org", ""],  # same email
    ]
    path = write_csv(tmp_path / "p.csv", ["Name", "Company", "Email", "Job Title"], rows)
    report = import_json(run, path)
    assert report["added"] == 1 and report["actions"][0]["rows"] == ["row 2", "row 3", "row 4"]
    assert count(db_path, "clients") == 1
    again = import_json(run, path)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 1)


def test_no_company_matches_unique_name_and_reports_ambiguity(run, tmp_path: Path, db_path: Path):
    run("client", "add", "Sam Lee", "--company", "North Ltd")
    run("client", "add", "Jo Kim", "--company", "East Ltd")
    run("client", "add", "Jo Kim", "--company", "West Ltd")
    path = write_csv(
        tmp_path / "p.csv",
        ["Name", "Notes"],
        [["Sam Lee", "Likes sailing"], ["Jo Kim", "Vegetarian"]],
    )
    report = import_json(run, path)
    assert report["updated"] == 1 and report["skipped"] == 1 and report["added"] == 0
    skip = next(a for a in report["actions"] if a["action"] == "skip")
    assert "2 people named Jo Kim are stored" in skip["reason"]


def test_hand_made_client_column_is_the_name(run, tmp_path: Path, db_path: Path):
    path = write_csv(
        tmp_path / "p.csv",
        ["Client", "Company", "Email"],
        [["Mrs Okafor", "Okafor Foods", "ngozi@okafor.example"]],
    )
    assert import_json(run, path)["added"] == 1
    store = Store(db_path)
    assert store.resolve_client("Mrs Okafor").company == "Okafor Foods"
    store.close()


def test_text_summary_for_a_real_run(run, tmp_path: Path):
    path = write_csv(tmp_path / "google.csv", GOOGLE_HEADER, google_rows() + [[""] * 9 + ["x"]])
    result = run("import", "clients", str(path))
    assert result.code == 0
    assert "Rule: Each person becomes a client" in result.out
    assert "Ignored columns (prepdeck has no place for them): Phone 1 - Value" in result.out
    assert "row 5: skip: no name, organisation or email" in result.out
    assert "Added 3 (2 clients, 1 contact), updated 0, 0 unchanged, 1 skipped." in result.out


def test_contact_company_in_file_is_not_applied(run, tmp_path: Path, db_path: Path):
    run("client", "add", "Priya Patel", "--company", "Patel Logistics")
    run("contact", "add", "Priya", "Tom Baker", "--email", "tom@patel.example")
    path = write_csv(
        tmp_path / "p.csv",
        ["Name", "Email", "Company", "Job Title"],
        [["Tom Baker", "tom@patel.example", "Baker Consulting", "Partner"]],
    )
    report = import_json(run, path)
    [action] = report["actions"]
    assert action["action"] == "update" and action["kind"] == "contact"
    assert action["changes"] == {"role": {"from": None, "to": "Partner"}}
    assert "not applied" in action["remarks"][0]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT company FROM clients").fetchone()[0] == "Patel Logistics"


def _many_rows(n: int) -> list[list[str]]:
    return [
        [
            f"Person {i:04d}",
            f"p{i}@firm{i % 50}.example",
            f"Firm {i % 50}",
            "Analyst",
            f"Likes topic{i}",
        ]
        for i in range(n)
    ]


def test_large_import_is_fully_indexed(tmp_path: Path, store: Store):
    """A big import is fully indexed, and leaves the full-text triggers as they were."""
    triggers = store.rows(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    )
    path = write_csv(
        tmp_path / "big.csv", ["Name", "Email", "Company", "Job Title", "Notes"], _many_rows(300)
    )
    report = import_people(store, path)
    assert report.count("add", "client") == 50 and report.count("add", "contact") == 250
    assert (
        store.rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        == triggers
    )
    for table in ("clients", "contacts", "notes"):
        store.db.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('integrity-check')")
    assert [h.title for h in store.search("Person 0123")] == ["Person 0123"]
    assert [h.kind for h in store.search("topic299")] == ["note"]
    later = store.add_client("Written Afterwards")  # the triggers still index new rows
    assert [h.id for h in store.search("afterwards")] == [later.id]


def test_large_import_failure_restores_everything(tmp_path: Path, db_path: Path, run):
    store = Store(db_path)
    store.db.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON contacts WHEN NEW.name = 'Person 0250' "
        "BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    store.close()
    path = write_csv(
        tmp_path / "big.csv", ["Name", "Email", "Company", "Job Title", "Notes"], _many_rows(300)
    )
    before = fingerprint(db_path)
    result = run("import", "clients", str(path))
    assert result.code != 0 and "row 252 (Person 0250)" in result.err
    assert fingerprint(db_path) == before  # rows, FTS index and triggers alike


def test_utf16_without_bom_and_single_column(run, tmp_path: Path, db_path: Path):
    (tmp_path / "le.csv").write_bytes(
        "First Name\tLast Name\nIngrid\tBergström\n".encode("utf-16-le")
    )
    (tmp_path / "one.csv").write_text("Name\nSolo Person\n")
    assert import_json(run, tmp_path / "le.csv")["encoding"] == "utf-16-le"
    assert import_json(run, tmp_path / "one.csv")["added"] == 1
    store = Store(db_path)
    assert {c.name for c in store.list_clients()} == {"Ingrid Bergström", "Solo Person"}
    store.close()


def test_quoted_multiline_notes_and_semicolons(run, tmp_path: Path, db_path: Path):
    path = tmp_path / "excel.csv"
    path.write_text('Name;Company;Notes\n"Lee, Ann";"A; B Ltd";"line one\nline two"\n')
    assert import_json(run, path)["added"] == 1
    store = Store(db_path)
    client = store.resolve_client("Lee, Ann")
    assert client.company == "A; B Ltd"
    assert [n.text for n in store.list_notes(client.id)] == ["line one\nline two"]
    store.close()


def test_merged_row_listed_before_the_client_it_joins(run, tmp_path: Path, db_path: Path):
    rows = [["Ann Lee", ""], ["Bob Boss", "Acme"], ["Ann Lee", "Acme"]]
    report = import_json(run, write_csv(tmp_path / "p.csv", ["Name", "Company"], rows))
    assert [(a["rows"], a["kind"]) for a in report["actions"]] == [
        (["row 2", "row 4"], "contact"),
        (["row 3"], "client"),
    ]
    store = Store(db_path)
    assert [c.name for c in store.list_contacts(store.resolve_client("Bob Boss").id)] == ["Ann Lee"]
    store.close()
