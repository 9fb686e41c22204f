"""Parsing and expanding the .ics files written for these tests, and matching to clients."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from meetings_support import BROKEN_ICS, VDIR, WORK_ICS

from prepdeck.calendar.match import Matcher, Person
from prepdeck.calendar.parse import (
    MAX_PER_SERIES,
    Attendee,
    CalendarError,
    Occurrence,
    check_ics,
    parse_calendars,
    window,
)
from prepdeck.calendar.sources import read_local

TODAY = date(2026, 11, 23)


def _by_title(path=WORK_ICS) -> dict[str, list[Occurrence]]:
    parsed = parse_calendars([(str(path), path.read_bytes())], TODAY)
    out: dict[str, list[Occurrence]] = {}
    for o in sorted(parsed.occurrences, key=lambda o: o.start):
        out.setdefault(o.title, []).append(o)
    return out


def test_weekly_series_across_dst_with_exdate_override_and_cancellation() -> None:
    found = _by_title()
    weekly = [o.start for o in found["Northwind weekly"]]
    # 10:00 in New York is 16:00 in Berlin, but 15:00 in the week Europe has left summer time
    # (25 Oct) and the US has not yet (1 Nov).
    assert datetime(2026, 10, 7, 16, 0) in weekly
    assert datetime(2026, 10, 28, 15, 0) in weekly
    assert datetime(2026, 11, 4, 16, 0) in weekly
    assert all(d.date() != date(2026, 10, 14) for d in weekly)  # EXDATE
    assert all(d.date() != date(2026, 11, 25) for d in weekly)  # cancelled occurrence
    assert all(d.date() != date(2026, 10, 21) for d in weekly)  # moved: see the override
    moved = found["Northwind weekly (moved)"]
    assert [o.start for o in moved] == [datetime(2026, 10, 21, 20, 0)]
    # COUNT=12 less the EXDATE and the cancelled one; the moved one is listed on its own.
    assert len(weekly) + len(moved) == 10
    assert found["Northwind weekly"][0].end == datetime(2026, 10, 7, 16, 30)


def test_all_day_floating_utc_rdate_and_cancelled_single() -> None:
    found = _by_title()
    offsite = found["Café Müller offsite"][0]
    assert offsite.all_day and offsite.start == datetime(2026, 11, 26)
    assert found["Lunch with Sam"][0].start == datetime(2026, 11, 27, 15, 0)  # floating: local
    assert found["Intro call"][0].start == datetime(2026, 12, 1, 14, 0)  # 13:00Z in winter
    assert [o.start for o in found["Catch-up with Patel & Rowe"]] == [
        datetime(2026, 11, 10, 12, 0),
        datetime(2026, 11, 17, 12, 0),
        datetime(2026, 12, 2, 12, 0),
    ]
    assert "Patel & Rowe (cancelled)" not in found


def test_endless_rule_is_bounded_by_the_window() -> None:
    standups = _by_title()["Team standup"]
    first, last = window(TODAY)
    assert len(standups) == (last - first).days
    assert standups[0].start.date() == first
    assert standups[-1].start.date() == last - timedelta(days=1)


def test_attendees_organiser_and_video_link() -> None:
    review = _by_title()["Quarterly review"][0]
    assert review.start == datetime(2026, 11, 24, 10, 0)
    assert review.video == "https://meet.google.com/abc-defg-hij"
    assert review.organizer == "me@mycompany.example"
    assert review.attendees == [
        Attendee("priya@patelrowe.example", "Priya Patel"),
        Attendee("tom@patelrowe.example", "Tom Newcomer"),
    ]
    jo = _by_title()["Northwind weekly"][0].attendees[0]
    assert jo.email == "jo.bloggs@northwind.example"  # lower-cased from the file


def test_broken_events_are_skipped_and_counted_the_rest_kept() -> None:
    parsed = parse_calendars([("broken.ics", BROKEN_ICS.read_bytes())], TODAY)
    assert parsed.events == 5
    assert parsed.skipped == 3  # malformed date, no start, impossible RRULE
    titles = sorted(o.title for o in parsed.occurrences)
    # escape and bidi removed; markup kept as the text it is (never parsed)
    assert titles == ["Still here", "Unknown zone [bold]red[/bold]"]
    assert any("Mars/Olympus_Mons" in p for p in parsed.problems)
    mars = next(o for o in parsed.occurrences if o.title.startswith("Unknown"))
    assert mars.start == datetime(2026, 11, 25, 11, 0)  # an unknown zone is taken as local


def test_vdir_reads_every_ics_file_and_ignores_others() -> None:
    blobs = read_local(str(VDIR), "vdir")
    assert [b[0].rsplit("/", 1)[1] for b in blobs] == ["a1b2c3.ics", "d4e5f6.ics"]
    parsed = parse_calendars(blobs, TODAY)
    board = [o for o in parsed.occurrences if o.title == "Board prep"]
    assert [o.start for o in board] == [datetime(2026, 11, 25, 15, 0)]
    invoices = sorted(o.start.date() for o in parsed.occurrences if o.title == "Invoice run")
    assert invoices == [
        date(2026, 10, 20),
        date(2026, 11, 20),
        date(2026, 12, 20),
        date(2027, 1, 20),
        date(2027, 2, 20),
    ]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "HTML"),
        (b"%PDF-1.7 not a calendar", "not an iCalendar file"),
        (b"", "not an iCalendar file"),
    ],
)
def test_what_is_not_icalendar_is_refused_in_one_sentence(data: bytes, says: str) -> None:
    with pytest.raises(CalendarError, match=says):
        check_ics(data, "the source")
    parsed = parse_calendars([("the source", data)], TODAY)
    assert parsed.events == 0 and says in parsed.problems[0]


def _event(n: int, start: datetime, extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:e{n}@x\r\nDTSTART:{start:%Y%m%dT%H%M%S}Z\r\n"
        f"SUMMARY:Event {n}\r\n{extra}END:VEVENT\r\n"
    )


def test_ten_thousand_events_and_dense_rules_stay_bounded() -> None:
    start = datetime(2026, 1, 1, 9)
    body = "".join(_event(n, start + timedelta(hours=n)) for n in range(10_000))
    body += _event(10_000, start, "RRULE:FREQ=SECONDLY\r\n")
    hours = ",".join(str(h) for h in range(24))
    body += _event(10_001, start, f"RRULE:FREQ=DAILY;BYHOUR={hours};BYMINUTE=0,10,20,30,40,50\r\n")
    body += _event(10_002, start, "RRULE:FREQ=HOURLY\r\n")  # 24 a day: expanded, capped
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n".encode()
    parsed = parse_calendars([("big", data)], TODAY)
    first, last = window(TODAY)
    in_window = sum(1 for n in range(10_000) if first <= (start + timedelta(hours=n)).date() < last)
    titles = [o.title for o in parsed.occurrences]
    assert titles.count("Event 10002") == MAX_PER_SERIES
    assert "Event 10000" not in titles and "Event 10001" not in titles
    assert parsed.skipped == 2
    assert any("repeating too often" in p for p in parsed.problems)
    assert abs(len(parsed.occurrences) - MAX_PER_SERIES - in_window) <= 1  # the window's edge


def _meeting(title: str = "", *emails: str, organizer: str | None = None) -> Occurrence:
    return Occurrence(
        "u",
        datetime(2026, 11, 24, 10),
        None,
        False,
        title,
        organizer=organizer,
        attendees=[Attendee(e) for e in emails],
    )


@pytest.fixture
def matcher() -> Matcher:
    people = [
        Person(1, "Priya@PatelRowe.example"),
        Person(1, "sam@patelrowe.example", contact_id=7),
        Person(2, "ceo@northwind.example"),
        Person(3, "someone@gmail.com"),
        Person(4, "a@shared.example"),
        Person(5, "b@shared.example"),
    ]
    names = [(1, "Priya Patel"), (1, "Patel & Rowe"), (2, "Northwind"), (3, "Café Müller")]
    names += [(4, "Acme"), (5, "Acme")]
    return Matcher(people, names)


def test_matching_rules_in_order(matcher: Matcher) -> None:
    got = matcher.match(_meeting("Northwind", "SAM@patelrowe.example"))
    assert (got.client_id, got.matched_by, got.contact_id) == (
        1,
        "attendee sam@patelrowe.example",
        7,
    )
    got = matcher.match(_meeting("x", "new.person@northwind.example"))
    assert (got.client_id, got.matched_by) == (
        2,
        "domain northwind.example (new.person@northwind.example)",
    )
    got = matcher.match(_meeting("Lunch", organizer="priya@patelrowe.example"))
    assert got.matched_by == "organiser priya@patelrowe.example"
    got = matcher.match(_meeting("Coffee at cafe muller, Tuesday"))
    assert (got.client_id, got.matched_by) == (3, 'title "Café Müller"')


def test_no_match_for_free_mail_shared_domains_ambiguous_or_partial_titles(
    matcher: Matcher,
) -> None:
    assert matcher.match(_meeting("Lunch", "friend@gmail.com")) is None
    assert matcher.match(_meeting("Call", "c@shared.example")) is None
    assert matcher.match(_meeting("Acme kickoff")) is None  # two clients are called Acme
    assert matcher.match(_meeting("Northwind and Patel & Rowe")) is None
    assert matcher.match(_meeting("Northwindows install")) is None  # not a whole phrase
