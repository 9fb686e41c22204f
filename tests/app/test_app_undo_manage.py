"""Undo after every write of the manage screens: clients, contacts, promises, feeds, a
resolved complaint, a dropped promise, the after-meeting flow and an import. Each puts
the database back exactly (every row of every table) and the toast names the write."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from pd_pilot import dump, toasts  # type: ignore[import-not-found]
from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, fill, settle  # type: ignore[import-not-found]
from test_app_flows import open_priya  # type: ignore[import-not-found]
from textual.pilot import Pilot
from textual.widgets import DataTable, SelectionList, TextArea

from prepdeck.app import PrepdeckApp, make_app
from prepdeck.screens.after_meeting import AfterMeetingScreen
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.screens.capture import CaptureScreen
from prepdeck.screens.client_form import ClientFormScreen
from prepdeck.screens.clients import ClientsScreen
from prepdeck.screens.contact_form import ContactFormScreen
from prepdeck.screens.feed_form import FeedFormScreen
from prepdeck.screens.feeds import FeedsScreen
from prepdeck.screens.import_people import ImportScreen
from prepdeck.store import Store
from prepdeck.widgets.promise_list import PromiseList
from prepdeck.widgets.talk_list import TalkList

SIZE = (100, 32)
TABLES = ("clients", "contacts", "notes", "promises", "interactions", "feeds", "articles", "shares")


def state(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table an app write can touch."""
    return {table: dump(path, table) for table in TABLES}


async def undo(app: PrepdeckApp, pilot: Pilot[None], key: str = "u") -> str:
    await pilot.press(key)
    await settle(app, pilot)
    return toasts(app)[-1]


async def written_and_undone(app: PrepdeckApp, pilot: Pilot[None], key: str, done: str) -> None:
    """Press the key that writes: the toast says `done` and offers u, which names the
    same write and puts every row back as it was before."""
    path = app.db_path
    before = state(path)
    await pilot.press(key)
    await settle(app, pilot)
    assert toasts(app)[-1] == f"{done} · u undoes"
    assert state(path) != before
    assert await undo(app, pilot) == f"Undone: {done[0].lower()}{done[1:]}"
    assert state(path) == before


async def test_client_added_edited_archived_each_undone(sample: Sample) -> None:
    before = state(sample.path)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        fill(app.screen, name="Ada Byrne", company="Byrne Freight")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen)
        assert toasts(app)[-1] == "Added client “Ada Byrne” · u undoes"
        added = state(sample.path)

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ClientFormScreen)
        fill(app.screen, name="Ada Byrne-Kane", industry="shipping")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert toasts(app)[-1] == "Edited client “Ada Byrne-Kane” · u undoes"
        edited = state(sample.path)

        briefing.action_archive()
        await settle(app, pilot)
        assert toasts(app)[-1] == "Client “Ada Byrne-Kane” archived · u undoes"

        assert await undo(app, pilot) == "Undone: client “Ada Byrne-Kane” archived"
        assert state(sample.path) == edited
        assert await undo(app, pilot) == "Undone: edited client “Ada Byrne-Kane”"
        assert state(sample.path) == added
        assert await undo(app, pilot) == "Undone: added client “Ada Byrne”"
        assert state(sample.path) == before
        # Her briefing, open when she was taken back, hands over to home.
        assert isinstance(app.screen, ClientsScreen)


async def test_contact_added_edited_removed_each_undone(sample: Sample) -> None:
    with closing(Store(sample.path)) as store:
        tomasz = store.list_contacts(sample.priya)[0]
        store.add_note(sample.priya, "Runs marathons", contact_id=tomasz.id)
    before = state(sample.path)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        briefing = await open_priya(app, pilot)
        await pilot.press("c")
        fill(app.screen, name="Marta Lis", role="COO")
        await written_and_undone(app, pilot, "ctrl+s", "Added contact “Marta Lis”")

        briefing.edit_contact(tomasz)
        await pilot.pause()
        assert isinstance(app.screen, ContactFormScreen)
        fill(app.screen, role="CEO")
        await written_and_undone(app, pilot, "ctrl+s", "Edited contact “Tomasz Nowak”")

        briefing.edit_contact(tomasz)
        await pilot.pause()
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        assert app.screen is briefing
        assert toasts(app)[-1] == "Removed contact “Tomasz Nowak” · u undoes"
        assert [n[2] for n in dump(sample.path, "notes") if n[2] is not None] == []
        assert await undo(app, pilot) == "Undone: removed contact “Tomasz Nowak”"
        assert state(sample.path) == before  # the note is his again too


async def test_promise_added_edited_deleted_dropped_each_undone(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        briefing = await open_priya(app, pilot)
        await pilot.press("p")
        fill(app.screen, text="Send the rate card", when="2026-11-30")
        await written_and_undone(app, pilot, "ctrl+s", "Added promise “Send the rate card”")

        promises = briefing.query_one(PromiseList)
        promises.focus()
        promises.highlighted = promises.get_option_index(f"promise-{sample.later_promise}")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        fill(app.screen, text="Intro to the Kraków office")
        await written_and_undone(
            app, pilot, "ctrl+s", "Edited promise “Intro to the Kraków office”"
        )

        promises.focus()
        promises.highlighted = promises.get_option_index(f"promise-{sample.later_promise}")
        await pilot.press("enter")
        await pilot.pause()
        await written_and_undone(
            app, pilot, "ctrl+d", "Deleted promise “Intro to the Warsaw office”"
        )

        promises.focus()
        promises.highlighted = promises.get_option_index(f"promise-{sample.overdue_promise}")
        await written_and_undone(app, pilot, "x", "Dropped promise “Send the pricing sheet”")


async def test_resolved_complaint_undone(sample: Sample) -> None:
    with closing(Store(sample.path)) as store:
        talk = store.log_interaction(sample.priya, "Late delivery", on=TODAY, complaint=True)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        briefing = await open_priya(app, pilot)
        talks = briefing.query_one(TalkList)
        talks.focus()
        talks.highlighted = talks.get_option_index(f"talk-{talk.id}")
        await written_and_undone(app, pilot, "r", "Resolved complaint “Late delivery”")
        option = talks.get_option(f"talk-{talk.id}")
        assert "open complaint" in str(option.prompt)


async def test_feed_added_edited_removed_each_undone(sample: Sample) -> None:
    """Removing a feed removes its articles; undo brings back each one, and the share
    that pointed at one, under the same ids (and the full-text index has them again)."""
    with closing(Store(sample.path)) as store:
        store.mark_share(sample.priya, sample.plain_article)
    before = state(sample.path)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, FeedsScreen)
        await pilot.press("a")
        fill(app.screen, url="http://127.0.0.1:9/rail.xml", tags="rail")
        await written_and_undone(app, pilot, "ctrl+s", "Added feed “http://127.0.0.1:9/rail.xml”")

        screen.query_one(DataTable).move_cursor(row=0)
        await pilot.press("t")
        assert isinstance(app.screen, FeedFormScreen)
        fill(app.screen, tags="poland")
        await written_and_undone(app, pilot, "ctrl+s", "Edited feed “Logistics Daily”")

        await pilot.press("x")
        await settle(app, pilot)
        assert toasts(app)[-1] == "Removed feed “Logistics Daily” and its 2 articles · u undoes"
        assert dump(sample.path, "articles") == []
        assert screen.query_one(DataTable).row_count == 0
        assert await undo(app, pilot) == (
            "Undone: removed feed “Logistics Daily” and its 2 articles"
        )
        assert state(sample.path) == before
        assert screen.query_one(DataTable).row_count == 1
    with closing(Store(sample.path)) as store:
        found = [h.id for h in store.search("Polish battery") if h.kind == "article"]
    assert found == [sample.plain_article]


async def test_the_after_meeting_flow_is_undone_as_one(sample: Sample) -> None:
    """The talk, the promise made, the one kept and the next meeting: one undo."""
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_priya(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        flow = app.screen
        assert isinstance(flow, AfterMeetingScreen)
        flow.query_one("#said", TextArea).text = "Agreed the Warsaw pilot."
        fill(flow, **{"promise-1": "Send the pilot plan", "next": "in 2 weeks 10:00"})
        flow.query_one("#kept", SelectionList).select(sample.overdue_promise)
        await pilot.pause()
        said = "Logged the meeting with Priya Patel, 1 promise added, 1 kept"
        await written_and_undone(app, pilot, "ctrl+s", said)
        assert isinstance(app.screen, BriefingScreen)
        assert len(app.history) == 0


async def test_an_import_is_undone_as_one(sample: Sample, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        "name,company,email,notes\n"
        "Lena Berg,Berg AB,lena@berg.example,Met at the fair\n"
        "Priya Patel,Patel Logistics,priya@patel.example,\n"  # updates her email
    )
    before = state(sample.path)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for _ in range(2):  # the second time there is nothing left to change
            app.push_screen(ImportScreen())
            await pilot.pause()
            fill(app.screen, path=str(people))
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
        assert toasts(app)[-2] == "Imported people.csv: 1 added, 1 updated · ctrl+z undoes"
        assert toasts(app)[-1] == "Imported people.csv: 0 added, 0 updated"  # no undo offered
        assert state(sample.path) != before
        assert await undo(app, pilot, "ctrl+z") == (
            "Undone: imported people.csv: 1 added, 1 updated"
        )
        assert state(sample.path) == before
