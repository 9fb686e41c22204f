"""The calendar's other promises: secret URLs never printed, `fetch` and the app's refresh
sync calendars, bad numbers refused in one line, the app's start reads no .ics."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from meetings_support import WORK_ICS, Route, calendar_server
from pd_shared import settle  # type: ignore[import-not-found]

from prepdeck.app import make_app
from prepdeck.calendar.parse import window
from prepdeck.calendar.sync import sync_calendars, sync_calendars_async
from prepdeck.screens.attach_meeting import AttachMeetingScreen
from prepdeck.screens.unmatched_meetings import UnmatchedMeetingsScreen
from prepdeck.store import Store

TODAY = date(2026, 11, 23)
SECRET = "private-token-4f2a"


def test_a_failing_secret_url_is_never_printed_whole(run) -> None:
    """The HTML answer's error names the source: only its host may show, in every output."""
    with calendar_server() as server:
        server.routes[f"/{SECRET}/basic.ics"] = Route(
            200, b"<!doctype html><p>Sign in</p>", "text/html"
        )
        run("calendar", "add", server.url(f"/{SECRET}/basic.ics"), "--name", "Google")
        outputs = {
            "sync": run("calendar", "sync"),
            "sync --json": run("calendar", "sync", "--json"),
            "fetch": run("fetch"),
            "fetch --json": run("fetch", "--json"),
            "list": run("calendar", "list"),
            "list --json": run("calendar", "list", "--json"),
        }
    for name, result in outputs.items():
        assert SECRET not in result.out + result.err, name
    assert "http://127.0.0.1/… is an HTML" in outputs["list"].out
    [calendar] = json.loads(outputs["fetch --json"].out)["calendars"]
    assert calendar["status"] == "failed" and calendar["source"] == "http://127.0.0.1/…"


def test_fetch_syncs_the_calendars_too(run, store: Store) -> None:
    store.add_client("Priya Patel", email="priya@patelrowe.example")
    run("calendar", "add", str(WORK_ICS))
    result = run("fetch", "--json")
    assert result.code == 0
    [calendar] = json.loads(result.out)["calendars"]
    assert calendar["status"] == "ok" and calendar["matched"] > 0
    assert store.scalar("SELECT count(*) FROM meetings") == calendar["meetings"]
    assert "calendar work:" in run("fetch").out


@pytest.mark.parametrize(
    "args",
    [
        ("calendar", "attach", "99999999999999999999", "cafe"),
        ("calendar", "attach", "0", "cafe"),
        ("calendar", "meetings", "--days", "99999999999"),
        ("calendar", "meetings", "--past", "99999999"),
        ("calendar", "meetings", "--past", "-3"),
    ],
    ids=lambda args: " ".join(args[1:3]),
)
def test_numbers_out_of_range_are_one_line(run, store: Store, args: tuple[str, ...]) -> None:
    store.add_client("Cafe Muller")
    result = run(*args)
    assert result.code != 0 and result.err.count("\n") == 1
    assert result.err.startswith("prepdeck: Invalid value")


def test_meetings_json_gives_times_with_their_offset(run, store: Store) -> None:
    run("calendar", "add", str(WORK_ICS))
    run("calendar", "sync")
    meetings = json.loads(run("calendar", "meetings", "--days", "2", "--json").out)
    review = next(m for m in meetings if m["title"] == "Quarterly review")
    assert review["start"] == "2026-11-24T10:00:00+01:00"  # as `next --json` writes it
    assert review["end"] == "2026-11-24T11:00:00+01:00"


async def test_the_apps_refresh_syncs_calendars(db_path: Path) -> None:
    store = Store(db_path)
    store.add_client("Priya Patel", email="priya@patelrowe.example")
    store.add_calendar("work", str(WORK_ICS), "file")  # added, never synced
    store.close()
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert app.fetch_progress is None
    check = Store(db_path)
    assert check.scalar("SELECT count(*) FROM meetings WHERE client_id IS NOT NULL") > 0
    check.close()


def test_the_apps_start_reads_meetings_without_parsing_a_calendar(db_path: Path) -> None:
    """Home, the today strip, a briefing and `--next` read the synced meetings from the
    database: the iCalendar parser is not even imported."""
    store = Store(db_path)
    patel = store.add_client("Priya Patel", email="priya@patelrowe.example")
    store.add_calendar("work", str(WORK_ICS), "file")
    sync_calendars(store, today=TODAY)
    store.close()
    code = (
        "import json, sys\n"
        "from datetime import date, datetime\n"
        "from prepdeck.briefing import build_briefing, client_rows\n"
        "from prepdeck.due import due_items\n"
        "from prepdeck.calendar.upcoming import next_meeting\n"
        "from prepdeck.store import Store\n"
        f"store = Store({str(db_path)!r})\n"
        "day = date(2026, 11, 23)\n"
        f"assert build_briefing(store, {patel.id}, day).meeting.title == 'Quarterly review'\n"
        "assert client_rows(store, day) and due_items(store, day, 7)\n"
        "assert next_meeting(store, datetime(2026, 11, 23, 8)) is not None\n"
        "heavy = ('icalendar', 'recurring_ical_events', 'prepdeck.calendar.parse')\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


HOSTILE_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:h@x\r\n"
    "DTSTART:20261125T100000\r\nSUMMARY:[@click=app.quit]Quit[/] \x1b]0;owned\x07 [b]x\r\n"
    "ATTENDEE;CN=[red]Eve[/red]:mailto:eve@evil.example\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


async def test_meeting_text_is_shown_as_written_never_as_markup(
    db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.ics"
    path.write_bytes(HOSTILE_ICS.encode())
    store = Store(db_path)
    store.add_client("Acme [UK] Ltd")
    store.add_calendar("hostile", str(path), "file")
    await sync_calendars_async(store, today=TODAY)
    store.close()
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, UnmatchedMeetingsScreen)
        detail = str(screen.query_one("#unmatched-detail").render())
        assert "[@click=app.quit]Quit[/]" in detail and "[red]Eve[/red]" in detail
        assert "\x1b" not in detail and "\x07" not in detail
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AttachMeetingScreen)
        assert "Acme [UK] Ltd" in str(form.query_one("#client-list").render_line(0).text)
        assert "[red]Eve[/red] <eve@evil.example>" in str(
            form.query_one("#remember").render_line(0).text
        )
        assert app.is_running  # the click action never ran


def test_an_unchanged_url_calendar_is_expanded_again_on_a_new_day(store: Store) -> None:
    """A 304 spares the parse on the day the meetings were expanded for; the next day the
    window has moved, so the calendar is read in full (else a series ran out in 90 days)."""
    with calendar_server() as server:
        server.routes["/cal.ics"] = Route(body=WORK_ICS.read_bytes(), etag='"v1"')
        store.add_calendar("work", server.url("/cal.ics"), "url")
        statuses = []
        for day in (TODAY, TODAY, TODAY + timedelta(days=1)):
            [result] = sync_calendars(store, today=day)
            statuses.append(result.status)
            last = store.scalar("SELECT max(start) FROM meetings WHERE title = 'Team standup'")
        assert statuses == ["ok", "not-modified", "ok"]
        assert server.conditional == [None, '"v1"', None]
    _, end = window(TODAY + timedelta(days=1))  # the next day's window, its end exclusive
    assert last.startswith((end - timedelta(days=1)).isoformat())
