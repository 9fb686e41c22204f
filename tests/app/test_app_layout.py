"""Pilot tests: the briefing fits the terminal (80x24 shows what matters first)."""

from __future__ import annotations

import sqlite3

from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, settle  # type: ignore[import-not-found]

from prepdeck.app import make_app
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.store import Store
from prepdeck.widgets.record_list import RecordList
from prepdeck.widgets.scroll_section import more_mark


def busy(sample: Sample) -> None:
    """Enough of everything that no section fits whole at 80x24."""
    store = Store(sample.path)
    for n in range(12):
        store.add_note(sample.priya, f"Note number {n} about the Leeds office move")
        store.add_promise(sample.priya, f"Promise number {n}: send the depot figures")
    store.close()


async def open_first(app, pilot) -> BriefingScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, BriefingScreen)
    return app.screen


def on_screen(screen: BriefingScreen, widget) -> bool:  # type: ignore[no-untyped-def]
    """The widget's title row (its top border) is inside the visible screen."""
    region = widget.region
    return region.height > 0 and 0 <= region.y < screen.size.height - 1


async def test_80x24_shows_promises_and_news_titles_and_counts_the_rest(sample: Sample) -> None:
    busy(sample)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first(app, pilot)
        assert screen.has_class("-narrow")
        for section in (screen.notes, screen.promises, screen.news):
            assert on_screen(screen, section), section.id
        # The top news item's title line is on screen under the News title.
        assert screen.news.region.y + 1 < screen.size.height - 1
        assert str(screen.notes.border_subtitle).startswith("▼ ")
        screen.notes.focus()
        await pilot.pause()
        assert not str(screen.notes.border_subtitle).startswith("▼")
        assert screen.notes.max_scroll_y > 0


async def test_120x40_shows_every_section_in_two_columns(sample: Sample) -> None:
    busy(sample)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_first(app, pilot)
        assert screen.has_class("-wide")
        sections = [screen.notes, screen.promises, screen.news, screen.talks]
        sections += [screen.health, screen.agreed_section, screen.people_section]
        for section in sections:
            region = section.region
            assert region.height > 0 and region.bottom <= screen.size.height - 1, section.id
        assert screen.notes.region.x == 0 and screen.talks.region.x > 0


async def test_first_open_is_drawn_in_its_columns_at_once(sample: Sample) -> None:
    """The classes come with compose: no one-column frame before the two-column one."""
    app = make_app(sample.path, today=TODAY)
    seen: list[bool] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        original = BriefingScreen.compose

        def compose(self):  # type: ignore[no-untyped-def]
            yield from original(self)
            seen.append(self.has_class("-wide"))

        BriefingScreen.compose = compose  # type: ignore[method-assign]
        try:
            await pilot.press("enter")
            await settle(app, pilot)
        finally:
            BriefingScreen.compose = original  # type: ignore[method-assign]
        assert seen == [True]


async def test_a_resized_terminal_lays_out_the_screen_and_the_one_under_it(sample: Sample) -> None:
    """A screen is laid out once per size (StyledOnce): a real resize still lays out the
    form on top and the briefing under it, in the columns of the new width."""
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_first(app, pilot)
        assert screen.talks.region.x > 0  # two columns
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert form.has_class("-narrow") and screen.has_class("-narrow")
        assert form.query_one(".form").region.right <= 80
        assert screen.talks.region.x == 0  # one column, under the form
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen and on_screen(screen, screen.promises)
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        assert screen.has_class("-wide") and screen.talks.region.x > 0


def test_more_mark_words() -> None:
    assert more_mark(0, "line") == ""
    assert more_mark(1, "line") == "▼ 1 more line"
    assert more_mark(3, "line") == "▼ 3 more lines"
    assert more_mark(3, "") == "▼ 3 more"


async def test_the_more_count_is_the_entries_out_of_sight(sample: Sample) -> None:
    busy(sample)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first(app, pilot)
        notes: RecordList = screen.notes
        room = notes.scrollable_content_region.height
        wholly_shown = set()
        for index in range(notes.option_count):
            start = notes._index_to_line[index]
            if start + notes._heights[index] - 1 <= room:
                wholly_shown.add(index)
        subtitle = str(notes.border_subtitle)
        assert subtitle.startswith(f"▼ {notes.option_count - len(wholly_shown)} more")


async def test_tab_follows_reading_order_and_every_section_scrolls(sample: Sample) -> None:
    busy(sample)
    store = Store(sample.path)
    store.update_client(sample.priya, agreed="A long agreement. " * 60)
    store.close()
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first(app, pilot)
        order = [screen.notes, screen.promises, screen.news, screen.talks]
        order += [screen.health, screen.agreed_section, screen.people_section]
        screen.notes.focus()
        await pilot.pause()
        visited = []
        for _ in order:
            visited.append(screen.focused)
            await pilot.press("tab")
            await pilot.pause()
        assert visited == order
        assert screen.focused is screen.notes  # round again: the body is no Tab stop
        # The last Tab went back to the notes, at the top: the body scrolls down again,
        # animated, so the test waits for the scroll to end.
        screen.agreed_section.focus()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert screen.agreed_section.region.bottom <= screen.size.height  # scrolled into view
        assert screen.agreed_section.max_scroll_y > 0
        await pilot.press("down")
        await pilot.pause()
        assert screen.agreed_section.scroll_y > 0


async def test_older_conversations_are_listed_on_enter(sample: Sample) -> None:
    from prepdeck.widgets.talk_list import OLDER

    store = Store(sample.path)
    for n in range(9):
        store.log_interaction(sample.priya, f"Weekly call number {n}", kind="call")
    store.close()
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_first(app, pilot)
        talks = screen.talks
        b = screen.briefing
        assert b is not None and b.interaction_count > len(b.interactions)
        title = str(talks.border_title)
        assert f"{len(b.interactions)} of {b.interaction_count}" in title
        last = talks.get_option_at_index(talks.option_count - 1)
        hidden = b.interaction_count - len(b.interactions)
        assert last.id == OLDER and f"{hidden} older conversation" in str(last.prompt)
        talks.focus()
        talks.highlighted = talks.option_count - 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)  # not an edit
        logged = [key for key in talks.records if key.startswith("talk-")]
        assert len(logged) == b.interaction_count
        assert OLDER not in talks.records
        assert f"{b.interaction_count} of" not in str(talks.border_title)


async def test_the_news_cursor_stays_in_place_after_m_and_d(sample: Sample) -> None:
    from prepdeck.feeds.parse import Entry

    store = Store(sample.path)
    feed = store.add_feed("https://more.example/feed", title="Freight Weekly", tags=["logistics"])
    titles = [
        "Battery recycling plant opens near Poznań, Poland",
        "Logistics firms in Poland face a battery audit",
        "Warsaw warehouses adapt to the battery regulation",
    ]
    entries = [
        Entry(f"m{n}", title, f"https://more.example/{n}", title, f"2026-11-2{n} 07:00:00")
        for n, title in enumerate(titles)
    ]
    store.ingest_articles(feed.id, entries, first_seen="2026-11-22 09:00:00")
    store.close()
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_first(app, pilot)
        news = screen.news
        assert news.option_count >= 4
        news.focus()
        news.highlighted = 1
        await pilot.pause()
        keys = [news.get_option_at_index(i).id for i in range(news.option_count)]
        await pilot.press("m")
        await settle(app, pilot)
        # A marked article leaves the ranked list (it waits in the queue) or stays marked:
        # either way the cursor is on the same line, not back at the top.
        assert news.highlighted == 1
        expected = keys[1] if keys[1] in news.records else keys[2]
        assert news.highlighted_option.id == expected
        await pilot.press("d")
        await settle(app, pilot)
        assert expected not in news.records  # dismissed
        assert news.highlighted == 1  # (the rest may re-rank: a dismissal teaches the ranker)
        assert news.has_focus


async def test_quick_capture_from_the_highlighted_row_on_home(sample: Sample) -> None:
    from textual.widgets import Input

    from prepdeck.screens.capture import CaptureScreen
    from prepdeck.widgets.client_table import ClientTable
    from prepdeck.widgets.key_bar import KeyBar

    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        home = app.screen
        table = home.query_one(ClientTable)
        table.move_cursor(row=table.get_row_index(str(sample.bob)))  # Bob's row
        await pilot.pause()
        for key, kind in (("alt+n", "note"), ("alt+p", "promise"), ("alt+l", "interaction")):
            await pilot.press(key)
            await pilot.pause()
            form = app.screen
            assert isinstance(form, CaptureScreen)
            assert (form.kind, form.client_id) == (kind, sample.bob)
            footer = str(form.query_one(KeyBar).render())
            assert "Save" in footer and "Cancel" in footer  # its own keys, not home's
            assert "Archived" not in footer
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is home
        await pilot.press("p", "r")  # plain letters still filter
        await pilot.pause()
        assert home.query_one("#filter", Input).value == "pr"


async def test_every_form_has_its_own_footer(sample: Sample) -> None:
    from prepdeck.screens.client_form import ClientFormScreen
    from prepdeck.screens.feed_form import FeedFormScreen
    from prepdeck.widgets.key_bar import KeyBar

    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for form in (ClientFormScreen(), FeedFormScreen([])):
            await app.push_screen(form)
            await pilot.pause()
            bar = form.query_one(KeyBar)
            assert bar.region.bottom == 24 and "Archived" not in str(bar.render())
            app.pop_screen()
            await pilot.pause()


async def test_a_search_hit_opens_its_client_at_the_record_and_esc_returns(
    sample: Sample,
) -> None:
    from textual.widgets import Input

    from prepdeck.screens.search import SearchScreen

    store = Store(sample.path)
    for n in range(12):  # the hit is an older note, listed only on request
        store.add_note(sample.priya, f"Filler note {n}")
    target = store.add_note(sample.priya, "Zanzibar ferry timetable for the spring")
    store.close()
    conn = sqlite3.connect(sample.path)
    with conn:
        conn.execute("UPDATE notes SET created_at = '2020-01-01' WHERE id = ?", [target.id])
    conn.close()
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        search = app.screen
        assert isinstance(search, SearchScreen)
        search.query_one(Input).value = "zanzibar"
        await settle(app, pilot)
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BriefingScreen) and screen.client_id == sample.priya
        assert screen.notes.has_focus
        assert screen.notes.highlighted_option.id == f"note-{target.id}"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is search  # back where the user was, results kept
        screen.promises.focus()  # the briefing screen is kept: the next open reuses it
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and screen.notes.has_focus
        assert screen.notes.highlighted_option.id == f"note-{target.id}"
