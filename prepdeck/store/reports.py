"""Aggregate reads for the home table, briefings, health and the due list: the SQL behind
figures that other layers interpret (they never write SQL themselves)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from prepdeck.models import Promise
from prepdeck.store.base import StoreBase


def _within(client_ids: list[int] | None, column: str = "client_id") -> tuple[str, list[Any]]:
    """An `AND column IN (...)` clause for the given clients (None: every client)."""
    if client_ids is None:
        return "", []
    marks = ",".join("?" * len(client_ids))
    return f" AND {column} IN ({marks})", list(client_ids)


def peek_setting(path: Path, key: str) -> str | None:
    """A setting read from `path` opened read-only (None when it is no prepdeck database):
    for checks that must neither create nor migrate the file."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return row[0] if row else None


class ReportsMixin(StoreBase):
    def interaction_count(self, client_id: int) -> int:
        return int(
            self.scalar("SELECT count(*) FROM interactions WHERE client_id = ?", [client_id])
        )

    def private_note_count(self) -> int:
        return int(self.scalar("SELECT count(*) FROM notes WHERE sensitivity = 'private'"))

    def client_names(self) -> dict[int, str]:
        return {r["id"]: r["name"] for r in self.rows("SELECT id, name FROM clients")}

    def open_promise_counts(self, today: date) -> dict[int, dict[str, Any]]:
        """Per client: `open` promises and how many of them are `overdue` on `today`."""
        return {
            r["client_id"]: r
            for r in self.rows(
                "SELECT client_id, count(*) AS open, sum(due_on < ?) AS overdue FROM promises"
                " WHERE status = 'open' GROUP BY client_id",
                [today.isoformat()],
            )
        }

    def marked_share_counts(self) -> dict[int, int]:
        """Per client: articles marked to send."""
        return {
            r["client_id"]: r["n"]
            for r in self.rows(
                "SELECT client_id, count(*) AS n FROM shares WHERE status = 'marked'"
                " GROUP BY client_id"
            )
        }

    def typed_meetings_between(self, start: date, end: date) -> list[dict[str, Any]]:
        """Clients whose hand-typed next meeting falls in [start, end): id, name, next_meeting."""
        return self.rows(
            "SELECT id, name, next_meeting FROM clients"
            " WHERE next_meeting >= ? AND next_meeting < ?",
            [start.isoformat(), end.isoformat()],
        )

    def open_promises_due_by(self, end: date) -> list[Promise]:
        """Open promises with a due date on or before `end`, earliest first."""
        rows = self.rows(
            "SELECT * FROM promises WHERE status = 'open' AND due_on IS NOT NULL AND due_on <= ?"
            " ORDER BY due_on, id",
            [end.isoformat()],
        )
        return [Promise.from_row(r) for r in rows]

    def article_counts_by_feed(self) -> dict[int, int]:
        """Stored articles per feed id (feeds with none are absent)."""
        return {
            r["feed_id"]: r["n"]
            for r in self.rows("SELECT feed_id, count(*) AS n FROM articles GROUP BY feed_id")
        }

    # -- health's inputs: four aggregate queries for any number of clients ----------

    def health_clients(self, client_ids: list[int] | None) -> list[dict[str, Any]]:
        """id, cadence_days, status and created_at of the given clients (None: all)."""
        where, params = _within(client_ids, "id")
        return self.rows(
            f"SELECT id, cadence_days, status, created_at FROM clients WHERE 1=1{where}", params
        )

    def interaction_figures(
        self, today: date, months: list[str], client_ids: list[int] | None
    ) -> list[dict[str, Any]]:
        """One pass over interactions, per client: `last` contact up to today, `m0`… the
        contacts in each month label ("2026-11") up to today, open `complaints` and the
        `oldest_complaint`'s date."""
        t = today.isoformat()
        where, params = _within(client_ids)
        counts = ", ".join(
            f"sum(substr(happened_on, 1, 7) = ? AND happened_on <= ?) AS m{i}"
            for i in range(len(months))
        )
        month_params = [p for label in months for p in (label, t)]
        return self.rows(
            f"""SELECT client_id,
                    max(CASE WHEN happened_on <= ? THEN happened_on END) AS last,
                    {counts},
                    sum(complaint = 1 AND resolved_on IS NULL) AS complaints,
                    min(CASE WHEN complaint = 1 AND resolved_on IS NULL THEN happened_on END)
                        AS oldest_complaint
                FROM interactions WHERE 1=1{where} GROUP BY client_id""",
            [t, *month_params, *params],
        )

    def recent_satisfaction(
        self, today: date, client_ids: list[int] | None, per_client: int = 6
    ) -> list[dict[str, Any]]:
        """client_id and satisfaction of each client's newest scored interactions to today,
        newest first within each client."""
        where, params = _within(client_ids)
        return self.rows(
            f"""SELECT client_id, satisfaction FROM (
                    SELECT client_id, satisfaction, row_number() OVER (
                        PARTITION BY client_id ORDER BY happened_on DESC, id DESC) AS rn
                    FROM interactions
                    WHERE satisfaction IS NOT NULL AND happened_on <= ?{where})
                WHERE rn <= ? ORDER BY client_id, rn""",
            [today.isoformat(), *params, per_client],
        )

    def promise_figures(self, today: date, client_ids: list[int] | None) -> list[dict[str, Any]]:
        """Per client: promises kept `on_time` and `late`, open ones `overdue` on today and
        the `oldest` overdue due date."""
        t = today.isoformat()
        where, params = _within(client_ids)
        return self.rows(
            f"""SELECT client_id,
                    sum(status = 'kept' AND (due_on IS NULL OR kept_on <= due_on)) AS on_time,
                    sum(status = 'kept' AND due_on IS NOT NULL AND kept_on > due_on) AS late,
                    sum(status = 'open' AND due_on < ?) AS overdue,
                    min(CASE WHEN status = 'open' AND due_on < ? THEN due_on END) AS oldest
                FROM promises WHERE 1=1{where} GROUP BY client_id""",
            [t, t, *params],
        )
