"""The command palette: "client: Open Acme Ltd", plus what the current screen can do."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from prepdeck.messages import ClientOpenRequested

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp


def _open_client(app: PrepdeckApp, client_id: int) -> None:
    app.post_message(ClientOpenRequested(client_id))


def _open_sender(app: PrepdeckApp) -> None:
    from prepdeck.screens.sender import SenderScreen

    app.push_screen(SenderScreen())


class ClientCommands(Provider):
    """Every client by name, and the actions of the screen the palette was opened on."""

    async def startup(self) -> None:
        app: PrepdeckApp = self.app  # type: ignore[assignment]

        def load() -> list[tuple[int, str, str | None]]:
            with app.db() as store:
                return [(c.id, c.name, c.company) for c in store.list_clients()]

        # Listing 500 clients is quick, but the palette must open without waiting on a lock.
        self.clients = await asyncio.to_thread(load)

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        app: PrepdeckApp = self.app  # type: ignore[assignment]
        found: list[tuple[str, Callable[[], Any], str]] = []
        screen_commands = getattr(self.screen, "palette_commands", None)
        if callable(screen_commands):
            found.extend(screen_commands())
        found.extend(
            [
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
        for client_id, name, company in self.clients:
            found.append(
                (
                    f"client: Open {name}",
                    partial(_open_client, app, client_id),
                    f"Briefing for {name}" + (f" ({company})" if company else ""),
                )
            )
        return found

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands()[:40]:
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
