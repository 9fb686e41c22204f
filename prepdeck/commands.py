"""The command palette: "client: Open Acme Ltd", plus what the current screen can do."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from prepdeck.messages import ClientOpenRequested
from prepdeck.models import Client

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp


def _highlight(matcher: Matcher, title: str) -> Content:
    """Matcher.highlight without its markup parse: a client name stays plain text."""
    content = Content(title)
    score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets if score else ():
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _open_client(app: PrepdeckApp, client_id: int) -> None:
    app.post_message(ClientOpenRequested(client_id))


def _new_client(app: PrepdeckApp) -> None:
    from prepdeck.screens.client_form import new_client

    new_client(app)


def _new_contact(app: PrepdeckApp, clients: list[Client]) -> None:
    from prepdeck.screens.contact_form import new_contact

    new_contact(app, [(c.name, c.id) for c in clients])


def _open_feeds(app: PrepdeckApp) -> None:
    from prepdeck.screens.feeds import open_feeds

    open_feeds(app)


def _open_unmatched(app: PrepdeckApp) -> None:
    from prepdeck.screens.unmatched_meetings import open_unmatched_meetings

    open_unmatched_meetings(app)


def client_title(client: Client) -> str:
    """'client: Open Priya Patel — Patel Logistics · logistics': found by any of the three."""
    also = " · ".join(filter(None, [client.company, client.industry]))
    archived = " (archived)" if client.status == "ended" else ""
    return f"client: Open {client.name}" + (f" — {also}" if also else "") + archived


def _open_sender(app: PrepdeckApp) -> None:
    from prepdeck.screens.sender import SenderScreen

    app.push_screen(SenderScreen())


class ClientCommands(Provider):
    """Every client by name, and the actions of the screen the palette was opened on."""

    async def startup(self) -> None:
        app: PrepdeckApp = self.app  # type: ignore[assignment]  # Textual types self.app as App; it is always PrepdeckApp

        def load() -> list[Client]:
            with app.db() as store:
                return store.list_clients()

        # Listing 500 clients is quick, but the palette must open without waiting on a lock.
        self.clients = await asyncio.to_thread(load)

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        app: PrepdeckApp = self.app  # type: ignore[assignment]  # Textual types self.app as App; it is always PrepdeckApp
        found: list[tuple[str, Callable[[], Any], str]] = []
        screen_commands = getattr(self.screen, "palette_commands", None)
        if callable(screen_commands):
            found.extend(screen_commands())
        newest = app.history.entries()[:1]
        if newest:  # the newest change in words: user text, shown unparsed like the rest
            found.append(("undo: Take back the newest change", app.action_undo, newest[0].done))
        found.extend(
            [
                ("client: New client", partial(_new_client, app), "Name first; ctrl+s saves"),
                (
                    "contact: New contact",
                    partial(_new_contact, app, self.clients),
                    "A person at one of your clients",
                ),
                (
                    "feeds: Manage feeds",
                    partial(_open_feeds, app),
                    "Add, tag, remove; why one fails",
                ),
                (
                    "calendar: Unmatched meetings",
                    partial(_open_unmatched, app),
                    "Meetings with no client: attach one, remember who is invited",
                ),
                ("share: Open the share queue", app.action_share_queue, "Articles marked to send"),
                (
                    "settings: Your name, email and signature",
                    partial(_open_sender, app),
                    "Who drafts are from",
                ),
                ("feeds: Refresh all feeds", app.action_refresh, "Fetch news in the background"),
                ("search: Search everything", app.action_search, "Notes, promises, articles…"),
                ("help: Show keys", app.action_help, "Every key on this screen"),
            ]
        )
        for client in self.clients:
            found.append(
                (
                    client_title(client),
                    partial(_open_client, app, client.id),
                    f"Briefing for {client.name}"
                    + (f" ({client.company})" if client.company else ""),
                )
            )
        return found

    # The palette parses a str prompt or help as markup, and a client's name is user
    # text; Content passes through unparsed (Content.from_markup returns it as it is),
    # though Hit and DiscoveryHit declare help as str: hence the type ignores.
    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands()[:40]:
            help_content = Content(help_text)
            yield DiscoveryHit(Content(title), callback, text=title, help=help_content)  # type: ignore[arg-type]  # Textual's help= is typed str; it renders Content too

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                shown, help_content = _highlight(matcher, title), Content(help_text)
                yield Hit(score, shown, callback, text=title, help=help_content)  # type: ignore[arg-type]  # Textual's help= is typed str; it renders Content too
