"""Notes, promises and interactions: what the user wrote down about a client."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from functools import cache
from typing import Any

from prepdeck import dates
from prepdeck.dates import today
from prepdeck.errors import NotFound, PrepdeckError
from prepdeck.models import SENSITIVITIES, Interaction, Note, Promise
from prepdeck.store.base import StoreBase
from prepdeck.untrusted import clean_chars


def _text(value: str, what: str) -> str:
    cleaned = clean_chars(value or "", multiline=True).strip()
    if not cleaned:
        raise PrepdeckError(f"The {what} text is empty; write what it says.")
    return cleaned


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


class RecordsMixin(StoreBase):
    # -- notes -------------------------------------------------------------
    def add_note(
        self,
        client_id: int,
        text: str,
        *,
        contact_id: int | None = None,
        ask_on: date | None = None,
        pinned: bool = False,
        sensitivity: str = "normal",
    ) -> Note:
        if sensitivity not in SENSITIVITIES:
            raise PrepdeckError(f"Sensitivity must be one of {', '.join(SENSITIVITIES)}.")
        self.get_client(client_id)  # type: ignore[attr-defined]  # PeopleMixin's, in the combined Store
        with self.transaction():
            note_id = self.insert_row(
                "notes",
                {
                    "client_id": client_id,
                    "contact_id": contact_id,
                    "text": _text(text, "note"),
                    "ask_on": _iso(ask_on),
                    "pinned": int(pinned),
                    "sensitivity": sensitivity,
                },
            )
        return self.get_note(note_id)

    def get_note(self, note_id: int) -> Note:
        row = self.row("SELECT * FROM notes WHERE id = ?", [note_id])
        if row is None:
            raise NotFound(f"No note with id {note_id}.")
        return Note.from_row(row)

    def update_note(self, note_id: int, **fields: Any) -> Note:
        if "text" in fields:
            fields["text"] = _text(fields["text"], "note")
        if "ask_on" in fields:
            fields["ask_on"] = _iso(fields["ask_on"])
        if "pinned" in fields:
            fields["pinned"] = int(bool(fields["pinned"]))
        with self.transaction():
            self.update_row("notes", self.get_note(note_id).id, fields)
        return self.get_note(note_id)

    def delete_note(self, note_id: int) -> None:
        with self.transaction():
            self._execute("DELETE FROM notes WHERE id = ?", [note_id])

    def list_notes(self, client_id: int) -> list[Note]:
        rows = self.rows(
            f"SELECT {_listed(Note)} FROM notes WHERE client_id = ?"
            " ORDER BY pinned DESC, created_at DESC, id DESC",
            [client_id],
        )
        return [Note.from_row(r) for r in rows]

    def notes_to_ask_about(self, start: date, end: date) -> list[Note]:
        """Across all clients: notes whose ask-on date falls in [start, end]."""
        rows = self.rows(
            f"SELECT {_listed(Note)} FROM notes WHERE ask_on BETWEEN ? AND ? ORDER BY ask_on, id",
            [start.isoformat(), end.isoformat()],
        )
        return [Note.from_row(r) for r in rows]

    # -- promises ----------------------------------------------------------
    def add_promise(
        self,
        client_id: int,
        text: str,
        *,
        due_on: date | None = None,
        made_on: date | None = None,
        contact_id: int | None = None,
    ) -> Promise:
        self.get_client(client_id)  # type: ignore[attr-defined]  # PeopleMixin's, in the combined Store
        with self.transaction():
            promise_id = self.insert_row(
                "promises",
                {
                    "client_id": client_id,
                    "contact_id": contact_id,
                    "text": _text(text, "promise"),
                    "made_on": (made_on or today()).isoformat(),
                    "due_on": _iso(due_on),
                    "status": "open",
                },
            )
        return self.get_promise(promise_id)

    def get_promise(self, promise_id: int) -> Promise:
        row = self.row("SELECT * FROM promises WHERE id = ?", [promise_id])
        if row is None:
            raise NotFound(f"No promise with id {promise_id}; `prepdeck promise list` shows them.")
        return Promise.from_row(row)

    def keep_promise(
        self, promise_id: int, on: date | None = None, *, today: date | None = None
    ) -> Promise:
        promise = self.get_promise(promise_id)
        if promise.status == "kept":
            raise PrepdeckError(f"Promise {promise_id} was already kept on {promise.kept_on}.")
        if promise.status == "dropped":
            raise PrepdeckError(
                f"Promise {promise_id} was dropped; `prepdeck promise reopen {promise_id}` "
                "first if it is owed after all."
            )
        return self.set_promise_status(promise_id, "kept", on, today=today)

    def drop_promise(self, promise_id: int) -> Promise:
        """Only an open promise is dropped: a kept one keeps its date until reopened."""
        promise = self.get_promise(promise_id)
        if promise.status == "kept":
            raise PrepdeckError(
                f"Promise {promise_id} was kept on {promise.kept_on}; dropping it would lose "
                f"that. `prepdeck promise reopen {promise_id}` first if it was not kept."
            )
        if promise.status == "dropped":
            raise PrepdeckError(f"Promise {promise_id} is already dropped.")
        return self.set_promise_status(promise_id, "dropped")

    def reopen_promise(self, promise_id: int) -> Promise:
        """Kept or dropped back to open: the one way a kept date is cleared on purpose."""
        promise = self.get_promise(promise_id)
        if promise.status == "open":
            raise PrepdeckError(f"Promise {promise_id} is already open.")
        return self.set_promise_status(promise_id, "open")

    def set_promise_status(
        self, promise_id: int, status: str, on: date | None = None, *, today: date | None = None
    ) -> Promise:
        """Open, kept (on a date, not after `today`) or dropped; reopening clears the kept
        date (undo)."""
        if status not in ("open", "kept", "dropped"):
            raise PrepdeckError(f"A promise is open, kept or dropped, not {status!r}.")
        current = today or dates.today()
        if status == "kept" and on is not None and on > current:
            raise PrepdeckError(
                f"A promise cannot be kept on {on.isoformat()}, a day still to come "
                f"(today is {current.isoformat()})."
            )
        kept_on = _iso(on or current) if status == "kept" else None
        with self.transaction():
            self.update_row(
                "promises", self.get_promise(promise_id).id, {"status": status, "kept_on": kept_on}
            )
        return self.get_promise(promise_id)

    def update_promise(self, promise_id: int, **fields: Any) -> Promise:
        if "text" in fields:
            fields["text"] = _text(fields["text"], "promise")
        for key in ("due_on", "made_on"):
            if key in fields:
                fields[key] = _iso(fields[key])
        with self.transaction():
            self.update_row("promises", self.get_promise(promise_id).id, fields)
        return self.get_promise(promise_id)

    def delete_promise(self, promise_id: int) -> None:
        with self.transaction():
            self._execute("DELETE FROM promises WHERE id = ?", [promise_id])

    def list_promises(
        self, client_id: int | None = None, *, open_only: bool = False
    ) -> list[Promise]:
        """Open ones first, earliest due first (undated last), then the rest newest first."""
        where, params = [], []
        if client_id is not None:
            where.append("client_id = ?")
            params.append(client_id)
        if open_only:
            where.append("status = 'open'")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self.rows(
            f"""SELECT {_listed(Promise)} FROM promises {clause}
                ORDER BY status != 'open', due_on IS NULL, due_on,
                         coalesce(kept_on, made_on) DESC, id""",
            params,
        )
        return [Promise.from_row(r) for r in rows]

    # -- interactions ------------------------------------------------------
    def log_interaction(
        self,
        client_id: int,
        text: str,
        *,
        kind: str = "meeting",
        on: date | None = None,
        satisfaction: int | None = None,
        complaint: bool = False,
        contact_id: int | None = None,
    ) -> Interaction:
        if satisfaction is not None and not 1 <= satisfaction <= 5:
            raise PrepdeckError(f"Satisfaction is a score from 1 to 5, not {satisfaction}.")
        kind = (kind or "meeting").strip().lower()
        if not kind:
            raise PrepdeckError("An interaction needs a kind (meeting, call, email, …).")
        self.get_client(client_id)  # type: ignore[attr-defined]  # PeopleMixin's, in the combined Store
        with self.transaction():
            interaction_id = self.insert_row(
                "interactions",
                {
                    "client_id": client_id,
                    "contact_id": contact_id,
                    "kind": kind,
                    "happened_on": (on or today()).isoformat(),
                    "text": _text(text, "interaction"),
                    "satisfaction": satisfaction,
                    "complaint": int(complaint),
                },
            )
        return self.get_interaction(interaction_id)

    def get_interaction(self, interaction_id: int) -> Interaction:
        row = self.row("SELECT * FROM interactions WHERE id = ?", [interaction_id])
        if row is None:
            raise NotFound(f"No interaction with id {interaction_id}.")
        return Interaction.from_row(row)

    def update_interaction(self, interaction_id: int, **fields: Any) -> Interaction:
        for key in ("happened_on", "resolved_on"):
            if key in fields:
                fields[key] = _iso(fields[key])
        with self.transaction():
            self.update_row("interactions", self.get_interaction(interaction_id).id, fields)
        return self.get_interaction(interaction_id)

    def delete_interaction(self, interaction_id: int) -> None:
        with self.transaction():
            self._execute("DELETE FROM interactions WHERE id = ?", [interaction_id])

    def resolve_complaint(self, interaction_id: int, on: date | None = None) -> Interaction:
        return self.update_interaction(interaction_id, resolved_on=on or today())

    def list_interactions(self, client_id: int, limit: int | None = None) -> list[Interaction]:
        """Newest first."""
        sql = (
            f"SELECT {_listed(Interaction)} FROM interactions WHERE client_id = ?"
            " ORDER BY happened_on DESC, id DESC"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [Interaction.from_row(r) for r in self.rows(sql, [client_id])]

    def last_contact_dates(self) -> dict[int, date]:
        """Each client's most recent interaction date (one query for the client table)."""
        rows = self.rows(
            "SELECT client_id, max(happened_on) AS last FROM interactions GROUP BY client_id"
        )
        return {r["client_id"]: date.fromisoformat(r["last"]) for r in rows}


# A list (a briefing, the due list, a draft) reads at most this much of one record's
# text: a megabyte pasted into a note by mistake must not be read, ranked and drawn at
# every briefing. get_note, get_promise and get_interaction read the whole text.
LISTED_TEXT = 4000


@cache
def _listed(model: type) -> str:
    """The SELECT columns of `model`, with its text cut at LISTED_TEXT characters (and …)."""
    names = [f.name for f in fields(model) if f.name != "text"]
    bounded = (
        f"CASE WHEN length(text) > {LISTED_TEXT} "
        f"THEN substr(text, 1, {LISTED_TEXT}) || '…' ELSE text END AS text"
    )
    return ", ".join([*names, bounded])
