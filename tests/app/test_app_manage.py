"""Pilot tests: managing clients, contacts, feeds, complaints and promises from the app."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime
from pathlib import Path

from pd_pilot import toasts  # type: ignore[import-not-found]
from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, fill, settle  # type: ignore[import-not-found]
from test_app_flows import open_priya, read  # type: ignore[import-not-found]
from textual.command import CommandPalette
from textual.widgets import Button, DataTable, Input, Select, Static, TextArea

from prepdeck.app import PrepdeckApp, make_app
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.screens.capture import CaptureScreen
from prepdeck.screens.client_form import ClientFormScreen
from prepdeck.screens.contact_form import ContactFormScreen
from prepdeck.screens.feed_form import FeedFormScreen
from prepdeck.screens.feeds import FeedsScreen
from prepdeck.screens.import_people import ImportScreen
from prepdeck.store import Store
from prepdeck.widgets.client_table import ClientTable
from prepdeck.widgets.talk_list import TalkList

SIZE = (100, 32)


def home_names(app: PrepdeckApp) -> list[str]:
    table = app.screen.query_one(ClientTable)
    return [table.get_row_at(i)[0].plain for i in range(table.row_count)]


async def test_new_client_form_saves_every_field_and_opens_the_briefing(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        form = app.screen
        assert isinstance(form, ClientFormScreen)
        assert app.focused is form.query_one("#name")  # the name comes first
        fill(
            form,
            name="Ada Byrne",
            company="Byrne Freight",
            industry="shipping",
            keywords="ports, customs",
            address_as="Ms Byrne",
            email="ada@byrne.example",
            cadence="14",
            next_meeting="2026-12-01 09:30",
        )
        form.query_one("#warmth", Select).value = 5
        form.query_one("#status", Select).value = "prospect"
        form.query_one("#agreed", TextArea).text = "Monthly call.\nPilot on the Dublin route."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        rows = read(
            sample.path,
            "SELECT id, company, industry, keywords, address_as, email, warmth, status,"
            " cadence_days, next_meeting, agreed FROM clients WHERE name = 'Ada Byrne'",
        )
        assert rows[0][1:] == (
            "Byrne Freight",
            "shipping",
            "ports, customs",
            "Ms Byrne",
            "ada@byrne.example",
            5,
            "prospect",
            14,
            "2026-12-01 09:30",
            "Monthly call.\nPilot on the Dublin route.",
        )
        assert app.screen.client_id == rows[0][0]


async def test_client_form_refuses_bad_values_and_stays_open(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        form = app.screen
        fill(form, name="", cadence="0", next_meeting="next blue moon")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "needs a name" in str(form.query_one("#name-error", Static).render())
        assert "positive number" in str(form.query_one("#cadence-error", Static).render())
        assert "Invalid meeting time" in str(form.query_one("#next_meeting-error").render())
        fill(form, cadence="7")  # fixing a value clears its reason at once
        await pilot.pause()
        assert not form.query_one("#cadence-error").has_class("-shown")
        assert form.query_one("#name-error").has_class("-shown")
        assert read(sample.path, "SELECT count(*) FROM clients") == [(2,)]


async def test_edit_client_from_the_briefing(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_priya(app, pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ClientFormScreen)
        assert form.query_one("#company", Input).value == "Patel Logistics"
        assert form.query_one("#next_meeting", Input).value == "2026-11-23 10:00"
        fill(form, company="Patel Group", next_meeting="")
        form.query_one("#warmth", Select).value = 2
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert read(
            sample.path,
            "SELECT company, warmth, next_meeting, agreed FROM clients WHERE id = ?",
            (sample.priya,),
        ) == [("Patel Group", 2, None, "Quarterly review; expansion into Poland in 2027.")]
        assert "Patel Group" in str(app.screen.query_one("#briefing-header").render())


async def test_failed_save_keeps_the_form_open_with_the_reason(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_priya(app, pilot)
        await pilot.press("c")
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        fill(form, name="Marta Lis", role="COO")
        with closing(Store(sample.path)) as other:  # the client goes while the form is open
            other.delete_client(sample.priya)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert form.query_one("#name", Input).value == "Marta Lis"
        error = str(form.query_one("#form-error", Static).render())
        assert error.startswith("Not saved: No client with id")


async def test_archive_hides_a_client_from_home_until_the_filter_shows_it(
    sample: Sample,
) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter")  # Bob
        await settle(app, pilot)
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen) and briefing.client_id == sample.bob
        assert "client: Archive Bob Stone" in [c[0] for c in briefing.palette_commands()]
        briefing.action_archive()
        await settle(app, pilot)
        assert read(sample.path, "SELECT status FROM clients WHERE id = ?", (sample.bob,)) == [
            ("ended",)
        ]
        await pilot.press("escape")
        await settle(app, pilot)
        assert home_names(app) == ["Priya Patel"]
        table = app.screen.query_one(ClientTable)
        assert "1 archived hidden" in str(table.border_title)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert home_names(app) == ["Priya Patel", "Bob Stone (ended)"]
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert home_names(app) == ["Priya Patel"]
        # Still found by search.
        with closing(Store(sample.path)) as store:
            assert any(hit.client_id == sample.bob for hit in store.search("Stone"))


async def test_contact_add_edit_and_remove(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        briefing = await open_priya(app, pilot)
        await pilot.press("c")
        fill(app.screen, name="Marta Lis", role="COO", email="marta@patel.example")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is briefing
        rows = read(sample.path, "SELECT id, role, email FROM contacts WHERE name = 'Marta Lis'")
        marta = rows[0][0]
        assert rows[0][1:] == ("COO", "marta@patel.example")
        assert "Marta Lis" in str(briefing.query_one("#people", Static).render())

        edit = [c for c in briefing.palette_commands() if c[0] == "contact: Edit Marta Lis"]
        edit[0][1]()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        assert form.query_one("#role", Input).value == "COO"
        fill(form, role="CEO", email="")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert read(sample.path, "SELECT role, email FROM contacts WHERE id = ?", (marta,)) == [
            ("CEO", None)
        ]

        next(c for c in briefing.palette_commands() if c[0] == "contact: Edit Marta Lis")[1]()
        await pilot.pause()
        await pilot.press("ctrl+d")  # at once, no question: the toast offers undo
        await settle(app, pilot)
        assert app.screen is briefing
        assert read(sample.path, "SELECT count(*) FROM contacts WHERE id = ?", (marta,)) == [(0,)]
        assert toasts(app)[-1] == "Removed contact “Marta Lis” · u undoes"


async def test_new_contact_from_home_picks_the_client(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        from prepdeck.screens.contact_form import new_contact

        new_contact(app, [("Bob Stone", sample.bob), ("Priya Patel", sample.priya)])
        await pilot.pause()
        form = app.screen
        fill(form, name="Jo Quarry")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form  # no client picked yet
        assert "Pick the client" in str(form.query_one("#client-error", Static).render())
        form.query_one("#client", Select).value = sample.bob
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert read(sample.path, "SELECT client_id FROM contacts WHERE name = 'Jo Quarry'") == [
            (sample.bob,)
        ]


async def test_a_note_a_promise_and_a_conversation_take_a_contact(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_priya(app, pilot)
        tomasz = read(sample.path, "SELECT id FROM contacts WHERE name = 'Tomasz Nowak'")[0][0]
        for key, text in (("n", "Daughter starts university"), ("p", "Send the rate card")):
            await pilot.press(key)
            form = app.screen
            assert isinstance(form, CaptureScreen)
            fill(form, text=text)
            form.query_one("#contact", Select).value = tomasz
            await pilot.press("ctrl+s")
            await settle(app, pilot)
        await pilot.press("l")
        fill(app.screen, text="Budget call")
        app.screen.query_one("#contact", Select).value = tomasz
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert read(sample.path, "SELECT contact_id FROM notes WHERE text LIKE 'Daughter%'") == [
            (tomasz,)
        ]
        assert read(
            sample.path, "SELECT contact_id FROM promises WHERE text LIKE 'Send the r%'"
        ) == [(tomasz,)]
        assert read(
            sample.path, "SELECT contact_id FROM interactions WHERE text = 'Budget call'"
        ) == [(tomasz,)]
        # Editing shows who it was, and can clear it.
        note_id = read(sample.path, "SELECT id FROM notes WHERE text LIKE 'Daughter%'")[0][0]
        with closing(Store(sample.path)) as store:
            note = store.get_note(note_id)
        app.screen.action_capture("note", note)  # type: ignore[attr-defined]
        await pilot.pause()
        picker = app.screen.query_one("#contact", Select)
        assert picker.value == tomasz
        picker.clear()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert read(sample.path, "SELECT contact_id FROM notes WHERE id = ?", (note_id,)) == [
            (None,)
        ]


async def test_feeds_screen_lists_state_and_adds_tags_and_removes(sample: Sample) -> None:
    with closing(Store(sample.path)) as store:
        feed = store.list_feeds()[0]
        store.update_feed(
            feed.id,
            last_error="The server said 503 (service unavailable).",
            error_count=3,
            next_check_at="2026-11-23 18:00:00",
        )
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, FeedsScreen)
        table = screen.query_one(DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[:4] == ["Logistics Daily", "failing ×3", "after 2026-11-23 18:00", "2"]
        detail = str(screen.query_one("#feed-detail", Static).render())
        assert "Last error The server said 503" in detail

        await pilot.press("a")
        form = app.screen
        assert isinstance(form, FeedFormScreen)
        fill(form, url="ftp://news.example/feed", tags="rail")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form  # the same check as `prepdeck feed add`
        assert "not ftp" in str(form.query_one("#url-error", Static).render())
        fill(form, url="http://127.0.0.1:9/rail.xml", tags="Rail, freight")
        form.query_one("#client", Select).value = sample.bob
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert read(
            sample.path,
            "SELECT tags, client_id FROM feeds WHERE url = 'http://127.0.0.1:9/rail.xml'",
        ) == [('["rail", "freight"]', sample.bob)]
        assert table.row_count == 2

        table.move_cursor(row=0)
        await pilot.press("t")
        form = app.screen
        assert isinstance(form, FeedFormScreen)
        fill(form, tags="logistics, poland")
        form.query_one("#client", Select).value = sample.priya
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert read(sample.path, "SELECT tags, client_id FROM feeds WHERE id = ?", (feed.id,)) == [
            ('["logistics", "poland"]', sample.priya)
        ]

        await pilot.press("x")  # at once, no question: the toast offers undo
        await settle(app, pilot)
        assert read(sample.path, "SELECT count(*) FROM feeds WHERE id = ?", (feed.id,)) == [(0,)]
        assert table.row_count == 1
        assert toasts(app)[-1] == "Removed feed “Logistics Daily” and its 2 articles · u undoes"


async def test_resolve_a_complaint_from_the_briefing(sample: Sample) -> None:
    with closing(Store(sample.path)) as store:
        talk = store.log_interaction(sample.priya, "Late delivery", on=TODAY, complaint=True)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        briefing = await open_priya(app, pilot)
        assert "complaint: Resolve 23 Nov Late delivery" in [
            c[0] for c in briefing.palette_commands()
        ]
        talks = briefing.query_one(TalkList)
        talks.focus()
        talks.highlighted = talks.get_option_index(f"talk-{talk.id}")
        await pilot.pause()
        assert "open complaint" in str(talks.get_option_at_index(talks.highlighted).prompt)
        await pilot.press("r")
        await settle(app, pilot)
        assert read(
            sample.path, "SELECT resolved_on FROM interactions WHERE id = ?", (talk.id,)
        ) == [(TODAY.isoformat(),)]
        option = talks.get_option(f"talk-{talk.id}")
        assert "resolved" in str(option.prompt)
        assert not [c for c in briefing.palette_commands() if c[0].startswith("complaint:")]


async def test_drop_a_promise_at_once_from_the_key_or_the_palette(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_priya(app, pilot)  # the promises list has focus, overdue one first
        await pilot.press("x")
        await settle(app, pilot)
        status = "SELECT status FROM promises WHERE id = ?"
        assert read(sample.path, status, (sample.overdue_promise,)) == [("dropped",)]
        assert toasts(app)[-1] == "Dropped promise “Send the pricing sheet” · u undoes"
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen)
        titles = {c[0]: c[1] for c in briefing.palette_commands()}
        assert "promise: Drop Send the pricing sheet" not in titles
        titles["promise: Drop Intro to the Warsaw office"]()
        await settle(app, pilot)
        assert read(sample.path, status, (sample.later_promise,)) == [("dropped",)]


async def palette_titles(app: PrepdeckApp, pilot, *queries: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """What the palette lists for each query in turn, typed into one opening of it."""
    from textual.command import CommandList

    app.action_command_palette()
    await pilot.pause()
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    listed = []
    for query in queries:
        palette.query_one(Input).value = query
        await settle(app, pilot)  # the search runs in a worker; the list is full when it ends
        found = palette.query_one(CommandList)
        listed.append(
            [
                str(found.get_option_at_index(i).prompt).split("\n")[0]
                for i in range(found.option_count)
            ]
        )
    await pilot.press("escape")
    await pilot.pause()
    assert app.screen is not palette
    return listed


async def test_palette_offers_every_action_and_finds_clients_by_company_and_industry(
    sample: Sample,
) -> None:
    with closing(Store(sample.path)) as store:
        store.update_client(sample.bob, industry="quarrying")
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        wanted = {
            "New client": "client: New client",
            "New contact": "contact: New contact",
            "Log a meeting": "log: Log a meeting with Priya Patel",
            "Manage feeds": "feeds: Manage feeds",
            "Refresh": "feeds: Refresh all feeds",
            "share queue": "share: Open the share queue",
            "Theme": "Theme",
            "Import": "import: Import clients from CSV or vCard",
        }
        by_company, by_industry, *listed = await palette_titles(
            app, pilot, "Stone Quarry", "quarrying", *wanted
        )
        assert any(t.startswith("client: Open Bob Stone") for t in by_company)
        assert any(t.startswith("client: Open Bob Stone") for t in by_industry)
        for (query, title), titles in zip(wanted.items(), listed, strict=True):
            assert title in titles, query
        await pilot.press("enter")
        await settle(app, pilot)
        [exports] = await palette_titles(app, pilot, "Export")
        assert "briefing: Export Priya Patel's briefing" in exports


async def test_export_briefing_writes_the_markdown_beside_the_database(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        briefing = await open_priya(app, pilot)
        briefing.action_export()
        written = sample.path.parent / "prepdeck-briefings" / "priya-patel-2026-11-23.md"
        assert written.read_text().startswith("# Briefing: Priya Patel")
        assert written.stat().st_mode & 0o077 == 0


async def test_welcome_imports_people_after_a_dry_run_preview(
    db_path: Path, tmp_path: Path
) -> None:
    Store(db_path).close()
    people = tmp_path / "people.csv"
    people.write_text("name,company,email\nLena Berg,Berg AB,lena@berg.example\n")
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.screen.query_one("#welcome").display
        assert app.focused is app.screen.query_one("#welcome-new-client", Button)
        await pilot.press("tab", "enter")  # "Import contacts…"
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ImportScreen)
        fill(form, path=str(tmp_path / "missing.csv"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert "missing.csv" in str(form.query_one("#path-error", Static).render())
        await pilot.press("ctrl+s")  # nothing previewed: no import
        await settle(app, pilot)
        assert app.screen is form
        fill(form, path=str(people))
        await pilot.press("enter")
        await settle(app, pilot)
        preview = str(form.query_one("#import-report", Static).render())
        assert preview.startswith("Dry run, nothing written")
        assert "add client Lena Berg (Berg AB)" in preview
        assert read(db_path, "SELECT count(*) FROM clients") == [(0,)]
        assert app.screen is form  # Enter previews; it never imports
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
        assert read(db_path, "SELECT name, email FROM clients") == [
            ("Lena Berg", "lena@berg.example")
        ]
        assert home_names(app) == ["Lena Berg"]
        assert not app.screen.query_one("#welcome").display


async def test_welcome_new_client_and_demo(db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    Store(db_path).close()
    ran: list[bool] = []
    monkeypatch.setattr("prepdeck.screens.home_actions.run_demo", lambda: ran.append(True))
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#welcome-demo", Button).press()
        await settle(app, pilot)
        # A headless test cannot hand the terminal over, so the app says what to run.
        assert ran == [] and any("prepdeck demo" in n.message for n in app._notifications)
        await pilot.press("enter")  # "Add your first client"
        await pilot.pause()
        assert isinstance(app.screen, ClientFormScreen)
        fill(app.screen, name="First One")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert read(db_path, "SELECT name, next_meeting FROM clients") == [("First One", None)]


def test_feed_state_words_are_shared_with_the_cli(sample: Sample) -> None:
    from prepdeck.feeds.state import describe_state, next_retry

    with closing(Store(sample.path)) as store:
        feed = store.list_feeds()[0]
        assert (describe_state(feed), next_retry(feed)) == ("never fetched", "")
        store.update_feed(feed.id, error_count=2, next_check_at=datetime(2026, 11, 24, 6, 0))
        feed = store.get_feed(feed.id)
    assert (describe_state(feed), next_retry(feed)) == ("failing ×2", "after 2026-11-24 06:00")


async def test_a_client_deleted_under_an_open_form_closes_the_briefing_after_it(
    sample: Sample,
) -> None:
    """Another process deletes the client while its contact form is open: the form keeps
    what was typed, and once it is closed the briefing (of nobody) goes too."""
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        briefing = await open_priya(app, pilot)
        await pilot.press("c")
        form = app.screen
        fill(form, name="Marta Lis")
        with closing(Store(sample.path)) as other:
            other.delete_client(sample.priya)
        app.poll()  # what the app's timer does each second
        await settle(app, pilot)
        assert app.screen is form
        assert form.query_one("#name", Input).value == "Marta Lis"
        await pilot.press("escape")
        await settle(app, pilot)
        assert briefing not in app.screen_stack
        assert app.screen.query_one(ClientTable)
