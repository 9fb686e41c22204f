"""Dates as people type them: one parser for every CLI option and app field (issue 12 §3).

Today is pinned to Monday 23 November 2026 (tests/pd_shared.py).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from prepdeck.dates import ACCEPTED, parse_date, parse_datetime
from prepdeck.errors import PrepdeckError
from prepdeck.store import Store


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-05", date(2026, 12, 5)),
        ("today", date(2026, 11, 23)),
        ("Tomorrow", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 22)),
        ("+3", date(2026, 11, 26)),
        ("-7", date(2026, 11, 16)),
        ("+2w", date(2026, 12, 7)),
        ("in 2 weeks", date(2026, 12, 7)),
        ("in 10 days", date(2026, 12, 3)),
        ("in a month", date(2026, 12, 23)),
        ("3 days ago", date(2026, 11, 20)),
        ("friday", date(2026, 11, 27)),
        ("Fri", date(2026, 11, 27)),
        ("thurs", date(2026, 11, 26)),
        ("next tue", date(2026, 11, 24)),
        # a weekday is the next such day after today: Monday's "monday" is a week on
        ("monday", date(2026, 11, 30)),
        ("next monday", date(2026, 11, 30)),
        ("5 Dec", date(2026, 12, 5)),
        ("Dec 5", date(2026, 12, 5)),
        ("5 December 2027", date(2027, 12, 5)),
        # a day and month without a year is the next one, today included
        ("23 Nov", date(2026, 11, 23)),
        ("22 Nov", date(2027, 11, 22)),
    ],
)
def test_each_typed_form_is_read(typed: str, expected: date) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tomorrow 10:00", datetime(2026, 11, 24, 10, 0)),
        ("fri 2pm", datetime(2026, 11, 27, 14, 0)),
        ("next tue at 9:30am", datetime(2026, 11, 24, 9, 30)),
        ("5 Dec 14:30", datetime(2026, 12, 5, 14, 30)),
        ("2026-12-05 14:30", datetime(2026, 12, 5, 14, 30)),
        ("2026-12-05T14:30", datetime(2026, 12, 5, 14, 30)),
        ("in 2 weeks", datetime(2026, 12, 7, 0, 0)),
        ("16:45", datetime(2026, 11, 23, 16, 45)),
    ],
)
def test_a_meeting_time_is_a_typed_date_then_a_time(typed: str, expected: datetime) -> None:
    assert parse_datetime(typed) == expected


def test_a_day_that_does_not_exist_says_so() -> None:
    with pytest.raises(PrepdeckError, match=r"^Invalid due date '2026-02-30': 30 February 2026"):
        parse_date("2026-02-30", "due date")
    with pytest.raises(PrepdeckError, match="30 February 2026 does not exist"):
        parse_datetime("2026-02-30 10:00")


@pytest.mark.parametrize("typed", ["blah", "2026-13-01", "in 3", "5", "next", "", "dec"])
def test_a_refusal_lists_the_accepted_forms(typed: str) -> None:
    with pytest.raises(PrepdeckError) as refused:
        parse_date(typed, "due date")
    message = str(refused.value)
    assert message.startswith(f"Invalid due date {typed!r}: use ")
    assert ACCEPTED in message and "\n" not in message


@pytest.mark.parametrize(
    ("typed", "unit"), [("+99999999", "days"), ("in 99999999 months", "months")]
)
def test_a_date_out_of_range_is_one_line(typed: str, unit: str) -> None:
    with pytest.raises(PrepdeckError, match=f"99,999,999 {unit} is out of range"):
        parse_date(typed)


def test_a_time_that_is_no_time_of_day_is_named() -> None:
    with pytest.raises(PrepdeckError, match="25:00 is not a time of day"):
        parse_datetime("tomorrow 25:00")


def test_every_cli_option_reads_typed_dates(run, db_path: Path) -> None:
    assert run("client", "add", "Acme").code == 0
    assert run("client", "edit", "Acme", "--next-meeting", "tomorrow 10:00").code == 0
    assert run("promise", "add", "Acme", "Send the plan", "--due", "friday").code == 0
    assert run("note", "add", "Acme", "Skiing trip", "--ask-on", "5 Dec").code == 0
    assert run("log", "Acme", "Called", "--date", "3 days ago").code == 0
    assert run("promise", "keep", "1", "--on", "yesterday").code == 0
    store = Store(db_path)
    try:
        client = store.resolve_client("Acme")
        assert client.next_meeting == datetime(2026, 11, 24, 10, 0)
        promise = store.list_promises(client.id)[0]
        assert (promise.due_on, promise.kept_on) == (date(2026, 11, 27), date(2026, 11, 22))
        assert store.list_notes(client.id)[0].ask_on == date(2026, 12, 5)
        assert store.list_interactions(client.id)[0].happened_on == date(2026, 11, 20)
    finally:
        store.close()


def test_a_cli_refusal_is_one_line(run) -> None:
    assert run("client", "add", "Acme").code == 0
    refused = run("promise", "add", "Acme", "Send it", "--due", "2026-02-30")
    assert refused.code != 0
    assert refused.err.strip().endswith("30 February 2026 does not exist.")
    assert len(refused.err.strip().splitlines()) == 1
    refused = run("client", "edit", "Acme", "--next-meeting", "someday")
    assert refused.code != 0 and ACCEPTED in refused.err
    assert len(refused.err.strip().splitlines()) == 1
