"""Undo: every write the app makes is taken back, newest first, exactly, from any screen."""

from __future__ import annotations

from pd_pilot import dump, open_first, toasts  # type: ignore[import-not-found]
from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, fill, settle  # type: ignore[import-not-found]
from textual.widgets import Input

from prepdeck.app import make_app
from prepdeck.screens.capture import CaptureScreen
from prepdeck.screens.clients import ClientsScreen
from prepdeck.screens.share_queue import ShareQueueScreen
from prepdeck.store import Store
from prepdeck.widgets.news_list import NewsList
from prepdeck.widgets.note_list import NoteList
from prepdeck.widgets.share_list import ShareList

SIZE = (100, 32)


async def test_undo_names_the_newest_change_and_goes_back_in_order(sample: Sample) -> None:
    promises_before = dump(sample.path, "promises")
    shares_before = dump(sample.path, "shares")
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(app, pilot)
        await pilot.press("space")  # keep the overdue promise
        await settle(app, pilot)
        assert "Kept promise “Send the pricing sheet” · u undoes" in toasts(app)
        screen.query_one(NewsList).focus()
        await pilot.press("d")  # dismiss the top article
        await settle(app, pilot)
        assert dump(sample.path, "shares") != shares_before
        assert [c.description.split()[0] for c in app.history.entries()] == ["dismissed", "kept"]

        await pilot.press("u")
        await settle(app, pilot)
        assert toasts(app)[-1].startswith("Undone: dismissed “")
        assert dump(sample.path, "shares") == shares_before
        assert dump(sample.path, "promises") != promises_before  # the keep is older: kept

        await pilot.press("u")
        await settle(app, pilot)
        assert toasts(app)[-1] == "Undone: kept promise “Send the pricing sheet”"
        assert dump(sample.path, "promises") == promises_before
        await pilot.press("u")
        await pilot.pause()
        assert toasts(app)[-1] == "Nothing to undo."


async def test_undo_a_deleted_note_restores_it_with_its_id(sample: Sample) -> None:
    """The old bug: u after deleting a note brought back an unrelated dismissed article."""
    store = Store(sample.path)
    store.dismiss_share(sample.priya, sample.plain_article)
    store.close()
    notes_before, shares_before = dump(sample.path, "notes"), dump(sample.path, "shares")
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(app, pilot)
        screen.query_one(NoteList).focus()
        await pilot.press("enter")  # the ask-about note
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        assert sample.ask_note not in [row[0] for row in dump(sample.path, "notes")]
        assert "Deleted note “Knee operation went ahead” · u undoes" in toasts(app)
        await pilot.press("u")
        await settle(app, pilot)
        assert toasts(app)[-1] == "Undone: deleted note “Knee operation went ahead”"
        assert dump(sample.path, "notes") == notes_before
        assert dump(sample.path, "shares") == shares_before  # the dismissed one untouched
        shown = [n.id for n in screen.query_one(NoteList).records.values()]
        assert sample.ask_note in shown
    hits = Store(sample.path).search("knee")  # the full-text index has it again too
    assert [h.id for h in hits if h.kind == "note"] == [sample.ask_note]


async def test_undo_add_and_edit_from_the_forms(sample: Sample) -> None:
    notes_before = dump(sample.path, "notes")
    talks_before = dump(sample.path, "interactions")
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        fill(app.screen, text="Call about the depot", satisfaction="2")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert len(dump(sample.path, "interactions")) == len(talks_before) + 1
        screen.query_one(NoteList).focus()
        await pilot.press("enter")
        await pilot.pause()
        fill(app.screen, text="Knee operation postponed")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Edited note “Knee operation postponed” · u undoes" in toasts(app)
        await pilot.press("u")
        await settle(app, pilot)
        assert dump(sample.path, "notes") == notes_before
        await pilot.press("u")
        await settle(app, pilot)
        assert toasts(app)[-1] == "Undone: logged conversation “Call about the depot”"
        assert dump(sample.path, "interactions") == talks_before


async def test_undo_sent_in_the_queue_takes_back_the_logged_conversation(
    sample: Sample,
) -> None:
    store = Store(sample.path)
    share = store.mark_share(sample.priya, sample.plain_article)
    store.close()
    shares_before, talks_before = dump(sample.path, "shares"), dump(sample.path, "interactions")
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert isinstance(app.screen, ShareQueueScreen)
        await pilot.press("s")
        await settle(app, pilot)
        sent = dump(sample.path, "interactions")
        assert len(sent) == len(talks_before) + 1 and sent[-1][3] == "article-sent"
        assert app.screen.query_one("#queue-empty").display
        assert toasts(app)[-1].endswith("sent (and its logged conversation) · u undoes")
        await pilot.press("u")
        await settle(app, pilot)
        assert toasts(app)[-1].startswith("Undone: marked “Battery regulation in Poland")
        assert dump(sample.path, "shares") == shares_before
        assert dump(sample.path, "interactions") == talks_before
        assert app.screen.query_one(ShareList).current.share.id == share.id  # queued again

        await pilot.press("d")  # drop it: acts at once, and u takes it back
        await settle(app, pilot)
        assert app.screen.query_one("#queue-empty").display
        await pilot.press("u")
        await settle(app, pilot)
        assert toasts(app)[-1].startswith("Undone: took “Battery regulation")
        assert dump(sample.path, "shares") == shares_before


async def test_ctrl_z_undoes_on_home_where_u_filters(sample: Sample) -> None:
    promises_before = dump(sample.path, "promises")
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(app, pilot)
        await pilot.press("space")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ClientsScreen)
        await pilot.press("u")  # a letter on home starts the filter
        await pilot.pause()
        assert app.screen.query_one("#filter").value == "u"  # type: ignore[attr-defined]
        assert dump(sample.path, "promises") != promises_before
        await pilot.press("escape", "ctrl+z")
        await settle(app, pilot)
        assert dump(sample.path, "promises") == promises_before
        assert toasts(app)[-1] == "Undone: kept promise “Send the pricing sheet”"


async def test_the_palette_offers_undo_naming_the_change(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(app, pilot)
        await pilot.press("space")
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        app.screen.query_one(Input).value = "undo"
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert toasts(app)[-1] == "Undone: kept promise “Send the pricing sheet”"
        assert Store(sample.path).get_promise(sample.overdue_promise).status == "open"
