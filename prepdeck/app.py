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
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from prepdeck import dates, hangup
from prepdeck.commands import ClientCommands
from prepdeck.config import Config, load_config
from prepdeck.errors import PrepdeckError
from prepdeck.messages import (
    BriefingBuiltAhead,
    ChangeWritten,
    ClientOpenRequested,
    DataChanged,
    FeedsFetched,
    FetchProgressed,
)
from prepdeck.prefetch import BriefingPrefetch, BuildAhead
from prepdeck.refresh import describe_fetch, failed_feeds
from prepdeck.store import Store, describe_sqlite_error

if TYPE_CHECKING:
    from prepdeck.screens.briefing import BriefingScreen
from prepdeck.undo import Change, UndoHistory, undo

# Seconds the home cursor rests on a row before its briefing is built ahead: longer than
# a held arrow key's repeat (~33 ms) or brisk tapping (~100 ms), whose every row would
# otherwise start a build that slows the next key; shorter than a user reading the row
# takes to press Enter.
BUILD_AHEAD_AFTER = 0.15
# Seconds after start before the ranking's place names load in a thread: home draws first.
WARM_AFTER_SECONDS = 0.5


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
        Binding(
            "ctrl+z",
            "undo",
            "Undo",
            id="undo",
            tooltip="Take back the newest change made in the app (u on most screens)",
            show=False,
        ),
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Leave (all is saved)", show=False),
    ]
    POLL_SECONDS = 1.0  # how often to look for writes by other processes (and midnight)

    def __init__(
        self,
        store: Store | None,
        config: Config,
        *,
        today: date | None = None,
        client_id: int | None = None,
        db_path: Path | None = None,
        notices: tuple[str, ...] = (),
    ) -> None:
        """Services come in built (make_app opens them): the App opens nothing itself, but
        for an encrypted file, whose store comes (`store` None, `db_path` given) once the
        passphrase screen has unlocked it."""
        super().__init__()
        self.open_first = client_id  # `prepdeck --next`: the briefing to open on
        # Two connections. `store` is the UI thread's, for quick reads (WAL: never blocked by
        # a writer). Thread workers share the other, one at a time, for slow reads and every
        # write, so waiting on a lock held by `prepdeck fetch` never freezes the screen.
        self.store: Store  # given, or opened once the passphrase screen has unlocked the file
        self.config = config
        given = store.path if store is not None else db_path
        if given is None:
            raise ValueError("PrepdeckApp needs a store, or the db_path of a locked file.")
        self.db_path = Path(given)
        self.today = today or dates.today()
        # A frozen today (tests, the benchmark) never rolls over; otherwise midnight does.
        self.clock: Callable[[], date] | None = None if today else dates.today
        self.history = UndoHistory()
        self._seen_version = 0  # the store's data_version, once there is a store
        self._background: Store | None = None
        self._lock = threading.RLock()
        self.fetch_progress: tuple[int, int] | None = None
        self._briefing: BriefingScreen | None = None  # kept once first opened
        self._ahead: BriefingPrefetch[ClientOpenRequested] = BriefingPrefetch()
        self._ahead_timer: Timer | None = None
        self._terminals: list[int] = []
        self._hanging_up = False
        self.set_keymap(config.keys)
        self._notices = list(notices)
        self.locked = store is None
        if store is not None:
            self._use_store(store)

    def _use_store(self, store: Store) -> None:
        self.store = store
        self._seen_version = store.data_version()
        saved_theme = self.store.get_setting("theme")
        if saved_theme and saved_theme in self.available_themes:
            self.theme = saved_theme

    def on_mount(self) -> None:
        if not self.is_headless:
            self._watch_terminal()
        if self.locked:
            from prepdeck.screens.unlock import UnlockScreen

            self.push_screen(UnlockScreen(self.db_path, self._notices))
            return
        self._opened()

    def unlocked(self) -> None:
        """The passphrase screen opened the file: load everything now, home first."""
        from prepdeck.screens.clients import ClientsScreen

        self._use_store(Store(self.db_path))  # the one store the App opens: after unlocking
        self.locked = False
        self.switch_screen(ClientsScreen())
        self._opened()

    def _opened(self) -> None:
        for notice in self._notices:  # e.g. the keyring was not there; the passphrase was
            self.notify(notice, severity="warning", markup=False, timeout=8)
        self.set_interval(self.POLL_SECONDS, self.poll)
        if self.open_first is not None:
            self.post_message(ClientOpenRequested(self.open_first))
        if self.store.notice:  # the database was tightened to 0600 as it opened
            self.notify(self.store.notice, markup=False, timeout=10)
        if not self.is_headless:  # after home is drawn; tests and benches pay it per process
            self.set_timer(WARM_AFTER_SECONDS, self._warm_ranking)

    @work(thread=True, group="warm", exit_on_error=False)
    def _warm_ranking(self) -> None:
        """Load the ranking's place names off the UI thread: else the first briefing opened
        pays ~350 ms for them (the next ones ~25 ms)."""
        from prepdeck.rank import places

        places.warm()

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

        Every screen takes them before its widgets are composed (screens/styled_once.py):
        when the first Resize added them instead, every widget was restyled, the client
        table repainted in full and the briefing drawn in one column, then in two.
        """
        breakpoints = sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True)
        chosen = next((name for at, name in breakpoints if width >= at), None)
        return {name: name == chosen for _, name in breakpoints}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nothing but quitting until an encrypted database is unlocked: every other action
        reads it."""
        if getattr(self, "locked", False) and action != "quit":
            return False
        return super().check_action(action, parameters)

    def get_default_screen(self) -> Screen[Any]:
        if self.locked:
            return Screen()  # blank under the passphrase screen, which home replaces
        from prepdeck.screens.clients import ClientsScreen

        return ClientsScreen()

    @contextmanager
    def db(self) -> Iterator[Store]:
        """The worker threads' store, held for the calling thread alone while the block runs."""
        with self._lock:
            if self._background is None:
                self._background = Store(self.db_path)
            yield self._background

    def write(
        self,
        change: Callable[[Store], Change],
        *,
        done: Callable[[str | None], None] | None = None,
    ) -> None:
        """Make one write through the undo history (a prepdeck.undo operation, say
        `partial(undo.mark_sent, share_id=…, on=…)`), in a thread so a database locked
        by `prepdeck fetch` never freezes us, then tell the user what was done and how to
        take it back. Every write the app makes comes here.

        `done` is called on the UI thread once the write has committed (with None) or
        failed (with the one-line reason, which it then owns): a form closes only then.
        """
        self._write(change, done)

    @work(thread=True, group="save", exit_on_error=False)
    def _write(
        self, change: Callable[[Store], Change], done: Callable[[str | None], None] | None
    ) -> None:
        try:
            with self.db() as store:
                made = change(store)
                if made.snapshots:  # under the lock: the history keeps the write order
                    self.history.record(made)
        except Exception as error:  # said once, here: the worker itself ends cleanly
            self.call_from_thread(done or self.report_reason, self.describe(error))
            return
        if done is not None:  # first: the form closes, so the toast names the key under it
            self.call_from_thread(done, None)
        self.post_message(ChangeWritten(made))

    def action_undo(self) -> None:
        """Take back the newest write made in the app, whichever screen made it."""
        change = self.history.pop()
        if change is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        self._undo(change)

    @work(thread=True, group="save", exit_on_error=False)
    def _undo(self, change: Change) -> None:
        try:
            with self.db() as store:
                undo(store, change)
        except Exception as error:
            self.history.record(change)  # still there to try again (a lock, say)
            self.call_from_thread(self.report_reason, self.describe(error))
            return
        self.post_message(ChangeWritten(change, undone=True))

    @on(ChangeWritten)
    def _change_written(self, event: ChangeWritten) -> None:
        change: Change = event.change
        if event.undone:
            said = f"Undone: {change.description}"
        elif change.snapshots:
            said = f"{change.done} · {self.undo_key()} undoes"
        else:
            said = change.done
        self._seen_version = self.store.data_version()  # our own write: already redrawn
        self.post_message(DataChanged(change.client_id, said))

    def undo_key(self) -> str:
        """The key that undoes on the screen in front: u where letters are not typed."""
        for active in self.screen.active_bindings.values():
            if active.binding.action in ("app.undo", "undo") and active.binding.key == "u":
                return "u"
        return "ctrl+z"

    @on(DataChanged)
    def _forward_change(self, event: DataChanged) -> None:
        self._ahead.forget()
        if event.what:
            self.notify(event.what, markup=False, timeout=4)
        for screen in self.screen_stack:
            screen.post_message(DataChanged(event.client_id))

    def poll(self) -> None:
        """Redraw what another process (the CLI, a cron fetch) changed, and roll today over
        at midnight. PRAGMA data_version on the UI's connection costs microseconds."""
        if self.clock is not None and (now := self.clock()) != self.today:
            self.today = now
            self.post_message(DataChanged(None))
            return
        if self.fetch_progress is not None:
            return  # our own refresh writes all the time; it redraws once when done
        version = self.store.data_version()
        if version != self._seen_version:
            self._seen_version = version
            self.post_message(DataChanged(None))

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
        self.report_reason(self.describe(error))

    def report_reason(self, reason: str) -> None:
        self.notify(reason, severity="error", markup=False, timeout=8)

    def build_ahead(self, client_id: int) -> None:
        """Build this client's briefing (highlighted on home) in a thread, once the cursor
        has rested on it for BUILD_AHEAD_AFTER."""
        self._stop_ahead_timer()
        if not self.locked:
            self._ahead_timer = self.set_timer(
                BUILD_AHEAD_AFTER, partial(self._start_ahead, client_id), name="build-ahead"
            )

    def _stop_ahead_timer(self) -> None:
        if self._ahead_timer is not None:
            self._ahead_timer.stop()
            self._ahead_timer = None

    def _start_ahead(self, client_id: int) -> None:
        self._ahead_timer = None
        job = self._ahead.want(client_id, self.store.data_version(), self.today)
        if job is not None:
            self._build_ahead(job)

    @work(thread=True, group="ahead", exit_on_error=False)
    def _build_ahead(self, job: BuildAhead[ClientOpenRequested]) -> None:
        from prepdeck.briefing import build_briefing

        briefing = None
        try:
            if self._ahead.is_current(job):  # not overtaken by another highlight while queued
                with self.db() as store:
                    if self._ahead.is_current(job):
                        briefing = build_briefing(store, job.client_id, job.today, remember=False)
        except (PrepdeckError, sqlite3.Error):
            pass  # the open builds it again on the UI thread, and reports what went wrong
        finally:
            self.post_message(BriefingBuiltAhead(job, briefing))

    @on(BriefingBuiltAhead)
    def _built_ahead(self, event: BriefingBuiltAhead) -> None:
        opening = self._ahead.finished(event.job, event.briefing)
        if opening is not None:
            self.open_client(opening)

    @on(ClientOpenRequested)
    def open_client(self, event: ClientOpenRequested) -> None:
        """One briefing screen, kept and reused: composing it anew costs more than its data.

        A briefing being built ahead (the client highlighted on home) is waited for
        rather than built a second time beside it.
        """
        from prepdeck.screens.briefing import BriefingScreen

        self._stop_ahead_timer()  # not built ahead yet: built now, and not again in a moment
        version = self.store.data_version()
        if self._ahead.wait(event, event.client_id, version, self.today):
            return
        ready = self._ahead.ready(event.client_id, version, self.today)
        if self._briefing is None:
            self._briefing = BriefingScreen(event.client_id)
            self.install_screen(self._briefing, "briefing")
        screen = self._briefing
        if screen in self.screen_stack:
            while self.screen is not screen:
                self.pop_screen()
            screen.show_client(event.client_id, event.focus, ready)
            return
        while self.screen.is_modal:
            self.pop_screen()
        screen.show_client(event.client_id, event.focus, ready)
        self.push_screen(screen)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Open a link in the browser; where none opens, say so and show the link."""
        if self._driver is None or self._driver.is_web:
            super().open_url(url, new_tab=new_tab)
            return
        self._open_in_browser(url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_in_browser(self, url: str) -> None:
        from prepdeck.export.launch import open_in_browser

        problem = open_in_browser(url)
        if problem:
            self.notify(
                f"Could not open a browser: {problem}. The link:\n{url}",
                severity="warning",
                markup=False,
                timeout=15,
            )

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
        failed = failed_feeds(event.summary)
        self.notify(
            describe_fetch(event.summary),
            markup=False,
            severity="warning" if failed else "information",
            timeout=12 if failed else 6,
        )
        self._seen_version = self.store.data_version()
        self.post_message(DataChanged(None))
        if failed:
            self.show_failed_feeds(failed)

    def show_failed_feeds(self, failed: list[str]) -> None:
        """A refresh with failures opens the feeds screen, at the first failing feed, with
        its error and next try. While the user is typing in a form the focus stays there:
        a toast names the feeds that failed and where to see them."""
        from prepdeck.screens.feeds import FeedsScreen, open_feeds

        if isinstance(self.screen, FeedsScreen):
            self.screen.show_failing()
        elif self.user_is_typing():
            failures = "\n".join(failed)
            self.notify(
                f"{failures}\nThe feeds screen (ctrl+p, Feeds) says more.",
                title="Feeds that failed",
                markup=False,
                timeout=12,
            )
        else:
            open_feeds(self, failing_first=True)

    def user_is_typing(self) -> bool:
        """A form, a modal or a text field in front: nothing may take the focus from it."""
        from textual.widgets import Input, TextArea

        screen = self.screen
        typing = isinstance(self.focused, (Input, TextArea))
        return typing or screen.is_modal or getattr(screen, "IS_FORM", False)

    def _show_progress(self) -> None:
        from prepdeck.widgets.fetch_bar import FetchBar

        kept = [self._briefing] if self._briefing is not None else []
        for screen in {*self.screen_stack, *kept}:  # under a form or kept hidden, too
            for bar in screen.query(FetchBar):
                bar.show(self.fetch_progress)

    def watch_theme(self, theme: str) -> None:
        if not getattr(self, "locked", True) and self.is_running:
            self._remember_theme(theme)

    @work(thread=True, exclusive=True, group="theme", exit_on_error=False)
    def _remember_theme(self, theme: str) -> None:
        """Keep the theme chosen from the palette for the next start."""
        with self.db() as store:
            if store.get_setting("theme") != theme:
                store.set_setting("theme", theme)


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
    from prepdeck.passphrase import PassphraseNeeded, open_unlocked

    config = config if config is not None else load_config()
    path = Path(db_path)
    notices: list[str] = []
    try:  # plain, or encrypted with a passphrase found without asking (keyring, environment)
        store = open_unlocked(path, ask=None, notice=notices.append)
    except PassphraseNeeded:
        store = None
    return PrepdeckApp(
        store, config, today=today, client_id=client_id, db_path=path, notices=tuple(notices)
    )


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
