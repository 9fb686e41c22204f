"""Calendars end to end: the commands, a real HTTP server, and what meetings change."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from meetings_support import BROKEN_ICS, VDIR, WORK_ICS, Route, calendar_server

from prepdeck.briefing import build_briefing, client_rows
from prepdeck.calendar.sync import sync_calendars
from prepdeck.due import due_items
from prepdeck.store import Store
from prepdeck.store.schema import MIGRATIONS, SCHEMA_VERSION

TODAY = date(2026, 11, 23)


@pytest.fixture
def clients(store: Store) -> dict[str, int]:
    patel = store.add_client("Priya Patel", company="Patel & Rowe")
    store.add_contact(
        patel.id, "Priya Patel", role="Finance director", email="priya@patelrowe.example"
    )
    north = store.add_client("Northwind", email="ceo@northwind.example")
    cafe = store.add_client("Cafe Muller")
    return {"patel": patel.id, "north": north.id, "cafe": cafe.id}


def test_add_sync_list_and_remove_from_the_command_line(run, clients) -> None:
    assert run("calendar", "add", str(WORK_ICS)).code == 0
    assert run("calendar", "add", str(VDIR), "--name", "Home").code == 0
    again = run("calendar", "add", str(WORK_ICS), "--name", "Other")
    assert again.code == 1 and "already added, as 'work'" in again.err
    synced = run("calendar", "sync", "--json")
    results = {r["name"]: r for r in json.loads(synced.out)}
    assert results["work"]["status"] == "ok" and results["Home"]["status"] == "ok"
    assert results["work"]["matched"] > 0
    listed = json.loads(run("calendar", "list", "--json").out)
    assert {c["name"]: c["kind"] for c in listed} == {"Home": "vdir", "work": "file"}
    assert all(c["meetings"] > 0 for c in listed)
    assert run("calendar", "remove", "home").code == 0
    assert [c["name"] for c in json.loads(run("calendar", "list", "--json").out)] == ["work"]


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("/nowhere/cal.ics", "does not exist"),
        ("ftp://example.org/cal.ics", "use http or https"),
    ],
)
def test_add_refuses_what_cannot_be_a_calendar(run, source: str, says: str) -> None:
    result = run("calendar", "add", source)
    assert result.code == 1 and says in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_add_refuses_a_file_that_is_not_icalendar(run, tmp_path: Path) -> None:
    page = tmp_path / "calendar.ics"
    page.write_text("<html><body>Please sign in</body></html>")
    result = run("calendar", "add", str(page))
    assert result.code == 1 and "HTML" in result.err


def test_url_calendars_conditional_get_and_failures_one_line_each(run, clients) -> None:
    with calendar_server() as server:
        server.routes["/secret/basic.ics"] = Route(body=WORK_ICS.read_bytes(), etag='"v1"')
        server.routes["/gone.ics"] = Route(404, b"nope", "text/plain")
        server.routes["/locked.ics"] = Route(401, b"who are you", "text/plain")
        server.routes["/login.ics"] = Route(200, b"<!doctype html><p>Sign in</p>", "text/html")
        run("calendar", "add", server.url("/secret/basic.ics"), "--name", "Google")
        for name in ("gone", "locked", "login"):
            run("calendar", "add", server.url(f"/{name}.ics"), "--name", name)
        run("calendar", "add", str(BROKEN_ICS))
        first = run("calendar", "sync")
        assert first.code == 0
        lines = {line.split(":", 1)[0]: line for line in (first.out + first.err).splitlines()}
        assert "not found (HTTP 404)" in lines["gone"]
        assert "access denied (HTTP 401)" in lines["locked"]
        assert "HTML" in lines["login"]
        assert "3 broken events skipped" in lines["broken"]
        assert "meetings" in lines["Google"] and "failed" not in lines["Google"]
        assert len(first.err.splitlines()) == 3  # one line per failed source
        synced = run("calendar", "sync", "--json").out
        assert "/secret" not in synced  # nor in JSON, which scripts log
        second = json.loads(synced)
        google = next(r for r in second if r["name"] == "Google")
        assert google["source"].endswith("://127.0.0.1/…")
        assert google["status"] == "not-modified" and google["matched"] > 0
        assert server.conditional[-5:].count('"v1"') == 1
    listed = run("calendar", "list").out
    assert "/secret" not in listed  # the secret part of the URL is never printed
    listed_json = run("calendar", "list", "--json").out
    assert "/secret" not in listed_json
    assert {c["name"]: c["source"] for c in json.loads(listed_json)}["Google"].endswith("/…")


def test_every_calendar_failing_exits_non_zero(run, tmp_path: Path) -> None:
    with calendar_server() as server:
        run("calendar", "add", server.url("/missing.ics"), "--name", "Gone")
        result = run("calendar", "sync")
    assert result.code == 1 and "Gone: failed: not found (HTTP 404)" in result.err


def test_next_prints_the_next_matched_meeting_with_offset(run, clients, store) -> None:
    run("calendar", "add", str(WORK_ICS))
    run("calendar", "sync")
    found = json.loads(run("next", "--json").out)
    # Pinned today is 23 Nov; the next matched one is the review with Priya (attendee rule).
    assert found["client"] == "Priya Patel" and found["client_id"] == clients["patel"]
    assert found["start"] == "2026-11-24T10:00:00+01:00"
    assert found["end"] == "2026-11-24T11:00:00+01:00"
    assert found["title"] == "Quarterly review"
    assert found["location"] == "https://meet.google.com/abc-defg-hij"
    assert found["matched_by"] == "attendee priya@patelrowe.example"
    text = run("next").out
    assert "Priya Patel" in text and "matched by attendee" in text


def test_next_with_nothing_ahead_is_one_line(run) -> None:
    result = run("next")
    assert result.code == 1 and result.err.startswith("prepdeck: No upcoming client meeting")
    assert json.loads(run("next", "--json").out) is None


def test_briefing_next_meeting_hand_typed_wins_until_it_passes(store, clients) -> None:
    store.add_calendar("work", str(WORK_ICS), "file")
    sync_calendars(store, today=TODAY)
    patel = clients["patel"]
    b = build_briefing(store, patel, TODAY, news_limit=0)
    assert b.next_meeting == datetime(2026, 11, 24, 10, 0)
    assert b.meeting is not None and b.meeting.title == "Quarterly review"
    people = {p.email: p for p in b.meeting_people}
    assert people["priya@patelrowe.example"].role == "Finance director"
    assert not people["tom@patelrowe.example"].known  # offered as a new contact
    assert "No next meeting scheduled." not in b.missing
    store.update_client(patel, next_meeting=datetime(2026, 11, 23, 23, 30))
    assert build_briefing(store, patel, TODAY, news_limit=0).meeting.matched_by == "typed by hand"
    store.update_client(patel, next_meeting=datetime(2026, 11, 20, 9, 0))  # has passed
    assert build_briefing(store, patel, TODAY, news_limit=0).next_meeting == datetime(
        2026, 11, 24, 10, 0
    )
    row = next(r for r in client_rows(store, TODAY) if r.client_id == patel)
    assert row.next_meeting == datetime(2026, 11, 24, 10, 0)


def test_past_meetings_count_as_contact_but_are_never_logged(store, clients) -> None:
    store.add_calendar("work", str(WORK_ICS), "file")
    sync_calendars(store, today=TODAY)
    north = clients["north"]
    b = build_briefing(store, north, TODAY, news_limit=0)
    assert b.last_contact == date(2026, 11, 18)  # the last weekly call
    assert b.interaction_count == 0 and b.interactions == []
    assert b.calendar_meetings[0].start == datetime(2026, 11, 18, 16, 0)
    assert b.calendar_meetings[0].matched_by.startswith("domain northwind.example")


def test_due_and_today_list_todays_calendar_meetings(store, clients) -> None:
    store.add_calendar("work", str(WORK_ICS), "file")
    sync_calendars(store, today=TODAY)
    tomorrow = [i for i in due_items(store, date(2026, 11, 24), days=0) if i.kind == "meeting"]
    assert [(i.client_name, i.at, i.text) for i in tomorrow] == [
        ("Priya Patel", datetime(2026, 11, 24, 10, 0), "Meeting at 10:00: Quarterly review")
    ]


def test_due_command_lists_calendar_meetings(run, clients) -> None:
    run("calendar", "add", str(WORK_ICS))
    run("calendar", "sync")
    items = json.loads(run("due", "--days", "3", "--json").out)
    meetings = [i for i in items if i["kind"] == "meeting"]
    assert {m["client"] for m in meetings} == {"Priya Patel", "Cafe Muller"}


def test_unmatched_meetings_are_kept_and_attaching_survives_a_sync(store, clients) -> None:
    calendar = store.add_calendar("work", str(WORK_ICS), "file")
    sync_calendars(store, today=TODAY)
    lunch = store.meetings_between(date(2026, 11, 27), date(2026, 11, 28), matched=False)
    assert [m.title for m in lunch] == ["Team standup", "Lunch with Sam"]
    store.attach_meeting(lunch[1].id, clients["cafe"])
    sync_calendars(store, today=TODAY)
    again = store.meetings_between(date(2026, 11, 27), date(2026, 11, 28))
    assert [(m.title, m.client_id, m.matched_by) for m in again] == [
        ("Team standup", None, None),
        ("Lunch with Sam", clients["cafe"], "attached by hand"),
    ]
    assert store.get_calendar(calendar.id).last_status == "ok"


def test_a_failed_sync_keeps_the_meetings_of_the_last_good_one(store, clients, tmp_path) -> None:
    copy = tmp_path / "cal.ics"
    copy.write_bytes(WORK_ICS.read_bytes())
    store.add_calendar("work", str(copy), "file")
    sync_calendars(store, today=TODAY)
    before = store.scalar("SELECT count(*) FROM meetings")
    copy.write_text("<html>moved</html>")
    [result] = sync_calendars(store, today=TODAY)
    assert result.status == "failed" and "HTML" in result.error
    assert store.scalar("SELECT count(*) FROM meetings") == before


def test_a_version_one_database_upgrades_keeping_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    import sqlite_utils

    db = sqlite_utils.Database(path)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db["clients"].insert({"name": "Old Friend"})
    db["interactions"].insert(
        {"client_id": 1, "kind": "call", "happened_on": "2026-01-01", "text": "hello"}
    )
    db.conn.commit()
    db.close()
    store = Store(path)
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert store.list_clients()[0].name == "Old Friend"
    assert store.list_interactions(1)[0].text == "hello"
    assert store.list_calendars() == []
    store.close()
    with pytest.raises(sqlite3.IntegrityError):
        conn = sqlite3.connect(path)
        conn.execute(
            "INSERT INTO interactions (client_id, kind, happened_on, message_id)"
            " VALUES (1, 'email', '2026-01-02', '<a@b>'), (1, 'email', '2026-01-02', '<a@b>')"
        )


def test_meetings_lists_unmatched_ones_and_attach_keeps_them(run, clients) -> None:
    run("calendar", "add", str(WORK_ICS))
    run("calendar", "sync")
    unmatched = json.loads(run("calendar", "meetings", "--unmatched", "--days", "5", "--json").out)
    titles = {m["title"] for m in unmatched}
    assert "Lunch with Sam" in titles and all(m["client_id"] is None for m in unmatched)
    lunch = next(m for m in unmatched if m["title"] == "Lunch with Sam")
    attached = run("calendar", "attach", str(lunch["id"]), "cafe")
    assert attached.code == 0 and "to Cafe Muller" in attached.out
    run("calendar", "sync")
    listed = run("calendar", "meetings", "--days", "5").out
    assert any(
        "Lunch with Sam" in line and "Cafe Muller (attached by hand)" in line
        for line in listed.splitlines()
    )
    missing = run("calendar", "attach", "999999", "cafe")
    assert missing.code == 1 and missing.err.count("\n") == 1
