"""Pilot tests for the after-meeting flow (issue 12 §2): one form, one transaction."""

from __future__ import annotations

from datetime import datetime

from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, fill, settle  # type: ignore[import-not-found]
from test_app_flows import read  # type: ignore[import-not-found]
from textual.widgets import Label, SelectionList, TextArea

from prepdeck.app import PrepdeckApp, make_app
from prepdeck.screens.after_meeting import AfterMeetingScreen
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.store import Store
from prepdeck.widgets.talk_list import TalkList

SIZE = (100, 32)


async def open_flow(app: PrepdeckApp, pilot) -> AfterMeetingScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("enter")  # Priya: her meeting is today at 10:00
    await settle(app, pilot)
    assert isinstance(app.screen, BriefingScreen)
    await pilot.press("a")
    await settle(app, pilot)
    assert isinstance(app.screen, AfterMeetingScreen)
    return app.screen


async def test_log_promises_keep_and_next_meeting_in_one_go(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        flow = await open_flow(app, pilot)
        flow.query_one("#said", TextArea).text = "Agreed the Warsaw pilot.\nShe asked for dates."
        fill(flow, **{"promise-1": "Send the pilot plan", "due-1": "friday"})
        fill(flow, **{"promise-2": "Book the site visit", "next": "in 2 weeks 10:00"})
        flow.query_one("#kept", SelectionList).select(sample.overdue_promise)
        flow.query_one("#attendees", SelectionList).select_all()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen), "closed once committed"
        assert app.screen.news.has_focus, "then on to the articles to send"
        assert read(
            sample.path,
            "SELECT kind, happened_on, text, contact_id IS NOT NULL FROM interactions"
            " WHERE happened_on = ?",
            (TODAY.isoformat(),),
        ) == [("meeting", "2026-11-23", "Agreed the Warsaw pilot.\nShe asked for dates.", 1)]
        made = "SELECT text, due_on, made_on FROM promises WHERE id > ? ORDER BY id"
        assert read(sample.path, made, (sample.later_promise,)) == [
            ("Send the pilot plan", "2026-11-27", "2026-11-23"),
            ("Book the site visit", None, "2026-11-23"),
        ]
        kept = "SELECT status, kept_on FROM promises WHERE id = ?"
        assert read(sample.path, kept, (sample.overdue_promise,)) == [("kept", "2026-11-23")]
        assert read(sample.path, kept, (sample.later_promise,)) == [("open", None)]
        booked = "SELECT next_meeting FROM clients WHERE id = ?"
        assert read(sample.path, booked, (sample.priya,)) == [("2026-12-07 10:00",)]
        assert "Mon 07 Dec 10:00" in str(app.screen.header.render())


async def test_logging_todays_meeting_clears_it_from_the_header(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        flow = await open_flow(app, pilot)
        hint = str(flow.query_one("#next-hint", Label).render())
        assert "This was the meeting booked for Mon 23 Nov 10:00" in hint
        flow.query_one("#said", TextArea).text = "Quarterly review went well."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        booked = "SELECT next_meeting FROM clients WHERE id = ?"
        assert read(sample.path, booked, (sample.priya,)) == [(None,)]
        header = str(app.screen.header.render())
        assert "none booked" in header and "today 10:00" not in header


def test_the_cli_log_clears_the_meeting_it_logs_too(sample: Sample, run) -> None:  # type: ignore[no-untyped-def]
    done = run("log", "Priya", "Quarterly review", db=sample.path)
    assert done.code == 0
    assert "That was the next meeting (Mon 23 Nov 10:00): cleared" in done.out
    booked = "SELECT next_meeting FROM clients WHERE id = ?"
    assert read(sample.path, booked, (sample.priya,)) == [(None,)]
    done = run("log", "Bob", "An email", "--kind", "email", db=sample.path)
    assert "next meeting" not in done.out  # Bob's is on 9 December, and this was an email
    assert read(sample.path, booked, (sample.bob,)) == [("2026-12-09 00:00",)]


async def test_a_failed_save_keeps_everything_typed_and_the_reason(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        flow = await open_flow(app, pilot)
        flow.query_one("#said", TextArea).text = "Long talk."
        fill(flow, **{"promise-1": "Send the minutes"})
        flow.query_one("#kept", SelectionList).select(sample.later_promise)
        other = Store(sample.path)  # meanwhile the CLI deletes the promise ticked as kept
        other.delete_promise(sample.later_promise)
        other.close()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is flow, "the form stays open"
        error = flow.query_one("#after-error", Label)
        assert error.has_class("-shown") and "Not saved:" in str(error.render())
        assert flow.query_one("#said", TextArea).text == "Long talk."
        assert read(sample.path, "SELECT count(*) FROM interactions WHERE text = 'Long talk.'") == [
            (0,)
        ]
        assert read(
            sample.path, "SELECT count(*) FROM promises WHERE text = 'Send the minutes'"
        ) == [(0,)], "nothing half-saved"


async def test_a_past_calendar_meeting_opens_the_flow_prefilled(sample: Sample) -> None:
    store = Store(sample.path)
    tomasz = store.add_contact(sample.priya, "Anna Kowal", role="COO", email="anna@patel.example")
    calendar = store.add_calendar("work", str(sample.path.parent / "work.ics"), "file")
    store.replace_meetings(
        calendar.id,
        [
            {
                "uid": "review@tests",
                "start": datetime(2026, 11, 20, 15, 0),
                "end": datetime(2026, 11, 20, 16, 0),
                "title": "Pricing review",
                "attendees": [{"email": "ANNA@patel.example", "name": "Anna"}],
                "client_id": sample.priya,
                "matched_by": "attendee anna@patel.example",
            }
        ],
    )
    store.close()
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        talks = app.screen.query_one(TalkList)
        keys = [talks.get_option_at_index(i).id for i in range(talks.option_count)]
        talks.focus()
        talks.highlighted = next(i for i, k in enumerate(keys) if k and k.startswith("meeting-"))
        await pilot.press("enter")
        await settle(app, pilot)
        flow = app.screen
        assert isinstance(flow, AfterMeetingScreen)
        assert flow.query_one("#on").value == "2026-11-20"  # type: ignore[attr-defined]
        assert flow.query_one("#said", TextArea).text.startswith("Pricing review")
        assert flow.query_one("#attendees", SelectionList).selected == [tomasz.id]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert read(
            sample.path, "SELECT happened_on, contact_id FROM interactions WHERE text LIKE 'Pric%'"
        ) == [("2026-11-20", tomasz.id)]


async def test_a_promise_due_in_the_past_is_asked_about_once(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        flow = await open_flow(app, pilot)
        flow.query_one("#said", TextArea).text = "Short call."
        fill(flow, **{"promise-1": "Resend the invoice", "due-1": "yesterday"})
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is flow
        error = str(flow.query_one("#after-error", Label).render())
        assert error == "Promise 1 is due Sun 22 Nov 2026, in the past. Save again to keep it."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        due = "SELECT due_on FROM promises WHERE text = 'Resend the invoice'"
        assert read(sample.path, due) == [("2026-11-22",)]
