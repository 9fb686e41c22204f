"""Pilot tests: drive the app with keys and check the database and the widgets."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, fill, settle  # type: ignore[import-not-found]
from textual import events
from textual.widgets import Button, Input, Static

from prepdeck.app import PrepdeckApp, make_app
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.screens.capture import CaptureScreen
from prepdeck.screens.clients import ClientsScreen
from prepdeck.screens.help import HelpScreen
from prepdeck.screens.search import SearchScreen
from prepdeck.screens.share_queue import ShareQueueScreen
from prepdeck.store import Store
from prepdeck.widgets.client_table import ClientTable
from prepdeck.widgets.news_list import NewsList
from prepdeck.widgets.note_list import NoteList
from prepdeck.widgets.promise_list import PromiseList
from prepdeck.widgets.share_list import ShareList

SIZE = (100, 32)


async def open_priya(app: PrepdeckApp, pilot) -> BriefingScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("enter")  # Priya has the soonest meeting: first row
    await settle(app, pilot)
    assert isinstance(app.screen, BriefingScreen)
    return app.screen


def read(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


async def test_home_sorted_by_meeting_and_type_to_filter(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(ClientTable)
        assert [table.get_row_at(i)[0].plain for i in range(table.row_count)] == [
            "Priya Patel",
            "Bob Stone",
        ]
        strip = str(app.screen.query_one("#today", Static).render())
        assert "Meetings today Priya Patel 10:00" in strip
        assert "Knee operation" in strip
        await pilot.press("s", "t", "o")  # typing on the table goes to the filter
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "sto"
        assert table.row_count == 1
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.client_id == sample.bob


async def test_keys_typed_ahead_reach_the_filter_whole_and_in_order(sample: Sample) -> None:
    """A terminal hands over typed-ahead keys together, while the app is still handling the
    first: however the app's tasks interleave with their arrival, none is lost or reordered."""
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        field = app.screen.query_one("#filter", Input)
        for turns in range(6):  # how far the app gets between two keys
            for key in ["b", "o", "b", "space", "s", "t", "o", "x", "backspace"]:
                character = {"space": " ", "backspace": None}.get(key, key)
                app.post_message(events.Key(key, character))
                for _ in range(turns):
                    await asyncio.sleep(0)
            await settle(app, pilot)
            assert field.value == "bob sto", f"{turns} turns between keys"
            assert app.screen.query_one(ClientTable).row_count == 1
            await pilot.press("escape")
            assert field.value == ""


async def test_briefing_shows_every_section(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priya(app, pilot)
        assert screen.client_id == sample.priya
        header = str(screen.query_one("#briefing-header", Static).render())
        assert "Mrs Patel" in header and "today 10:00" in header
        notes = screen.query_one(NoteList)
        assert notes.current.id == sample.ask_note
        prompts = [str(notes.get_option_at_index(i).prompt) for i in range(notes.option_count)]
        assert any("Do not mention: Divorce" in p for p in prompts)
        promises = screen.query_one(PromiseList)
        assert promises.has_focus
        assert "3 days overdue" in str(promises.get_option_at_index(0).prompt)
        assert "1 overdue" in str(promises.border_title)
        assert "Tomasz Nowak" in str(screen.query_one("#people", Static).render())
        assert "Poland in 2027" in str(screen.query_one("#agreed", Static).render())
        assert screen.query_one(NewsList).records, "ranked news is shown"


async def test_a_clipped_section_says_more_until_focused(sample: Sample) -> None:
    """Unfocused sections draw no scrollbar, so their border must say lines are hidden."""
    store = Store(sample.path)
    for n in range(15):
        store.add_note(sample.priya, f"Note number {n} about the Leeds office move")
    store.close()
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priya(app, pilot)
        notes, promises = screen.query_one(NoteList), screen.query_one(PromiseList)
        assert promises.has_focus
        assert str(notes.border_subtitle).startswith("▼ ")
        assert " more · 18 notes" in str(notes.border_subtitle)
        assert "▼" not in str(promises.border_subtitle)  # two promises fit
        notes.focus()
        await pilot.pause()
        assert str(notes.border_subtitle) == "18 notes · n adds one"  # its scrollbar shows
        assert notes.max_scroll_y > 0


async def test_footer_follows_the_focused_section(sample: Sample) -> None:
    from prepdeck.widgets.key_bar import KeyBar

    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priya(app, pilot)
        footer = screen.query_one(KeyBar)
        assert "space Keep" in str(footer.render()) and "Mark to send" not in str(footer.render())
        screen.query_one(NewsList).focus()
        await pilot.pause()
        assert "m Mark to send" in str(footer.render()) and "Keep" not in str(footer.render())
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("down", "enter")  # another client starts on the promises again
        await settle(app, pilot)
        assert app.screen.client_id == sample.bob
        assert "space Keep" in str(app.screen.query_one(KeyBar).render())


async def test_older_notes_are_listed_on_request(sample: Sample) -> None:
    from prepdeck.widgets.note_list import OLDER, OLDER_SHOWN

    store = Store(sample.path)
    for n in range(OLDER_SHOWN + 5):
        store.add_note(sample.priya, f"Quarterly review note {n}")
    store.close()
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priya(app, pilot)
        notes = screen.query_one(NoteList)
        last = notes.get_option_at_index(notes.option_count - 1)
        assert last.id == OLDER and "5 older notes" in str(last.prompt)
        listed = len(notes.records)
        notes.focus()
        notes.highlighted = notes.option_count - 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)  # not an edit
        assert len(notes.records) == listed + 5 - 1  # the five older notes, no "older" line
        assert OLDER not in notes.records
        assert "Quarterly review note 4" in str(notes.highlighted_option.prompt)  # newest first
        await pilot.press("enter")  # a note: quick capture opens to edit it
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)


async def test_space_keeps_a_promise_and_u_undoes(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_priya(app, pilot)
        await pilot.press("space")
        await settle(app, pilot)
        query = "SELECT status, kept_on FROM promises WHERE id = ?"
        assert read(sample.path, query, (sample.overdue_promise,)) == [("kept", "2026-11-23")]
        promises = app.screen.query_one(PromiseList)
        assert "1 open" in str(promises.border_title)
        await pilot.press("u")
        await settle(app, pilot)
        assert read(sample.path, query, (sample.overdue_promise,)) == [("open", None)]


async def test_mark_article_queue_copy_and_send(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priya(app, pilot)
        news = screen.query_one(NewsList)
        news.focus()
        article_id = news.current.article.id
        await pilot.press("m")
        await settle(app, pilot)
        status = read(
            sample.path,
            "SELECT id, status FROM shares WHERE client_id = ? AND article_id = ?",
            (sample.priya, article_id),
        )
        assert [s for _, s in status] == ["marked"]
        share_id = status[0][0]

        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert isinstance(app.screen, ShareQueueScreen)
        queue = app.screen.query_one(ShareList)
        assert queue.current is not None and queue.current.share.id == share_id
        draft = str(app.screen.query_one("#draft", Static).render())
        assert "Dear Mrs Patel," in draft
        await pilot.press("c")
        assert app.clipboard.startswith("Dear Mrs Patel,")

        await pilot.press("s")
        await settle(app, pilot)
        assert read(sample.path, "SELECT status FROM shares WHERE id = ?", (share_id,)) == [
            ("sent",)
        ]
        logged = read(
            sample.path,
            "SELECT kind, happened_on FROM interactions WHERE client_id = ? AND kind = ?",
            (sample.priya, "article-sent"),
        )
        assert logged == [("article-sent", "2026-11-23")]
        assert app.screen.query_one("#queue-empty").display


async def test_edit_share_note_keeps_the_text(sample: Sample) -> None:
    store = Store(sample.path)
    share = store.mark_share(sample.priya, sample.plain_article, reasons=["mentions Poland"])
    store.close()
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        area = app.screen.query_one("#share-edit-text")
        area.text = "Dear Mrs Patel,\n\nShort and sweet.\n"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        note = read(sample.path, "SELECT note FROM shares WHERE id = ?", (share.id,))[0][0]
        assert note == "Dear Mrs Patel,\n\nShort and sweet."
        assert "Short and sweet." in str(app.screen.query_one("#draft", Static).render())


async def test_drop_a_share_whose_article_was_purged(sample: Sample) -> None:
    store = Store(sample.path)
    share = store.mark_share(sample.priya, sample.plain_article)
    store.db.execute("DELETE FROM articles WHERE id = ?", [sample.plain_article])
    store.close()
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert app.screen.query_one(ShareList).current.share.id == share.id
        await pilot.press("d")
        await settle(app, pilot)
        assert read(sample.path, "SELECT status FROM shares WHERE id = ?", (share.id,)) == [
            ("dismissed",)
        ]
        assert app.screen.query_one("#queue-empty").display


async def test_quick_capture_note_and_promise(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_priya(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        fill(app.screen, text="Daughter starts university", when="2026-12-01")
        await pilot.press("tab", "enter")  # Enter in the date field saves
        await settle(app, pilot)
        notes = read(
            sample.path, "SELECT ask_on FROM notes WHERE text = 'Daughter starts university'"
        )
        assert notes == [("2026-12-01",)]

        await pilot.press("p")
        await pilot.pause()
        fill(app.screen, text="Send the Warsaw contract", when="+3")
        await pilot.press("tab", "enter")
        await settle(app, pilot)
        rows = read(
            sample.path, "SELECT due_on, status FROM promises WHERE text LIKE 'Send the W%'"
        )
        assert rows == [("2026-11-26", "open")]
        assert isinstance(app.screen, BriefingScreen)
        prompts = app.screen.query_one(PromiseList)
        assert any(
            "Send the Warsaw contract" in str(prompts.get_option_at_index(i).prompt)
            for i in range(prompts.option_count)
        )


async def test_log_an_interaction(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_priya(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"call")  # the kind field starts selected: typing replaces it
        fill(app.screen, text="Agreed the Q1 plan", satisfaction="4")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        rows = read(
            sample.path,
            "SELECT kind, happened_on, satisfaction FROM interactions WHERE text = ?",
            ("Agreed the Q1 plan",),
        )
        assert rows == [("call", "2026-11-23", 4)]


async def test_invalid_date_is_refused_inline(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_priya(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        fill(app.screen, text="Call back", when="2026-13-45")
        await pilot.press("tab", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CaptureScreen), "the form stays open"
        error = app.screen.query_one("#when-error", Static)
        assert error.has_class("-shown")
        assert "Invalid date '2026-13-45'" in str(error.render())
        assert read(sample.path, "SELECT count(*) FROM promises WHERE text = 'Call back'") == [(0,)]
        fill(app.screen, when="2026-12-02")  # fix it: saved
        await pilot.press("enter")
        await settle(app, pilot)
        assert read(sample.path, "SELECT due_on FROM promises WHERE text = 'Call back'") == [
            ("2026-12-02",)
        ]


async def test_edit_and_delete_a_note(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priya(app, pilot)
        screen.query_one(NoteList).focus()
        await pilot.press("enter")  # the ask-about note
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        await pilot.press("end", *" well", "ctrl+s")
        await settle(app, pilot)
        query = "SELECT text FROM notes WHERE id = ?"
        assert read(sample.path, query, (sample.ask_note,)) == [("Knee operation went ahead well",)]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        assert read(sample.path, query, (sample.ask_note,)) == []


async def test_empty_database_shows_welcome(db_path: Path) -> None:
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        welcome = app.screen.query_one("#welcome")
        assert welcome.display and not app.screen.query_one(ClientTable).display
        text = str(welcome.query_one("#welcome-text", Static).render())
        assert "no clients in this database yet" in text
        buttons = [str(b.label) for b in welcome.query(Button)]
        assert buttons == ["Add your first client", "Import contacts…", "Open the demo"]


async def test_client_with_nothing_stored_says_what_is_missing(db_path: Path) -> None:
    store = Store(db_path)
    store.add_client("Nadia Novak")
    store.close()
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        missing = str(app.screen.query_one("#missing", Static).render())
        assert "No contacts stored" in missing and "No interactions logged" in missing


async def test_markup_in_feed_titles_renders_literally(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priya(app, pilot)
        news = screen.query_one(NewsList)
        index = news.get_option_index(f"news-{sample.markup_article}")
        prompt = news.get_option_at_index(index).prompt
        assert "[bold]Poland[/] tightens battery regulation [link=x]" in str(prompt)
        news.focus()
        news.highlighted = index
        await pilot.press("enter")  # the summary screen
        await pilot.pause()
        title = app.screen.query_one("#article-title", Static)
        assert str(title.render()).startswith("[bold]Poland[/]")
        await pilot.press("escape")


async def test_search_jumps_to_the_client(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"pricing")
        await settle(app, pilot)
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.client_id == sample.priya


async def test_help_lists_the_screen_keys(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_priya(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = {(key, what) for key, what, _ in app.screen.rows}
        assert ("space", "Keep") in keys and ("n", "Note") in keys and ("?", "Help") in keys
        legend = str(app.screen.query_one("#help-legend", Static).render())
        assert "☐ an open promise" in legend and "m marks an article" in legend
        await pilot.press("escape")
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("escape", "question_mark")  # home: the health signs explained
        await pilot.pause()
        assert "⚑ needs attention" in str(app.screen.query_one("#help-legend", Static).render())


async def test_palette_provider_offers_every_client(sample: Sample) -> None:
    from prepdeck.commands import ClientCommands

    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        provider = ClientCommands(app.screen)
        await provider.startup()
        hits = [hit async for hit in provider.search("open bob")]
        assert hits and hits[0].text == "client: Open Bob Stone — Stone Quarry"
        hits[0].command()
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen) and app.screen.client_id == sample.bob


async def test_locked_database_shows_a_notification_not_a_crash(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_priya(app, pilot)
        with app.db() as store:  # the workers' connection, which does every write
            store.db.execute("PRAGMA busy_timeout = 50")  # fail fast instead of after 5 s
        blocker = sqlite3.connect(sample.path)
        blocker.execute("BEGIN IMMEDIATE")  # what a running `prepdeck fetch` holds
        try:
            await pilot.press("space")
            await settle(app, pilot)
        finally:
            blocker.rollback()
            blocker.close()
        assert isinstance(app.screen, BriefingScreen), "still running, same screen"
        messages = [n.message for n in app._notifications]
        assert any("locked" in m for m in messages), messages
        query = "SELECT status FROM promises WHERE id = ?"
        assert read(sample.path, query, (sample.overdue_promise,)) == [("open",)]


async def test_escape_goes_home(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_priya(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ClientsScreen)
