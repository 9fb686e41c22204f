"""What the briefing can change besides notes and news: the client, its people, promises
dropped, complaints resolved, and the briefing saved as a file. A mixin of BriefingScreen."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prepdeck import undo, undo_manage
from prepdeck.briefing import MeetingPerson
from prepdeck.models import Contact
from prepdeck.widgets.promise_list import PromiseList
from prepdeck.widgets.talk_list import TalkList

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp
    from prepdeck.briefing import Briefing

PaletteCommand = tuple[str, Callable[[], Any], str]


def briefing_path(db_path: Path, client_name: str, day: str) -> Path:
    """Where an exported briefing goes: a folder beside the database, like the drafts."""
    slug = re.sub(r"[^a-z0-9]+", "-", client_name.lower()).strip("-") or "client"
    return Path(db_path).with_name(f"{Path(db_path).stem}-briefings") / f"{slug}-{day}.md"


class BriefingManageMixin:
    """Actions and palette entries; the screen supplies client_id, briefing and app."""

    client_id: int
    briefing: Briefing | None
    app: Any
    post_message: Any

    @property
    def _app(self) -> PrepdeckApp:
        return self.app

    def action_edit_client(self) -> None:
        from prepdeck.screens.client_form import ClientFormScreen

        if self.briefing is not None:
            self._app.push_screen(ClientFormScreen(self.briefing.client))

    def action_add_contact(self) -> None:
        from prepdeck.screens.contact_form import ContactFormScreen

        if self.briefing is not None:
            self._app.push_screen(ContactFormScreen(self.client_id, self.briefing.client.name))

    def new_invitees(self) -> list[MeetingPerson]:
        """People on the next meeting's invite who are not yet stored (the briefing's "new")."""
        if self.briefing is None:
            return []
        return [p for p in self.briefing.meeting_people if not p.known and p.email]

    def action_remember_invitee(self, person: MeetingPerson | None = None) -> None:
        """The contact form filled in with an invitee's name and email: the first new one
        unless named, so pressing the key again walks through them."""
        from prepdeck.screens.contact_form import ContactFormScreen

        new = self.new_invitees()
        person = person or (new[0] if new else None)
        if person is None or self.briefing is None:
            return
        name = "" if person.name == person.email else person.name
        prefill = {"name": name, "email": person.email}
        screen = ContactFormScreen(self.client_id, self.briefing.client.name, prefill=prefill)
        self._app.push_screen(screen)

    def edit_contact(self, contact: Contact) -> None:
        from prepdeck.screens.contact_form import ContactFormScreen

        name = self.briefing.client.name if self.briefing else ""
        self._app.push_screen(ContactFormScreen(self.client_id, name, contact))

    def action_archive(self) -> None:
        """Ended clients leave the home list (ctrl+o shows them); undo or Restore brings
        them back."""
        if self.briefing is None:
            return
        client = self.briefing.client
        status = "active" if client.status == "ended" else "ended"
        self._app.write(partial(undo_manage.edit_client, client_id=client.id, status=status))

    def on_promise_list_drop_requested(self, event: PromiseList.DropRequested) -> None:
        """Drops at once; the toast offers undo (the app's one rule for destructive keys)."""
        self._app.write(
            partial(
                undo.set_promise_status,
                promise_id=event.promise.id,
                status="dropped",
                on=self._app.today,
            )
        )

    def on_talk_list_resolve_requested(self, event: TalkList.ResolveRequested) -> None:
        self._app.write(
            partial(undo.resolve_complaint, interaction_id=event.interaction.id, on=self._app.today)
        )

    def action_export(self) -> None:
        """Save the briefing as Markdown beside the database (owner-only), as `brief` prints it."""
        from prepdeck.export import render_briefing
        from prepdeck.transfer import write_private_file

        if self.briefing is None:
            return
        app = self._app
        path = briefing_path(app.db_path, self.briefing.client.name, app.today.isoformat())
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_private_file(path, render_briefing(self.briefing, "markdown"))
        except Exception as error:  # a read-only folder, a full disk: one line
            app.report(error)
            return
        app.notify(f"Saved the briefing to {path}", markup=False, timeout=8)

    def manage_commands(self) -> list[PaletteCommand]:
        """The palette's entries for this client."""
        if self.briefing is None:
            return []
        client = self.briefing.client
        name = client.name
        archive = "Restore" if client.status == "ended" else "Archive"
        found: list[PaletteCommand] = [
            (f"client: Edit {name}", self.action_edit_client, "Every field (e)"),
            (f"client: {archive} {name}", self.action_archive, "Status ended hides from home"),
            (f"contact: New contact at {name}", self.action_add_contact, "A person there (c)"),
            (f"briefing: Export {name}'s briefing", self.action_export, "Markdown file"),
        ]
        for person in self.new_invitees():
            found.append(
                (
                    f"contact: Remember {person.name} ({person.email}) as a contact of {name}",
                    partial(self.action_remember_invitee, person),
                    "On the next meeting's invite (i)",
                )
            )
        for contact in self.briefing.contacts:
            found.append(
                (f"contact: Edit {contact.name}", partial(self.edit_contact, contact), name)
            )
        for item in self.briefing.open_promises:
            drop = partial(self._ask, PromiseList.DropRequested(item.promise))
            found.append((f"promise: Drop {item.promise.text}", drop, "Undo takes it back (x)"))
        for talk in self.briefing.interactions:
            if talk.complaint and not talk.resolved_on:
                resolve = partial(self._ask, TalkList.ResolveRequested(talk))
                title = f"complaint: Resolve {talk.happened_on:%d %b} {talk.text}"
                found.append((title, resolve, "Marks it resolved today (r)"))
        return found

    def _ask(self, message: Any) -> None:
        """Handle a palette entry as the key in the list would have been."""
        self.post_message(message)
