"""Calendars and the meetings synced from them; imported mail's interactions."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from prepdeck.errors import NotFound, PrepdeckError
from prepdeck.models import Calendar, Meeting
from prepdeck.store.base import StoreBase, clean_row
from prepdeck.wording import one_line

MEETING_COLUMNS = (
    "calendar_id",
    "uid",
    "start",
    "end",
    "all_day",
    "title",
    "location",
    "video",
    "organizer",
    "attendees",
    "client_id",
    "matched_by",
    "attached",
)
# Positions in a meeting row as MEETING_COLUMNS orders it; the last three are how it was
# matched (client, rule, attached by hand).
_UID, _START = MEETING_COLUMNS.index("uid"), MEETING_COLUMNS.index("start")
_CLIENT, _ATTACHED = MEETING_COLUMNS.index("client_id"), MEETING_COLUMNS.index("attached")
assert MEETING_COLUMNS[_CLIENT:] == ("client_id", "matched_by", "attached")
_JSON = json.JSONEncoder(ensure_ascii=False)
_SELECT_MEETINGS = (
    "SELECT m.*, c.name AS client_name FROM meetings m LEFT JOIN clients c ON c.id = m.client_id"
)


def stamp(value: datetime) -> str:
    """Meeting times as stored: local wall-clock 'YYYY-MM-DD HH:MM', like next_meeting."""
    return value.isoformat(sep=" ", timespec="minutes")


class CalendarsMixin(StoreBase):
    # -- calendars ---------------------------------------------------------
    def add_calendar(self, name: str, source: str, kind: str) -> Calendar:
        name = one_line(name)
        if not name:
            raise PrepdeckError("A calendar needs a name (--name).")
        if self.row("SELECT id FROM calendars WHERE name = ?", [name]):
            raise PrepdeckError(f"A calendar named {name!r} exists; choose another --name.")
        taken = self.row("SELECT name FROM calendars WHERE source = ?", [source])
        if taken:
            raise PrepdeckError(f"That calendar is already added, as {taken['name']!r}.")
        with self.transaction():
            values = {"name": name, "source": source, "kind": kind}
            calendar_id = self.insert_row("calendars", values)
        return self.get_calendar(calendar_id)

    def get_calendar(self, ref: int | str) -> Calendar:
        """By id or by name (case-insensitive)."""
        if isinstance(ref, int):
            row = self.row("SELECT * FROM calendars WHERE id = ?", [ref])
        else:
            row = self.row("SELECT * FROM calendars WHERE name = ?", [one_line(ref)])
        if row is None:
            raise NotFound(f"No calendar {ref!r}; `prepdeck calendar list` shows them.")
        return Calendar.from_row(row)

    def list_calendars(self) -> list[Calendar]:
        rows = self.rows(
            "SELECT k.*, (SELECT count(*) FROM meetings m WHERE m.calendar_id = k.id) AS meetings"
            " FROM calendars k ORDER BY name"
        )
        return [Calendar.from_row(r) for r in rows]

    def remove_calendar(self, name: str) -> Calendar:
        calendar = self.get_calendar(name)
        with self.transaction():
            self.db.execute("DELETE FROM meetings WHERE calendar_id = ?", [calendar.id])
            self.db.execute("DELETE FROM calendars WHERE id = ?", [calendar.id])
            # Its sync state (what was read, when): a later calendar may get its id.
            self.db.execute("DELETE FROM settings WHERE key LIKE ?", [f"calendar.{calendar.id}.%"])
        return calendar

    def record_calendar_sync(self, calendar_id: int, **state: Any) -> None:
        """The outcome of one sync: status, error, validators, event count, when."""
        state["synced_at"] = self.stamp()
        with self.transaction():
            self.db.table("calendars").update(calendar_id, state)

    # -- meetings ----------------------------------------------------------
    def replace_meetings(self, calendar_id: int, meetings: Iterable[dict[str, Any]]) -> int:
        """A sync's occurrences replace the calendar's; meetings attached by hand stay attached.

        Written as a difference: an occurrence stored as it is stays (with its id), so a
        day's re-read of a large calendar writes only what changed. The stored rows are
        read inside the write transaction, so a meeting attached meanwhile (the app, another
        process) is seen and kept. A UID and start given twice (a feed's duplicate) is
        stored once, the first. How many the calendar holds now."""
        new: dict[tuple[Any, Any], tuple[Any, ...]] = {}
        # A series' occurrences share one attendee list: encoded once (held while in use).
        encoded: dict[int, tuple[object, str]] = {}
        for m in meetings:
            start = stamp(m["start"])
            values = {**m, "calendar_id": calendar_id, "start": start, "attached": 0}
            values["end"] = stamp(m["end"]) if m.get("end") else None
            values["all_day"] = int(bool(m.get("all_day")))
            attendees = m.get("attendees") or []
            held = encoded.get(id(attendees))
            if held is None or held[0] is not attendees:
                held = encoded[id(attendees)] = (attendees, _JSON.encode(attendees))
            values["attendees"] = held[1]
            row = tuple(map(clean_row("meetings", values).get, MEETING_COLUMNS))
            new.setdefault((row[_UID], row[_START]), row)
        columns = ", ".join(f'"{c}"' for c in MEETING_COLUMNS)
        marks = ", ".join("?" * len(MEETING_COLUMNS))
        assignments = ", ".join(f'"{c}" = ?' for c in MEETING_COLUMNS)
        with self.transaction():
            old = {
                (r[1 + _UID], r[1 + _START]): (r[0], r[1:])
                for r in self._execute(
                    f"SELECT id, {columns} FROM meetings WHERE calendar_id = ?", [calendar_id]
                ).fetchall()
            }
            for key, row in new.items():
                stored = old.get(key)
                if (
                    stored is not None
                    and stored[1][_ATTACHED] == 1
                    and stored[1][_CLIENT] is not None
                ):
                    new[key] = row[:_CLIENT] + stored[1][_CLIENT:]  # attached by hand: kept
            inserts = [row for key, row in new.items() if key not in old]
            updates = [
                (*row, old[key][0]) for key, row in new.items() if key in old and old[key][1] != row
            ]
            deletes = [(old[key][0],) for key in old.keys() - new.keys()]
            self.conn.executemany("DELETE FROM meetings WHERE id = ?", deletes)
            self.conn.executemany(f"UPDATE meetings SET {assignments} WHERE id = ?", updates)
            # OR IGNORE: a row the schema refuses is left out, never the whole sync.
            inserted = self.conn.executemany(
                f"INSERT OR IGNORE INTO meetings ({columns}) VALUES ({marks})", inserts
            ).rowcount
        return len(new) - len(inserts) + inserted

    def attach_meeting(self, meeting_id: int, client_id: int) -> Meeting:
        """Attach an unmatched meeting to a client by hand; later syncs keep it attached."""
        self.get_client(client_id)  # type: ignore[attr-defined]  # PeopleMixin's, in the combined Store
        self.get_meeting(meeting_id)
        with self.transaction():
            self.db.table("meetings").update(
                meeting_id,
                {"client_id": client_id, "matched_by": "attached by hand", "attached": 1},
            )
        return self.get_meeting(meeting_id)

    def get_meeting(self, meeting_id: int) -> Meeting:
        row = self.row(f"{_SELECT_MEETINGS} WHERE m.id = ?", [meeting_id])
        if row is None:
            raise NotFound(
                f"No meeting with id {meeting_id}; `prepdeck calendar meetings` lists them."
            )
        return Meeting.from_row(row)

    def meetings_between(
        self,
        start: datetime | date,
        end: datetime | date,
        *,
        client_id: int | None = None,
        matched: bool | None = None,
    ) -> list[Meeting]:
        """Occurrences starting in [start, end), earliest first; `matched` filters by client."""
        where = ["m.start >= ?", "m.start < ?"]
        params: list[object] = [_key(start), _key(end)]
        if client_id is not None:
            where.append("m.client_id = ?")
            params.append(client_id)
        if matched is True:
            where.append("m.client_id IS NOT NULL")
        elif matched is False:
            where.append("m.client_id IS NULL")
        rows = self.rows(
            f"{_SELECT_MEETINGS} WHERE {' AND '.join(where)} ORDER BY m.start, m.id", params
        )
        return [Meeting.from_row(r) for r in rows]

    def next_meetings(
        self, after: datetime, client_ids: list[int] | None = None
    ) -> dict[int, Meeting]:
        """Each client's first matched meeting starting at or after `after`."""
        extra, ids = _clients_in(client_ids)
        rows = self.rows(
            f"""{_SELECT_MEETINGS} JOIN (
                    SELECT client_id AS cid, min(start) AS first FROM meetings
                    WHERE client_id IS NOT NULL AND start >= ?{extra} GROUP BY client_id
                ) f ON f.cid = m.client_id AND f.first = m.start
                ORDER BY m.start, m.id""",
            [stamp(after), *ids],
        )
        out: dict[int, Meeting] = {}
        for r in rows:
            out.setdefault(r["client_id"], Meeting.from_row(r))
        return out

    def recent_meetings(self, client_id: int, before: datetime, limit: int = 5) -> list[Meeting]:
        """A client's matched meetings that have begun, newest first."""
        rows = self.rows(
            f"{_SELECT_MEETINGS} WHERE m.client_id = ? AND m.start <= ?"
            f" ORDER BY m.start DESC, m.id DESC LIMIT {int(limit)}",
            [client_id, stamp(before)],
        )
        return [Meeting.from_row(r) for r in rows]

    def last_meeting_dates(
        self, before: datetime, client_ids: list[int] | None = None
    ) -> dict[int, date]:
        """Each client's latest matched meeting that has begun: contact, for the cadence."""
        extra, ids = _clients_in(client_ids)
        rows = self.rows(
            "SELECT client_id, max(start) AS last FROM meetings"
            f" WHERE client_id IS NOT NULL AND start <= ?{extra} GROUP BY client_id",
            [stamp(before), *ids],
        )
        return {r["client_id"]: date.fromisoformat(r["last"][:10]) for r in rows}

    def emails_for_matching(self) -> list[tuple[int, str, int | None]]:
        """(client id, email, contact id or None) for every stored address."""
        rows = self.rows(
            "SELECT id AS client_id, email, NULL AS contact_id FROM clients WHERE email LIKE '%@%'"
            " UNION ALL SELECT client_id, email, id FROM contacts WHERE email LIKE '%@%'"
        )
        return [(r["client_id"], r["email"], r["contact_id"]) for r in rows]

    def names_for_matching(self) -> list[tuple[int, str]]:
        """(client id, name or company) for every client's name and company."""
        rows = self.rows("SELECT id, name, company FROM clients")
        return [(r["id"], text) for r in rows for text in (r["name"], r["company"]) if text]

    def meetings_to_rematch(
        self, calendar_id: int, domains: Iterable[str] | None = None
    ) -> list[dict[str, Any]]:
        """A calendar's stored meetings with what matching reads and what it decided;
        `domains`: only those inviting (or organised from) an address at one of them."""
        where = "calendar_id = ?"
        params: list[object] = [calendar_id]
        wanted = sorted({d.lower() for d in domains or ()})
        if domains is not None:
            mentions = ["attendees LIKE ? OR organizer LIKE ?"] * len(wanted) or ["0"]
            where += f" AND ({' OR '.join(mentions)})"
            params += [p for d in wanted for p in (f'%@{d}"%', f"%@{d}")]
        return self.rows(
            "SELECT id, start, title, organizer, attendees, client_id, matched_by, attached"
            f" FROM meetings WHERE {where}",
            params,
        )

    def set_meeting_matches(self, changes: list[tuple[int | None, str | None, int]]) -> None:
        """Store new matches: (client id, matched by, meeting id) each."""
        with self.transaction():
            self.conn.executemany(
                "UPDATE meetings SET client_id = ?, matched_by = ? WHERE id = ?", changes
            )

    # -- imported mail -----------------------------------------------------
    def imported_message_ids(self) -> set[tuple[int, str]]:
        """(client id, Message-ID) of every interaction imported from mail."""
        rows = self._execute(
            "SELECT client_id, message_id FROM interactions WHERE message_id IS NOT NULL"
        ).fetchall()
        return {(r[0], r[1]) for r in rows}

    def add_mail_interactions(self, rows: list[dict[str, Any]]) -> int:
        """Insert email interactions in one go; one already imported is left as it was."""
        columns = (
            "client_id",
            "contact_id",
            "kind",
            "happened_on",
            "text",
            "message_id",
            "direction",
        )
        values = [tuple(clean_row("interactions", r).get(c) for c in columns) for r in rows]
        with self.transaction():
            self.conn.executemany(
                f"INSERT OR IGNORE INTO interactions ({', '.join(columns)})"
                f" VALUES ({', '.join('?' * len(columns))})",
                values,
            )
        return len(values)


def _clients_in(client_ids: list[int] | None) -> tuple[str, list[int]]:
    """The SQL (and parameters) limiting a meetings query to these clients; None: all."""
    if client_ids is None:
        return "", []
    return f" AND client_id IN ({','.join('?' * len(client_ids))})", list(client_ids)


def _key(value: datetime | date) -> str:
    return stamp(value) if isinstance(value, datetime) else value.isoformat()
