"""Feeds and their articles as the store sees them (fetching lives in prepdeck.feeds)."""

from __future__ import annotations

import json
from typing import Any

from prepdeck.errors import NotFound, PrepdeckError
from prepdeck.models import Article, Feed
from prepdeck.store.base import StoreBase


def normalise_tags(tags: list[str] | tuple[str, ...] | None) -> list[str]:
    seen: list[str] = []
    for tag in tags or ():
        for part in tag.split(","):
            part = part.strip().lower()
            if part and part not in seen:
                seen.append(part)
    return seen


class FeedsMixin(StoreBase):
    def add_feed(
        self,
        url: str,
        *,
        title: str | None = None,
        tags: list[str] | tuple[str, ...] | None = None,
        client_id: int | None = None,
    ) -> Feed:
        """Add a feed; adding a URL already stored merges its tags instead."""
        url = url.strip()
        if not url:
            raise PrepdeckError("A feed needs a URL.")
        existing = self.row("SELECT * FROM feeds WHERE url = ?", [url])
        with self.transaction():
            if existing:
                merged = normalise_tags(json.loads(existing["tags"]) + list(tags or ()))
                changes: dict[str, Any] = {"tags": json.dumps(merged)}
                if client_id is not None:
                    changes["client_id"] = client_id
                if title and not existing["title"]:
                    changes["title"] = title
                self.db["feeds"].update(existing["id"], changes)
                feed_id = existing["id"]
            else:
                feed_id = (
                    self.db["feeds"]
                    .insert(
                        {
                            "url": url,
                            "title": title,
                            "tags": json.dumps(normalise_tags(tags)),
                            "client_id": client_id,
                        }
                    )
                    .last_pk
                )
        return self.get_feed(feed_id)

    def get_feed(self, feed_id: int) -> Feed:
        row = self.row("SELECT * FROM feeds WHERE id = ?", [feed_id])
        if row is None:
            raise NotFound(f"No feed with id {feed_id}.")
        return Feed.from_row(row)

    def list_feeds(self) -> list[Feed]:
        return [Feed.from_row(r) for r in self.rows("SELECT * FROM feeds ORDER BY id")]

    def update_feed(self, feed_id: int, **fields: Any) -> None:
        if "tags" in fields:
            fields["tags"] = json.dumps(normalise_tags(fields["tags"]))
        with self.transaction():
            self.db["feeds"].update(feed_id, fields)

    def delete_feed(self, feed_id: int) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM feeds WHERE id = ?", [feed_id])

    def get_article(self, article_id: int) -> Article:
        row = self.row("SELECT * FROM articles WHERE id = ?", [article_id])
        if row is None:
            raise NotFound(f"No article with id {article_id}.")
        return Article.from_row(row)

    def article_count(self) -> int:
        return int(self.scalar("SELECT count(*) FROM articles"))
