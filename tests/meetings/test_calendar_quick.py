"""The quick reading (single events and plain series) gives exactly what icalendar and
recurring-ical-events give: both paths on every test calendar, and on generated series;
and a calendar unchanged since the day's last sync is matched again, not parsed again."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from meetings_support import BROKEN_ICS, DATA, WORK_ICS

from prepdeck.calendar import fastics, parse
from prepdeck.calendar.parse import Occurrence, Parsed, parse_calendars
from prepdeck.calendar.sync import sync_calendars
from prepdeck.store import Store

TODAY = date(2026, 11, 23)
SERIES_ICS = DATA / "series.ics"
CALENDARS = sorted(DATA.glob("*.ics")) + sorted((DATA / "vdir").glob("*.ics"))


def _key(o: Occurrence) -> tuple[object, ...]:
    return (o.uid, o.start, o.end, o.all_day, o.title, o.location, o.video, o.organizer,
            tuple(o.attendees))  # fmt: skip


def _both(data: bytes, where: str = "test.ics") -> tuple[Parsed, Parsed]:
    quick = parse_calendars([(where, data)], TODAY)
    full = parse_calendars([(where, data)], TODAY, quick=False)
    return quick, full


def _assert_same(quick: Parsed, full: Parsed) -> None:
    assert sorted(map(_key, quick.occurrences)) == sorted(map(_key, full.occurrences))
    assert (quick.events, quick.skipped, quick.problems) == (
        full.events,
        full.skipped,
        full.problems,
    )


@pytest.fixture
def to_libraries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The UIDs the quick reading handed to icalendar and recurring-ical-events."""
    handed: list[str] = []
    real = parse._parse_full

    def spy(where, timezones, events, today, parsed):  # type: ignore[no-untyped-def]
        handed.extend(fastics.uid_in(fastics.event_lines(block)) for block in events)
        return real(where, timezones, events, today, parsed)

    monkeypatch.setattr(parse, "_parse_full", spy)
    return handed


@pytest.mark.parametrize("path", CALENDARS, ids=lambda p: p.name)
def test_quick_reading_equals_the_libraries_on_every_test_calendar(path: Path) -> None:
    quick, full = _both(path.read_bytes(), str(path))
    assert full.occurrences or full.skipped
    _assert_same(quick, full)


@pytest.mark.parametrize("path", CALENDARS, ids=lambda p: p.name)
def test_split_reads_each_events_own_lines(path: Path) -> None:
    pieces = fastics.split(path.read_bytes())
    assert pieces.events and len(pieces.lines) == len(pieces.events)
    assert pieces.lines == [fastics.event_lines(block) for block in pieces.events]


def test_plain_series_are_read_quickly_the_rest_by_the_libraries(to_libraries: list[str]) -> None:
    parsed = parse_calendars([("series.ics", SERIES_ICS.read_bytes())], TODAY)
    assert sorted(set(to_libraries)) == [
        "custom-zone@series",  # a zone only its VTIMEZONE defines
        "duration@series",
        "mixed-exdate@series",  # an EXDATE in UTC for a zoned start
        "orphan@series",  # an override with no series
        "until-date@series",  # UNTIL a date for a zoned start (the library rewrites it)
    ]
    titles = {o.title for o in parsed.occurrences}
    # What the quick path decided, checked by hand as well as against the libraries.
    assert "From before the window (moved into it from years ago)" in titles
    assert "London fortnightly (moved out of the window)" not in titles
    assert "London fortnightly (cancelled)" not in titles
    assert "Cancelled series" not in titles
    assert "Cancelled series but this one is on" in titles
    weekly = sorted(o.start for o in parsed.occurrences if o.title == "All-day weekly")
    assert date(2026, 10, 20) not in {d.date() for d in weekly}  # an EXDATE of a date
    assert weekly[-1] == datetime(2026, 12, 15)  # UNTIL a date, inclusive
    london = sorted(o.start for o in parsed.occurrences if o.title == "London fortnightly")
    # RDATEs at another time are kept; 9:00 London is 10:00 Berlin all year round.
    assert datetime(2026, 11, 6, 17, 0) in london and datetime(2026, 10, 23, 10, 0) in london
    folded = "Month-end close with a title long enough that the calendar folded it onto a"
    closes = [o for o in parsed.occurrences if o.title.startswith(folded)]
    assert closes and closes[0].title.endswith(" second line")  # RFC 5545 unfolding
    assert closes[0].video == "https://zoom.us/j/123456"
    alarmed = [o for o in parsed.occurrences if o.title == "A rule written in lower case"]
    assert len(alarmed) == 6 and {o.uid for o in alarmed} == {"lower-case@series"}


def test_the_work_calendar_never_needs_the_libraries(to_libraries: list[str]) -> None:
    parse_calendars([("work.ics", (DATA / "work.ics").read_bytes())], TODAY)
    assert to_libraries == []


_ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "UTC", "floating", "date"]
_RULES = [
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=YEARLY",
]


def _stamp(moment: datetime, zone: str) -> tuple[str, str]:
    """(parameters, value) of a DATE or DATE-TIME in the zone's form."""
    if zone == "date":
        return ";VALUE=DATE", f"{moment:%Y%m%d}"
    if zone == "UTC":
        return "", f"{moment:%Y%m%dT%H%M%S}Z"
    if zone == "floating":
        return "", f"{moment:%Y%m%dT%H%M%S}"
    return f";TZID={zone}", f"{moment:%Y%m%dT%H%M%S}"


def _generated_series(seed: int, count: int) -> bytes:
    """Series of every kind the quick reading takes, around the window and across DST;
    some occurrences moved to another zone."""
    rnd = random.Random(seed)
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//prepdeck tests//generated//EN"]
    for n in range(count):
        zone = rnd.choice(_ZONES)
        start = datetime(2025, 9, 1) + timedelta(
            days=rnd.randint(0, 500), hours=rnd.randint(0, 23), minutes=rnd.choice([0, 30])
        )
        length = rnd.choice([timedelta(0), timedelta(minutes=45), timedelta(hours=30)])
        if zone == "date":
            start, length = start.replace(hour=0, minute=0), timedelta(days=rnd.randint(1, 3))
        rule = rnd.choice(_RULES)
        ending = rnd.random()
        if ending < 0.3:
            rule += f";COUNT={rnd.randint(1, 40)}"
        elif ending < 0.6:
            until = start + timedelta(days=rnd.randint(0, 300))
            if zone in ("floating", "date"):
                rule += f";UNTIL={_stamp(until, zone)[1]}"
            else:
                rule += f";UNTIL={until:%Y%m%dT%H%M%S}Z"
        params, value = _stamp(start, zone)
        lines = [
            "BEGIN:VEVENT",
            f"UID:generated-{n}@tests",
            f"DTSTART{params}:{value}",
            f"RRULE:{rule}",
            f"SUMMARY:Series {n}",
            f"ATTENDEE;CN=Guest {n}:mailto:guest{n}@example.org",
        ]
        if length or rnd.random() < 0.5:
            lines.append("DTEND{}:{}".format(*_stamp(start + length, zone)))
        step = timedelta(days=7 if "WEEKLY" in rule else 1 if "DAILY" in rule else 31)
        picks = [start + step * rnd.randint(0, 30) for _ in range(rnd.randint(0, 3))]
        picks += [start] * (rnd.random() < 0.1)  # the first occurrence excluded
        if picks:
            values = ",".join(_stamp(p, zone)[1] for p in picks)
            lines.append(f"EXDATE{_stamp(picks[0], zone)[0]}:{values}")
        if rnd.random() < 0.3:
            extra = start + timedelta(days=rnd.randint(1, 60), hours=2)
            lines.append("RDATE{}:{}".format(*_stamp(extra, zone)))
        if rnd.random() < 0.3:
            lines.append("STATUS:CANCELLED")
        lines.append("END:VEVENT")
        for k in range(rnd.randint(0, 3)):
            moved = start + step * rnd.randint(0, 25)
            to = moved + timedelta(days=rnd.randint(-400, 400), hours=rnd.randint(-5, 5))
            to_zone = rnd.choice(_ZONES[:-1]) if zone != "date" and rnd.random() < 0.3 else zone
            to_params, to_value = _stamp(to, to_zone)
            lines += [
                "BEGIN:VEVENT",
                f"UID:generated-{n}@tests",
                "RECURRENCE-ID{}:{}".format(*_stamp(moved, zone)),
                f"DTSTART{to_params}:{to_value}",
                f"DTEND{to_params}:{_stamp(to + length, to_zone)[1]}",
                f"SUMMARY:Series {n} moved {k}",
                *(["STATUS:CANCELLED"] if rnd.random() < 0.2 else []),
                "END:VEVENT",
            ]
        out += lines
    out.append("END:VCALENDAR")
    return ("\r\n".join(out) + "\r\n").encode()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_quick_series_equal_the_libraries_on_generated_series(
    seed: int, to_libraries: list[str]
) -> None:
    data = _generated_series(seed, 60)
    quick = parse_calendars([("test.ics", data)], TODAY)
    handed = set(to_libraries)
    full = parse_calendars([("test.ics", data)], TODAY, quick=False)
    _assert_same(quick, full)
    assert len(quick.occurrences) > 100
    assert len(handed) < 6  # nearly all of them were read quickly


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per calendar text a sync parsed."""
    from prepdeck.calendar import sync

    counted: list[int] = []
    real = sync.parse_calendars

    def spy(blobs, today):  # type: ignore[no-untyped-def]
        counted.append(1)
        return real(blobs, today)

    monkeypatch.setattr(sync, "parse_calendars", spy)
    return counted


def test_an_unchanged_file_is_not_parsed_again_the_same_day(
    store: Store, tmp_path: Path, parses: list[int]
) -> None:
    copy = tmp_path / "work.ics"
    copy.write_bytes(WORK_ICS.read_bytes())
    calendar = store.add_calendar("work", str(copy), "file")
    [first] = sync_calendars(store, today=TODAY)
    ids = store.rows("SELECT id, uid, start FROM meetings ORDER BY id")
    # A client added since: the stored meetings are matched again, not parsed again.
    north = store.add_client("Northwind", email="ceo@northwind.example")
    [second] = sync_calendars(store, today=TODAY)
    assert parses == [1]
    assert store.rows("SELECT id, uid, start FROM meetings ORDER BY id") == ids
    assert (second.status, second.meetings, second.events) == ("ok", first.meetings, first.events)
    assert second.matched > first.matched == 0
    assert store.scalar("SELECT count(*) FROM meetings WHERE client_id = ?", [north.id]) > 0
    assert store.get_calendar(calendar.id).last_status == "ok"
    # A changed file, the next day (the window moves): each read in full.
    copy.write_bytes(WORK_ICS.read_bytes().replace(b"Quarterly review", b"Annual review"))
    sync_calendars(store, today=TODAY)
    assert store.scalar("SELECT count(*) FROM meetings WHERE title = 'Annual review'") == 1
    sync_calendars(store, today=TODAY + timedelta(days=1))
    assert parses == [1, 1, 1]


def test_a_calendar_removed_and_added_again_is_read_in_full(
    store: Store, parses: list[int]
) -> None:
    store.add_calendar("work", str(WORK_ICS), "file")
    [first] = sync_calendars(store, today=TODAY)
    store.remove_calendar("work")
    store.add_calendar("work", str(WORK_ICS), "file")  # may be given the same id
    [again] = sync_calendars(store, today=TODAY)
    assert parses == [1, 1]
    assert again.meetings == first.meetings
    assert store.scalar("SELECT count(*) FROM meetings") == first.meetings


def test_a_broken_file_unchanged_keeps_its_counts_and_problems(
    store: Store, parses: list[int]
) -> None:
    store.add_calendar("broken", str(BROKEN_ICS), "file")
    [first] = sync_calendars(store, today=TODAY)
    [second] = sync_calendars(store, today=TODAY)
    assert parses == [1]
    assert second.line() == first.line() and "3 broken events skipped" in second.line()


def _contents(store: Store) -> list[tuple[object, ...]]:
    """Every stored meeting but its id, in a stable order."""
    return sorted(
        tuple(r.values())
        for r in store.rows(
            'SELECT uid, start, "end", all_day, title, location, video, organizer, attendees,'
            " client_id, matched_by, attached FROM meetings"
        )
    )


def test_a_changed_calendar_is_written_as_a_difference(store: Store, tmp_path: Path) -> None:
    copy = tmp_path / "work.ics"
    copy.write_bytes(WORK_ICS.read_bytes())
    store.add_calendar("work", str(copy), "file")
    sync_calendars(store, today=TODAY)
    before = {(r["uid"], r["start"]): r for r in store.rows("SELECT * FROM meetings")}
    changed = (
        WORK_ICS.read_bytes()
        .replace(b"SUMMARY:Quarterly review", b"SUMMARY:Annual review")
        .replace(b"RRULE:FREQ=DAILY", b"RRULE:FREQ=DAILY;INTERVAL=2")
    )
    copy.write_bytes(changed)
    [result] = sync_calendars(store, today=TODAY)
    after = {(r["uid"], r["start"]): r for r in store.rows("SELECT * FROM meetings")}
    # Unchanged occurrences keep their rows; the changed one is updated in place; every
    # other stand-up is gone; the result is what a fresh database would hold.
    kept = [k for k in before.keys() & after.keys() if k[0] != "review@tests"]
    assert kept and all(before[k] == after[k] for k in kept)
    [review] = [k for k in after if k[0] == "review@tests"]
    assert after[review]["title"] == "Annual review" and after[review]["id"] == before[review]["id"]
    standups = [k for k in before if k[0] == "standup@tests"]
    assert 0 < len([k for k in standups if k in after]) < len(standups)
    fresh = Store(tmp_path / "fresh.db")
    fresh.add_calendar("work", str(copy), "file")
    sync_calendars(fresh, today=TODAY)
    assert _contents(store) == _contents(fresh)
    assert result.meetings == len(after) == store.list_calendars()[0].meetings
    fresh.close()


HOSTILE_SERIES = b"""BEGIN:VCALENDAR
BEGIN:VEVENT
UID:two-ids@hostile
DTSTART:20261102T100000Z
RRULE:FREQ=WEEKLY;COUNT=3
END:VEVENT
BEGIN:VEVENT
UID:two-ids@hostile
RECURRENCE-ID:20261109T100000Z,20261116T100000Z
DTSTART:20261110T100000Z
SUMMARY:An override of two occurrences at once
END:VEVENT
BEGIN:VEVENT
UID:year-9999@hostile
DTSTART:99991231T100000Z
DTEND:99991231T230000Z
RRULE:FREQ=DAILY
END:VEVENT
BEGIN:VEVENT
UID:hourly@hostile
DTSTART:20261101T000000Z
RRULE:FREQ=HOURLY
SUMMARY:More than a series may give
END:VEVENT
BEGIN:VEVENT
UID:nonsense@hostile
DTSTART:20261102T100000Z
RRULE:FREQ=WEEKLY;BYDAY=XX;BYMONTH=13
END:VEVENT
END:VCALENDAR
"""


def test_hostile_series_go_to_the_libraries_and_never_break_the_sync(
    to_libraries: list[str],
) -> None:
    quick = parse_calendars([("hostile.ics", HOSTILE_SERIES)], TODAY)
    # The year-9999 series is read quickly: it has nothing in the window.
    assert set(to_libraries) == {"two-ids@hostile", "hourly@hostile", "nonsense@hostile"}
    full = parse_calendars([("hostile.ics", HOSTILE_SERIES)], TODAY, quick=False)
    _assert_same(quick, full)
    hourly = [o for o in quick.occurrences if o.title == "More than a series may give"]
    assert len(hourly) == parse.MAX_PER_SERIES


def test_a_meeting_attached_while_a_sync_works_stays_attached(store: Store, tmp_path: Path) -> None:
    """The sync reads the stored meetings inside its write, not before: a meeting the user
    attaches (here through another connection) while the sync builds its rows stays
    attached, though the calendar renamed it meanwhile."""
    client = store.add_client("Harbour Works")
    store.add_calendar("work", str(WORK_ICS), "file")
    sync_calendars(store, today=TODAY)
    target = store.rows("SELECT id, uid, start FROM meetings WHERE client_id IS NULL")[0]
    rows = store.rows("SELECT * FROM meetings")
    fields = ("uid", "all_day", "title", "location", "video", "organizer")

    def occurrences():  # the same calendar again, the attach landing halfway through
        for n, row in enumerate(rows):
            if n == len(rows) // 2:
                other = Store(store.path)
                other.attach_meeting(target["id"], client.id)
                other.close()
            times = {
                t: datetime.fromisoformat(row[t]) if row[t] else None for t in ("start", "end")
            }
            renamed = {"title": "Moved"} if row["id"] == target["id"] else {}
            yield {**{f: row[f] for f in fields}, **times, **renamed, "attendees": []}

    store.replace_meetings(rows[0]["calendar_id"], occurrences())
    [kept] = store.rows("SELECT * FROM meetings WHERE id = ?", [target["id"]])
    assert (kept["title"], kept["client_id"], kept["attached"]) == ("Moved", client.id, 1)
