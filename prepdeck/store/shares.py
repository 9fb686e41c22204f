"""Shares: articles marked for a client, then sent (logged as an interaction) or dismissed."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from prepdeck.dates import now
from prepdeck.errors import NotFound, PrepdeckError
from prepdeck.models import Share
from prepdeck.store.base import StoreBase


class SharesMixin(StoreBase):
    def get_share(self, share_id: int) -> Share:
        row = self.row("SELECT * FROM shares WHERE id = ?", [share_id])
        if row is None:
            raise NotFound(f"No share with id {share_id}; `prepdeck share list` shows them.")
        return Share.from_row(row)

    def find_share(self, client_id: int, article_id: int) -> Share | None:
        row = self.row(
            "SELECT * FROM shares WHERE client_id = ? AND article_id = ?", [client_id, article_id]
        )
        return Share.from_row(row) if row else None

    def _set_share(
        self,
        client_id: int,
        article_id: int,
        status: str,
        note: str | None,
        reasons: list[str] | None,
    ) -> Share:
        """Create or update the client × article row, copying the article's title and link.

        The copy is the point: a purged article's share still says what was shared.
        """
        self.get_client(client_id)  # type: ignore[attr-defined]  # PeopleMixin's, in the combined Store
        article = self.get_article(article_id)  # type: ignore[attr-defined]  # FeedsMixin's, in the combined Store
        existing = self.find_share(client_id, article_id)
        values: dict[str, Any] = {
            "status": status,
            "title": article.title,
            "link": article.link,
            "updated_at": self.stamp(),
        }
        if note is not None:
            values["note"] = note.strip() or None
        if reasons is not None:
            values["reasons"] = json.dumps(list(reasons), ensure_ascii=False)
        with self.transaction():
            if existing:
                self.update_row("shares", existing.id, values)
                share_id = existing.id
            else:
                values.update({"client_id": client_id, "article_id": article_id})
                values.setdefault("reasons", "[]")
                share_id = self.insert_row("shares", values)
        return self.get_share(share_id)

    def mark_share(
        self,
        client_id: int,
        article_id: int,
        note: str | None = None,
        reasons: list[str] | None = None,
    ) -> Share:
        """Mark an article to send to a client; marking a sent one again is refused."""
        existing = self.find_share(client_id, article_id)
        if existing and existing.status == "sent":
            raise PrepdeckError(
                f"Article {article_id} was already sent to this client on "
                f"{existing.sent_at:%Y-%m-%d} (share {existing.id})."
                if existing.sent_at
                else f"Article {article_id} was already sent to this client (share {existing.id})."
            )
        return self._set_share(client_id, article_id, "marked", note, reasons)

    def dismiss_share(self, client_id: int, article_id: int) -> Share:
        """Not for this client: hidden from suggestions, never drafted."""
        existing = self.find_share(client_id, article_id)
        if existing and existing.status == "sent":
            raise PrepdeckError(
                f"Article {article_id} was already sent to this client (share {existing.id});"
                " it cannot be dismissed."
            )
        return self._set_share(client_id, article_id, "dismissed", None, None)

    def unqueue_share(self, share_id: int) -> Share:
        """Take a marked share off the send queue by id (its article may have been purged)."""
        share = self.get_share(share_id)
        if share.status == "sent":
            raise PrepdeckError(f"Share {share_id} was already sent; it stays in the history.")
        with self.transaction():
            self.update_row("shares", share_id, {"status": "dismissed", "updated_at": self.stamp()})
        return self.get_share(share_id)

    def forget_share(self, client_id: int, article_id: int) -> None:
        """Undo a mark or dismiss: the article is a plain suggestion again (sent ones stay)."""
        with self.transaction():
            self.db.execute(
                "DELETE FROM shares WHERE client_id = ? AND article_id = ? AND status != 'sent'",
                [client_id, article_id],
            )

    def mark_sent(self, share_id: int, on: date | None = None) -> Share:
        """Sent: stamp it and log an "article-sent" interaction, both or neither."""
        share = self.get_share(share_id)
        if share.status == "sent":
            when = f" on {share.sent_at:%Y-%m-%d}" if share.sent_at else ""
            raise PrepdeckError(f"Share {share_id} was already sent{when}.")
        stamp = now()
        if on is not None:
            stamp = stamp.replace(year=on.year, month=on.month, day=on.day)
        with self.transaction():
            self.update_row(
                "shares",
                share_id,
                {
                    "status": "sent",
                    "sent_at": stamp.isoformat(sep=" "),
                    "updated_at": self.stamp(),
                },
            )
            self.log_interaction(  # type: ignore[attr-defined]  # RecordsMixin's, in the combined Store
                share.client_id,
                f"Sent article: {share.title or share.link or 'untitled'}",
                kind="article-sent",
                on=stamp.date(),
            )
        return self.get_share(share_id)

    def set_share_note(self, share_id: int, note: str | None) -> Share:
        """Keep the drafted (or edited) note with the share."""
        self.get_share(share_id)
        with self.transaction():
            self.update_row(
                "shares",
                share_id,
                {"note": (note or "").strip() or None, "updated_at": self.stamp()},
            )
        return self.get_share(share_id)

    def list_shares(
        self,
        client_id: int | None = None,
        statuses: tuple[str, ...] | list[str] | str | None = None,
    ) -> list[Share]:
        """Shares, most recently created first; `statuses` filters (e.g. "marked")."""
        where: list[str] = ["1=1"]
        params: list[object] = []
        if client_id is not None:
            where.append("client_id = ?")
            params.append(client_id)
        if statuses:
            wanted = [statuses] if isinstance(statuses, str) else list(statuses)
            where.append(f"status IN ({','.join('?' * len(wanted))})")
            params.extend(wanted)
        rows = self.rows(
            f"SELECT * FROM shares WHERE {' AND '.join(where)} ORDER BY id DESC",
            params,
        )
        return [Share.from_row(r) for r in rows]

    def share_statuses(self, client_id: int) -> dict[int, str]:
        """article_id -> status for one client (ranking hides sent and dismissed ones)."""
        rows = self.rows(
            "SELECT article_id, status FROM shares WHERE client_id = ? AND article_id IS NOT NULL",
            [client_id],
        )
        return {r["article_id"]: r["status"] for r in rows}
