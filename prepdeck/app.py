"""The Textual app: one factory builds it for `prepdeck`, `prepdeck demo` and every test."""

from __future__ import annotations

import asyncio
import gc
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from prepdeck import dates, hangup
from prepdeck.commands import ClientCommands
from prepdeck.config import Config, load_config
from prepdeck.errors import PrepdeckError
from prepdeck.messages import ClientOpenRequested, DataChanged, FeedsFetched, FetchProgressed
from prepdeck.store import Store, describe_sqlite_error


class PrepdeckApp(App[None]):
    """Home, briefing, share queue and search over one store, with today fixed at start."""

    CSS_PATH = "app.tcss"
    TITLE = "prepdeck"
    COMMANDS = App.COMMANDS | {ClientCommands}
    # Breakpoints add -narrow / -wide to every screen so app.tcss can re-flow the briefing.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]
    # Letters stay free for type-to-filter and each screen's own keys, so globals are
    # punctuation or ctrl keys. Each is declared here alone (one id each, for the [keys]
    # keymap); a screen names those its footer shows in GLOBAL_KEYS_SHOWN.
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Every key on this screen"),
        Binding("slash", "search", "Search", id="search", tooltip="Full-text search everything"),
        Binding(
            "ctrl+t",
            "share_queue",
            "To send",
            id="share_queue",
            tooltip="Articles marked to send, with drafted notes",
            show=False,
        ),
        Binding(
            "ctrl+r",
            "refresh",
            "Refresh",
            id="refresh",
            tooltip="Fetch every feed in the background",
            show=False,
        ),
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Leave (all is saved)", show=False),
    ]

    def __init__(
        self,
        store: Store,
        config: Config,
        *,
        today: date | None = None,
        client_id: int | None = None,
    ) -> None:
        """Services come in built (make_app opens them): the App opens nothing itself."""
        super().__init__()
        self.open_first = client_id  # `prepdeck --next`: the briefing to open on
        # Two connections. `store` is the UI thread's, for quick reads (WAL: never blocked by
        # a writer). Thread workers share the other, one at a time, for slow reads and every
        # write, so waiting on a lock held by `prepdeck fetch` never freezes the screen.
        self.store = store
        self.config = config
        self.db_path = store.path
        self.today = today or dates.today()
        self._background: Store | None = None
        self._lock = threading.RLock()
        self.fetch_progress: tuple[int, int] | None = None
        self._briefing: Any = None  # the BriefingScreen, once first opened
        self._terminals: list[int] = []
        self._hanging_up = False
        self.set_keymap(config.keys)
        saved_theme = self.store.get_setting("theme")
        if saved_theme and saved_theme in self.available_themes:
            self.theme = saved_theme

    def on_mount(self) -> None:
        if self.open_first is not None:
            self.post_message(ClientOpenRequested(self.open_first))
        if self.store.notice:  # the database was tightened to 0600 as it opened
            self.notify(self.store.notice, markup=False, timeout=10)
        if not self.is_headless:
            self._watch_terminal()

    def _watch_terminal(self) -> None:
        """Exit on SIGHUP (even if inherited as ignored) or once the terminal is gone."""
        self._terminals = hangup.terminal_fds()
        if self._terminals:
            self.set_interval(1.0, self._check_terminal, name="terminal-watch")
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.hang_up)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            pass  # no SIGHUP here (Windows), or not the main thread

    def _check_terminal(self) -> None:
        if hangup.terminal_lost(self._terminals):
            self.hang_up()

    def hang_up(self) -> None:
        """The terminal is gone: stop, with the status a shell gives a hung-up process."""
        if self._hanging_up:
            return
        self._hanging_up = True
        hangup.end_process_soon(hangup.HANGUP_STATUS)
        self.exit(return_code=hangup.HANGUP_STATUS)

    def breakpoint_classes(self, width: int) -> dict[str, bool]:
        """The -narrow / -wide classes Screen._on_resize gives a screen of this width.

        Screens set them in compose, before their first frame: when the first Resize added
        them instead, every widget was restyled and the client table repainted in full.
        """
        breakpoints = sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True)
        chosen = next((name for at, name in breakpoints if width >= at), None)
        return {name: name == chosen for _, name in breakpoints}

    def get_default_screen(self) -> Screen[Any]:
        from prepdeck.screens.clients import ClientsScreen

        return ClientsScreen()

    @contextmanager
    def db(self) -> Iterator[Store]:
        """The worker threads' store, held for the calling thread alone while the block runs."""
        with self._lock:
            if self._background is None:
                self._background = Store(self.db_path)
            yield self._background

    def save(
        self,
        what: str,
        change: Callable[[Store], Any],
        *,
        client_id: int | None,
        done: Callable[[str | None], None] | None = None,
    ) -> None:
        """Run a write in a thread so a database locked by `prepdeck fetch` never freezes us.

        `done` is called on the UI thread once the write has committed (with None) or
        failed (with the one-line reason, which it then owns): a form closes only then.
        """
        self._save(what, change, client_id, done)

    @work(thread=True, group="save", exit_on_error=False)
    def _save(
        self,
        what: str,
        change: Callable[[Store], Any],
        client_id: int | None,
        done: Callable[[str | None], None] | None,
    ) -> None:
        try:
            with self.db() as store:
                change(store)
        except Exception as error:
            if done is None:
                raise
            self.call_from_thread(done, self.describe(error))
            return
        self.post_message(DataChanged(client_id, what))
        if done is not None:
            self.call_from_thread(done, None)

    @on(DataChanged)
    def _forward_change(self, event: DataChanged) -> None:
        if event.what:
            self.notify(event.what, markup=False, timeout=4)
        for screen in self.screen_stack:
            screen.post_message(DataChanged(event.client_id))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker becomes a sentence for the user."""
        if event.state != WorkerState.ERROR:
            return
        if event.worker.group == "fetch":
            self.fetch_progress = None
            self._show_progress()
        self.report(event.worker.error)

    def describe(self, error: BaseException | None) -> str:
        """What went wrong, in one sentence for the user."""
        if isinstance(error, PrepdeckError):
            return str(error)
        if isinstance(error, sqlite3.Error):
            return describe_sqlite_error(error, self.db_path)
        return f"Something went wrong: {error}"

    def report(self, error: BaseException | None) -> None:
        """Tell the user, in one sentence, what went wrong; the app carries on."""
        self.notify(self.describe(error), severity="error", markup=False, timeout=8)

    @on(ClientOpenRequested)
    def open_client(self, event: ClientOpenRequested) -> None:
        """One briefing screen, kept and reused: composing it anew costs more than its data."""
        from prepdeck.screens.briefing import BriefingScreen

        if self._briefing is None:
            self._briefing = BriefingScreen(event.client_id)
            self.install_screen(self._briefing, "briefing")
        screen = self._briefing
        if screen in self.screen_stack:
            while self.screen is not screen:
                self.pop_screen()
            screen.show_client(event.client_id, event.focus)
            return
        while self.screen.is_modal:
            self.pop_screen()
        screen.show_client(event.client_id, event.focus)
        self.push_screen(screen)

    def action_help(self) -> None:
        from prepdeck.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_search(self) -> None:
        from prepdeck.screens.search import SearchScreen

        self.push_screen(SearchScreen())

    def action_share_queue(self) -> None:
        from prepdeck.screens.share_queue import ShareQueueScreen

        if not isinstance(self.screen, ShareQueueScreen):
            self.push_screen(ShareQueueScreen())

    def action_refresh(self) -> None:
        if self.fetch_progress is not None:
            self.notify("Already refreshing the feeds.", timeout=3)
            return
        self.fetch_progress = (0, 0)
        self._show_progress()
        self.fetch_feeds()

    # thread=True: fetch_all writes articles on its calling thread and may wait on a lock held
    # by a `prepdeck fetch` in a shell, so it gets an event loop of its own, off the UI's.
    @work(thread=True, exclusive=True, group="fetch", exit_on_error=False)
    async def fetch_feeds(self) -> None:
        """Fetch on a Store of its own: the UI's connection stays free for the screens."""
        from prepdeck.feeds import fetch_all

        def progress(done: int, total: int, _result: object) -> None:
            self.post_message(FetchProgressed(done, total))

        from prepdeck.calendar.sync import sync_calendars_async

        config = self.config
        store = Store(self.db_path)
        try:
            summary = await fetch_all(
                store,
                concurrency=config.concurrency,
                per_host=config.per_host,
                run_timeout=config.run_timeout,
                progress=progress,
            )
            await sync_calendars_async(store)  # meetings come in with the news
        finally:
            store.close()
        self.post_message(FeedsFetched(summary))

    @on(FetchProgressed)
    def _fetch_progressed(self, event: FetchProgressed) -> None:
        self.fetch_progress = (event.done, event.total)
        self._show_progress()

    @on(FeedsFetched)
    def _feeds_fetched(self, event: FeedsFetched) -> None:
        self.fetch_progress = None
        self._show_progress()
        self.notify(describe_fetch(event.summary), markup=False, timeout=6)
        self.post_message(DataChanged(None))

    def _show_progress(self) -> None:
        from prepdeck.widgets.fetch_bar import FetchBar

        for bar in self.screen.query(FetchBar):
            bar.show(self.fetch_progress)

    def watch_theme(self, theme: str) -> None:
        if hasattr(self, "store") and self.is_running:
            self._remember_theme(theme)

    @work(thread=True, exclusive=True, group="theme", exit_on_error=False)
    def _remember_theme(self, theme: str) -> None:
        """Keep the theme chosen from the palette for the next start."""
        with self.db() as store:
            if store.get_setting("theme") != theme:
                store.set_setting("theme", theme)


def describe_fetch(summary: Any) -> str:
    """One line about a finished refresh (a FetchSummary from the feed engine)."""
    totals = summary.totals() if hasattr(summary, "totals") else {}
    if not totals.get("feeds"):
        return "No feeds to refresh yet: add one with `prepdeck feed add URL`."
    parts = [f"{totals['new_articles']} new articles from {totals['feeds']} feeds"]
    if totals.get("not_modified"):
        parts.append(f"{totals['not_modified']} unchanged")
    if totals.get("failed"):
        parts.append(f"{totals['failed']} failed (`prepdeck feed list` says why)")
    return "Refreshed: " + ", ".join(parts) + "."


def make_app(
    db_path: Path | str,
    *,
    today: date | None = None,
    config: Config | None = None,
    client_id: int | None = None,
) -> PrepdeckApp:
    """The one place the app is built: the CLI, the demo and the tests all come here.

    It opens the services (the store, the config file unless one is given) and hands
    them to the App, so a test can pass its own.
    """
    config = config if config is not None else load_config()
    return PrepdeckApp(Store(Path(db_path)), config, today=today, client_id=client_id)


_tuned = False
# Collect the youngest objects after 50,000 net allocations, not 700. Every repaint
# leaves thousands of objects in reference cycles (Textual's strips cache themselves),
# so at the default each briefing set off several collections, and every few opens a
# full one over the whole heap of render caches: 35 ms of collecting per open, against
# 11 ms now. The garbage waiting meanwhile is a few megabytes.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Once, in the process that runs the app (never in tests, which build many apps):
    move what the imports made (Textual, Rich, prepdeck: kept for the process's life) out
    of the collector's reach, and collect less often.

    Building the 500-row home table allocates enough to trigger full collections, and each
    walked every imported object: about 100 ms of the start-up went on them.
    """
    global _tuned
    if not _tuned:
        _tuned = True
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)


def run_app(db_path: Path | str, *, client_id: int | None = None, headless: bool = False) -> int:
    """Open the app on this database (on one client's briefing); the exit status once the
    user quits.

    Non-zero after an unexpected error (Textual prints its traceback and stops):
    a script or `make` must not take a crash for a normal quit.
    """
    tune_gc()
    app = make_app(db_path, client_id=client_id)
    app.run(headless=headless)
    return app.return_code or 0
