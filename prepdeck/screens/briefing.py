"""The briefing: one client on one screen, with promises to tick off and news to send."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from prepdeck import undo
from prepdeck.briefing import Briefing, build_briefing
from prepdeck.errors import NotFound, PrepdeckError
from prepdeck.messages import DataChanged
from prepdeck.models import Interaction, Meeting, Note, Promise, Suggestion
from prepdeck.screens.briefing_manage import BriefingManageMixin
from prepdeck.screens.styled_once import StyledOnce
from prepdeck.widgets.briefing_header import BriefingHeader, invited_content
from prepdeck.widgets.fetch_bar import FetchBar
from prepdeck.widgets.health_panel import HealthPanel
from prepdeck.widgets.key_bar import KeyBar
from prepdeck.widgets.news_list import NewsList
from prepdeck.widgets.note_list import NoteList
from prepdeck.widgets.promise_list import PromiseList
from prepdeck.widgets.record_list import RecordList
from prepdeck.widgets.scroll_body import ScrollBody
from prepdeck.widgets.scroll_section import ScrollSection
from prepdeck.widgets.talk_list import TalkList

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp


def people_content(b: Briefing) -> Content:
    invited = invited_content(b)
    if not b.contacts:
        empty = Content.styled("No contacts stored yet: c adds one.", "$text-muted")
        return Content("\n").join([invited, empty]) if invited else empty
    lines = [invited] if invited else []
    for c in b.contacts:
        parts: list[str | tuple[str, str]] = [(c.name, "bold")]
        if c.role:
            parts.append(f"  {c.role}")
        if c.authority:
            parts.append((f" ({c.authority})", "$text-muted"))
        if c.address_as:
            parts += [("  address as ", "$text-muted"), c.address_as]
        if c.email:
            parts.append((f"  {c.email}", "$text-muted"))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


class BriefingScreen(StyledOnce, BriefingManageMixin, Screen[None]):
    """Header, then ask-about, promises and news on the left, the history on the right."""

    # The name is in the briefing's own header; a per-client title cost another frame.
    SUB_TITLE = "Briefing"
    AUTO_FOCUS = ""  # on_mount focuses the promises, without scrolling the body
    LEGEND = (
        "☐ an open promise (red when overdue), ☑ a kept one; ◆ a pinned note, ⚠ never to be "
        "mentioned. ▼ N more: entries (or lines) out of sight, tab to the section to scroll. "
        "In News: m marks an article to send, d dismisses it, o opens it, ⏎ reads the summary."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="briefing.back", tooltip="Back home"),
        Binding(
            "a",
            "after_meeting",
            "After",
            id="briefing.after",
            tooltip="Log the meeting, promises made and kept, the next meeting",
        ),
        Binding("n", "capture('note')", "Note", id="briefing.note", tooltip="Add a note"),
        Binding("p", "capture('promise')", "Promise", id="briefing.promise", tooltip="Add one"),
        Binding("l", "capture('interaction')", "Log", id="briefing.log", tooltip="Log a talk"),
        Binding("e", "edit_client", "Client", id="briefing.edit", tooltip="Edit the client"),
        Binding("c", "add_contact", "Contact", id="briefing.contact", tooltip="Add a person"),
        Binding(
            "i",
            "remember_invitee",
            "Invitee",
            id="briefing.invitee",
            tooltip="Remember someone new on the next meeting's invite as a contact",
        ),
        Binding(
            "u",
            "app.undo",
            "Undo",
            id="briefing.undo",
            tooltip="Undo the newest change made in the app, whichever it was",
            show=False,
        ),
    ]
    GLOBAL_KEYS_SHOWN = ("share_queue",)  # the App's, in this footer too

    @dataclass
    class Shown(Message):
        """A client's briefing has been painted (tests and the benchmark wait on it)."""

        client_id: int

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.briefing: Briefing | None = None
        self._reveal_on_mount: str | None = None
        self._ready_on_mount: Briefing | None = None  # built ahead, for the first open
        self._gone = False  # the client went while a form was open over this screen

    @property
    def prepdeck(self) -> PrepdeckApp:
        return self.app

    def compose(self) -> ComposeResult:
        # Kept as attributes: each query_one walks the DOM, ~0.3 ms a time on every open.
        self.header = BriefingHeader("Loading…", id="briefing-header")
        self.missing = Static("", id="missing")
        self.notes = NoteList("Nothing to ask about yet.", id="notes", classes="section")
        self.promises = PromiseList("No open promises.", id="promises", classes="section")
        self.talks = TalkList("No conversations logged.", id="talks", classes="section")
        self.news = NewsList("No news matched yet.", id="news", classes="section")
        self.health = HealthPanel(id="health", classes="section")
        self.agreed = Static("", id="agreed")
        self.people = Static("", id="people")
        # Text in a section Tab reaches and the arrows scroll, as the lists are.
        self.agreed_section = ScrollSection(self.agreed, id="agreed-section", classes="section")
        self.people_section = ScrollSection(self.people, id="people-section", classes="section")
        yield Header(icon="◆")
        yield self.header
        yield self.missing
        # The body is the two columns itself (one above the other when narrow): every
        # container level is another full-height layer to lay out and paint.
        with ScrollBody(id="briefing-body"):
            with Vertical(classes="column", id="left"):
                yield self.notes
                yield self.promises
                yield self.news
            with Vertical(classes="column", id="right"):
                yield self.talks
                yield self.health
                yield self.agreed_section
                yield self.people_section
        yield FetchBar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.health.border_title = "Health"
        self.agreed_section.border_title = "Agreed"
        self.people_section.border_title = "People"
        self.promises.focus(scroll_visible=False)
        ready, self._ready_on_mount = self._ready_on_mount, None
        self.load(ready)
        if self._reveal_on_mount:  # after the first focus has settled
            self.call_after_refresh(self.reveal, self._reveal_on_mount)

    def on_screen_resume(self) -> None:
        if self._gone:  # its client went while a form was open over it
            self._gone = False
            self.call_later(self.app.pop_screen)

    def show_client(
        self, client_id: int, focus: str | None = None, ready: Briefing | None = None
    ) -> None:
        """Reuse this screen for another client: the app keeps one, so opening is cheap.

        The new briefing is built (or `ready`, built ahead) before the screen is shown
        again, so the previous client's facts are never on screen under the new name.
        """
        if client_id == self.client_id and self.briefing is not None:
            self.load(ready)
            self.reveal(focus)
            return
        self.client_id = client_id
        self.briefing = None
        self._gone = False
        if self.is_mounted:
            self.promises.focus(scroll_visible=False)
            self.query_one("#briefing-body").scroll_home(animate=False)
            self.load(ready)
        else:
            self._ready_on_mount = ready
        self.reveal(focus)

    def reveal(self, key: str | None) -> None:
        """Put the cursor on a record (a search hit) in whichever section lists it."""
        if key is None or not self.is_mounted:
            self._reveal_on_mount = key
            return
        for section in (self.notes, self.promises, self.talks):
            if section.reveal(key):
                section.focus()
                return

    @on(DataChanged)
    def _changed(self, event: DataChanged) -> None:
        if event.client_id in (None, self.client_id):
            self.load()

    def load(self, ready: Briefing | None = None) -> None:
        """Show `ready` (built ahead while home highlighted the row), or build on the UI
        thread: ~20 ms even with 200,000 articles, and a worker thread started now would
        only slow it down, contending with the repaint for the GIL at every query.

        The cyclic garbage collector waits until the new briefing is painted. Each repaint
        leaves thousands of objects in reference cycles (Textual's strips cache themselves),
        and collecting them took 10-200 ms that landed in the middle of opening the next
        briefing; after the paint it costs the same while the user reads, as Textual does
        for scrolling (App.PAUSE_GC_ON_SCROLL).
        """
        app = self.prepdeck
        gc.disable()
        painting = False
        try:
            briefing = ready or build_briefing(app.store, self.client_id, app.today, remember=False)
            self._show(briefing)
            self.call_after_refresh(self._painted, briefing.client.id)
            painting = True
        except NotFound as error:  # an add undone, the client deleted from the CLI
            if self.briefing is None:  # asked for a client that is not there: say so
                app.report(error)
            self._client_gone()
        except (PrepdeckError, sqlite3.Error) as error:
            app.report(error)
        finally:
            if not painting:  # whatever went wrong, no paint will resume the collector
                gc.enable()

    def _client_gone(self) -> None:
        """The client is no longer stored: go back to the screen before. A form open over
        the briefing stays, with what was typed (its save says why it fails); the briefing
        goes once the form closes."""
        self.briefing = None
        if self.app.screen is self:
            self.app.pop_screen()
        elif self in self.app.screen_stack:
            self._gone = True

    def _painted(self, client_id: int) -> None:
        self.post_message(self.Shown(client_id))
        self.call_later(gc.enable)  # after Shown is handled

    def on_unmount(self) -> None:
        gc.enable()  # the app closed between a load and its paint

    def _show(self, briefing: Briefing) -> None:
        b = self.briefing = briefing
        self.header.show(b)
        self.missing.display = bool(b.missing)
        self.missing.update(
            Content.assemble(
                ("Not stored yet: ", "$warning bold"), (" ".join(b.missing), "$text-muted")
            )
        )
        for section in (self.notes, self.promises, self.talks, self.news):
            section.show_briefing(b)
        self.health.show(b)
        agreed = b.agreed or "Nothing agreed recorded yet: e edits the client."
        self.agreed.update(Content(agreed) if b.agreed else Content.styled(agreed, "$text-muted"))
        self.people.update(people_content(b))
        self.refresh_bindings()  # i is offered while the invite names someone new

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remember_invitee":
            return bool(self.new_invitees())
        return True

    # -- actions -----------------------------------------------------------
    @on(PromiseList.ToggleRequested)
    def _toggle(self, event: PromiseList.ToggleRequested) -> None:
        p, today = event.promise, self.prepdeck.today
        status = "kept" if p.status == "open" else "open"
        self.prepdeck.write(
            partial(undo.set_promise_status, promise_id=p.id, status=status, on=today)
        )

    @on(NewsList.ShareRequested)
    def _share(self, event: NewsList.ShareRequested) -> None:
        s, client_id = event.suggestion, self.client_id
        article = s.article
        if event.action == "mark":
            op = partial(
                undo.mark_share,
                client_id=client_id,
                article_id=article.id,
                title=article.title,
                reasons=s.reasons,
            )
        else:
            op = partial(
                undo.dismiss_share, client_id=client_id, article_id=article.id, title=article.title
            )
        self.prepdeck.write(op)

    @on(RecordList.EditRequested)
    def _edit(self, event: RecordList.EditRequested) -> None:
        record = event.record
        if isinstance(record, Suggestion):
            from prepdeck.screens.article import ArticleScreen

            # Their own news opens to read; marking or dismissing it is for suggestions.
            own = self.news.is_their_news(record)
            self.app.push_screen(ArticleScreen(record, for_client=not own), self._article_closed)
            return
        if isinstance(record, Meeting):  # a calendar meeting: log what was said at it
            self.action_after_meeting(record)
            return
        kind = {Note: "note", Promise: "promise", Interaction: "interaction"}[type(record)]
        self.action_capture(kind, record)

    def _article_closed(self, action: str | None) -> None:
        news = self.news
        if action in ("mark", "dismiss") and isinstance(news.current, Suggestion):
            news.post_message(NewsList.ShareRequested(news.current, action))

    def action_capture(self, kind: str, record: Any = None) -> None:
        from prepdeck.screens.capture import CaptureScreen

        name = self.briefing.client.name if self.briefing else ""
        if record is not None:
            # The briefing holds a bounded part of a long text; an edit must start from all of it.
            record = getattr(self.prepdeck.store, f"get_{kind}")(record.id)
        self.app.push_screen(CaptureScreen(kind, self.client_id, name, record))  # type: ignore[arg-type]  # Textual's push_screen is typed Screen[Any]; CaptureScreen is one

    def action_after_meeting(self, meeting: Meeting | None = None) -> None:
        """The guided after-meeting form; a calendar meeting fills in its date, title
        and attendees. Once saved, the news to send has the focus."""
        from prepdeck.screens.after_meeting import AfterMeetingScreen

        store, client_id = self.prepdeck.store, self.client_id
        screen = AfterMeetingScreen(
            store.get_client(client_id),
            store.list_contacts(client_id),
            store.list_promises(client_id, open_only=True),
            store.interaction_kinds(),
            self.prepdeck.today,
            meeting,
        )
        self.app.push_screen(screen, self._after_meeting_saved)

    def _after_meeting_saved(self, saved: bool | None) -> None:
        if saved:
            self.news.focus()
            self.notify("Now the articles worth sending: m marks one, ctrl+t the queue.")

    def palette_commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        """What the command palette offers while this briefing is open."""
        name = self.briefing.client.name if self.briefing else "this client"
        return [
            (
                f"after: After the meeting with {name}",
                self.action_after_meeting,
                "Log it, promises made and kept, the next meeting, then articles to send",
            ),
            (f"note: Add a note for {name}", partial(self.action_capture, "note"), "Quick note"),
            (f"promise: Add a promise to {name}", partial(self.action_capture, "promise"), ""),
            (
                f"log: Log a meeting with {name}",
                partial(self.action_capture, "interaction"),
                "A meeting, call or email",
            ),
            *self.manage_commands(),
        ]
