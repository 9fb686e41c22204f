"""Meetings that matched no client, attached in the app; new invitees remembered as contacts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from meetings_support import WORK_ICS
from pd_shared import settle  # type: ignore[import-not-found]
from textual.widgets import DataTable, Input, OptionList, SelectionList

from prepdeck import undo
from prepdeck.app import make_app
from prepdeck.calendar.sync import sync_calendars
from prepdeck.calendar.unmatched import unmatched_meetings
from prepdeck.screens.attach_meeting import AttachMeetingScreen
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.screens.contact_form import ContactFormScreen
from prepdeck.screens.unmatched_meetings import UnmatchedMeetingsScreen
from prepdeck.store import Store

TODAY = date(2026, 11, 23)


@pytest.fixture
def synced(db_path: Path) -> dict[str, int]:
    """Three clients and the test calendar synced: "Lunch with Sam" (sam.someone@gmail.com,
    free mail) and the team standup match nobody."""
    store = Store(db_path)
    patel = store.add_client("Priya Patel", company="Patel & Rowe")
    store.add_contact(
        patel.id, "Priya Patel", role="Finance director", email="priya@patelrowe.example"
    )
    north = store.add_client("Northwind", email="ceo@northwind.example")
    cafe = store.add_client("Café Müller")
    store.add_calendar("work", str(WORK_ICS), "file")
    sync_calendars(store, today=TODAY)
    lunch = next(m for m in unmatched_meetings(store, TODAY) if m.title == "Lunch with Sam")
    store.close()
    return {"patel": patel.id, "north": north.id, "cafe": cafe.id, "lunch": lunch.id}


def test_attach_and_remember_in_one_change_that_undo_takes_back(db_path, synced) -> None:
    store = Store(db_path)
    change = undo.attach_meeting(
        store, synced["lunch"], synced["cafe"], [("Sam Someone", "sam.someone@gmail.com")]
    )
    assert change.description == (
        "attached “Lunch with Sam” to Café Müller and remembered Sam Someone as a contact"
    )
    meeting = store.get_meeting(synced["lunch"])
    assert (meeting.client_id, meeting.matched_by) == (synced["cafe"], "attached by hand")
    [sam] = store.list_contacts(synced["cafe"])
    assert (sam.name, sam.email) == ("Sam Someone", "sam.someone@gmail.com")
    undo.undo(store, change)
    assert store.get_meeting(synced["lunch"]).client_id is None
    assert store.list_contacts(synced["cafe"]) == []
    store.close()


def test_undo_after_a_sync_replaced_the_meeting_puts_it_back_unattached(db_path, synced) -> None:
    store = Store(db_path)
    change = undo.attach_meeting(store, synced["lunch"], synced["cafe"])
    sync_calendars(store, today=TODAY)  # every row replaced, under new ids
    again = store.meetings_between(date(2026, 11, 27), date(2026, 11, 28), matched=True)
    assert [m.title for m in again] == ["Lunch with Sam"]
    undo.undo(store, change)  # no clash with the unique (calendar, uid, start)
    lunches = [
        m
        for m in store.meetings_between(date(2026, 11, 27), date(2026, 11, 28))
        if m.title == "Lunch with Sam"
    ]
    assert [(m.id, m.client_id) for m in lunches] == [(synced["lunch"], None)]
    store.close()


async def test_unmatched_meetings_screen_attaches_with_a_remembered_invitee(
    db_path, synced
) -> None:
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, UnmatchedMeetingsScreen)
        titles = [m.title for m in screen.meetings]
        assert "Lunch with Sam" in titles and "Quarterly review" not in titles
        # The cursor starts on the first meeting still ahead (today's standup).
        assert screen.current is not None and screen.current.start.date() == TODAY
        screen.query_one(DataTable).move_cursor(row=titles.index("Lunch with Sam"))
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AttachMeetingScreen)
        form.query_one("#client-filter", Input).value = "cafe mu"  # accents ignored
        await pilot.pause()
        assert form.query_one("#client-list", OptionList).option_count == 1
        form.query_one("#remember", SelectionList).select_all()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert "Lunch with Sam" not in [m.title for m in screen.meetings]
        check = Store(db_path)
        meeting = check.get_meeting(synced["lunch"])
        assert (meeting.client_id, meeting.matched_by) == (synced["cafe"], "attached by hand")
        assert [c.email for c in check.list_contacts(synced["cafe"])] == ["sam.someone@gmail.com"]
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert check.get_meeting(synced["lunch"]).client_id is None
        assert check.list_contacts(synced["cafe"]) == []
        assert "Lunch with Sam" in [m.title for m in screen.meetings]
        check.close()


async def test_attach_form_refuses_when_no_client_matches_the_filter(db_path, synced) -> None:
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AttachMeetingScreen)
        form.query_one("#client-filter", Input).value = "nobody by this name"
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is form
        assert "No client matches" in str(form.query_one("#client-filter-error").render())
        await pilot.press("escape")
        await settle(app, pilot)
    check = Store(db_path)
    assert all(m.client_id is None for m in unmatched_meetings(check, TODAY))
    assert len(unmatched_meetings(check, TODAY)) > 1
    check.close()


async def test_the_palette_opens_the_unmatched_meetings(db_path, synced) -> None:
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "unmatched meetings"
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, UnmatchedMeetingsScreen)


async def test_briefing_offers_a_new_invitee_as_a_contact(db_path, synced) -> None:
    app = make_app(db_path, today=TODAY, client_id=synced["patel"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen)
        people = str(briefing.people.render())
        assert "Tom Newcomer (new)" in people and "i remembers the new as contacts" in people
        commands = [title for title, _, _ in briefing.palette_commands()]
        assert (
            "contact: Remember Tom Newcomer (tom@patelrowe.example) as a contact of Priya Patel"
            in commands
        )
        await pilot.press("i")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        assert form.value("name") == "Tom Newcomer"
        assert form.value("email") == "tom@patelrowe.example"
        form.query_one("#role", Input).value = "Paralegal"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is briefing
        assert "Tom Newcomer (Paralegal)" in str(briefing.people.render())
        assert briefing.check_action("remember_invitee", ()) is False  # nobody new is left
    check = Store(db_path)
    assert {c.name: c.email for c in check.list_contacts(synced["patel"])}["Tom Newcomer"] == (
        "tom@patelrowe.example"
    )
    check.close()


WEEKLY_WITH_JO = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:jo-weekly@x\r\n"
    "DTSTART:20261124T090000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Coffee\r\n"
    "ORGANIZER:mailto:me@mine.example\r\nATTENDEE;CN=Jo Bloggs:mailto:jo.bloggs@gmail.com\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_remembering_an_invitee_matches_their_other_meetings_at_once(
    db_path, tmp_path: Path
) -> None:
    path = tmp_path / "jo.ics"
    path.write_bytes(WEEKLY_WITH_JO.encode())
    store = Store(db_path)
    north = store.add_client("Northwind").id
    store.add_calendar("jo", str(path), "file")
    sync_calendars(store, today=TODAY)
    first, *others = unmatched_meetings(store, TODAY)
    assert len(others) == 2  # a free-mail address: no rule matched any of them
    change = undo.attach_meeting(store, first.id, north, [("Jo Bloggs", "jo.bloggs@gmail.com")])
    assert change.description.endswith("as a contact (2 more meetings now theirs)")
    assert unmatched_meetings(store, TODAY) == []
    again = [store.get_meeting(m.id) for m in others]
    assert {(m.client_id, m.matched_by) for m in again} == {(north, "attendee jo.bloggs@gmail.com")}
    undo.undo(store, change)
    assert [m.id for m in unmatched_meetings(store, TODAY)] == [first.id] + [m.id for m in others]
    assert store.list_contacts(north) == []
    store.close()
