"""The client's own news in the briefing (issue 15): shown first, to read, never to send."""

from __future__ import annotations

from pd_pilot import dump, open_first, toasts  # type: ignore[import-not-found]
from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, settle  # type: ignore[import-not-found]

from prepdeck.app import make_app
from prepdeck.feeds.parse import Entry
from prepdeck.screens.article import ArticleScreen
from prepdeck.store import Store
from prepdeck.widgets.news_list import THEIR_NEWS, NewsList

SIZE = (100, 32)


def add_own_news(sample: Sample) -> int:
    """An article naming Priya's company, Patel Logistics."""
    store = Store(sample.path)
    try:
        feed = store.add_feed("https://wire.example/feed", title="Trade Wire")
        store.ingest_articles(
            feed.id,
            [
                Entry(
                    "own",
                    "Patel Logistics opens a Poznań battery depot",
                    "https://wire.example/own",
                    "Patel Logistics said the depot follows Poland's battery regulation.",
                    "2026-11-22 07:00:00",
                )
            ],
            first_seen="2026-11-22 09:00:00",
        )
        return next(r["id"] for r in store.rows("SELECT id FROM articles WHERE guid = 'own'"))
    finally:
        store.close()


async def test_their_news_is_shown_first_and_is_not_marked_to_send(sample: Sample) -> None:
    own = add_own_news(sample)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(app, pilot)
        news = screen.query_one(NewsList)
        first = news.get_option_at_index(0)
        assert first.id == f"own-{own}"
        assert str(first.prompt).startswith(THEIR_NEWS + "Patel Logistics opens")
        assert "1 their own" in str(news.border_title)
        assert f"news-{own}" not in news.records  # not among the suggestions as well
        news.focus()
        news.highlighted = 0
        shares = dump(sample.path, "shares")
        await pilot.press("m")
        await settle(app, pilot)
        assert dump(sample.path, "shares") == shares
        assert "Their own news is for the meeting, not to send them." in toasts(app)
        await pilot.press("enter")  # it opens to read, without mark or dismiss
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.check_action("dismiss", ("mark",)) is False
