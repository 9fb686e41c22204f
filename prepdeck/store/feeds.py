"""Feeds and their articles as the store sees them (fetching lives in prepdeck.feeds)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from prepdeck.dates import today
from prepdeck.errors import NotFound, PrepdeckError
from prepdeck.models import Article, Feed
from prepdeck.plain import Plain
from prepdeck.store.base import StoreBase, clean_row

if TYPE_CHECKING:
    from prepdeck.feeds.entries import Entry

RETENTION_SETTING = "retention_days"
DEFAULT_RETENTION_DAYS = 180


@dataclass(eq=False, repr=False)
class IngestResult(Plain):
    """What one feed's transaction did."""

    new: int = 0
    updated: int = 0
    too_old: int = 0
    url_changed: bool = False


def normalise_tags(tags: list[str] | tuple[str, ...] | None) -> list[str]:
    seen: list[str] = []
    for tag in tags or ():
        for part in tag.split(","):
            part = part.strip().lower()
            if part and part not in seen:
                seen.append(part)
    return seen


def _article_row(feed_id: int, entry: Entry, published: str | None) -> dict[str, Any]:
    """An entry as the articles table keeps it (the store's character rule applied)."""
    return clean_row(
        "articles",
        {
            "feed_id": feed_id,
            "guid": entry.guid,
            "link": entry.link,
            "title": entry.title,
            "summary": entry.summary,
            "published": published,
        },
    )


_ARTICLE_COLUMNS = ("feed_id", "guid", "link", "title", "summary", "published")
_ARTICLE_VALUES = f"({', '.join('?' * len(_ARTICLE_COLUMNS))})"
# Rows per INSERT: one statement of many rows costs 0.6 of the CPU of as many one-row
# statements (the full-text triggers), and 100 x 6 stays under SQLite's oldest limit of
# 999 parameters.
ARTICLE_CHUNK = 100
# A known guid keeps its row (and id: shares point at it); one deleted meanwhile comes back.
_UPSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES {_ARTICLE_VALUES} "
    "ON CONFLICT (feed_id, guid) DO UPDATE SET link = excluded.link, "
    "title = excluded.title, summary = excluded.summary, published = excluded.published"
)


def _article_values(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[column] for column in _ARTICLE_COLUMNS)


def _insert_articles(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    """INSERT OR IGNORE rows, ARTICLE_CHUNK to a statement."""
    for start in range(0, len(rows), ARTICLE_CHUNK):
        chunk = rows[start : start + ARTICLE_CHUNK]
        conn.execute(
            f"INSERT OR IGNORE INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES "
            + ", ".join([_ARTICLE_VALUES] * len(chunk)),
            [value for row in chunk for value in _article_values(row)],
        )


class FeedsMixin(StoreBase):
    def add_feed(
        self,
        url: str,
        *,
        title: str | None = None,
        tags: list[str] | tuple[str, ...] | None = None,
        client_id: int | None = None,
    ) -> Feed:
        """Add a feed; adding a URL already stored (as feed_identity sees it) merges its tags."""
        from prepdeck.feeds.local import canonical_url  # reads and notes never load feeds

        url = canonical_url(url)
        if not url:
            raise PrepdeckError("A feed needs a URL.")
        existing = self._feed_with_url(url)
        with self.transaction():
            if existing:
                merged = normalise_tags(json.loads(existing["tags"]) + list(tags or ()))
                changes: dict[str, Any] = {"tags": json.dumps(merged)}
                if existing["gone"] or existing["error_count"]:
                    # Adding a feed again is how a user says "try it again now".
                    changes.update(gone=0, error_count=0, next_check_at=None)
                if client_id is not None:
                    changes["client_id"] = client_id
                if title and not existing["title"]:
                    changes["title"] = title
                self.update_row("feeds", existing["id"], changes)
                feed_id = existing["id"]
            else:
                feed_id = self.insert_row(
                    "feeds",
                    {
                        **_with_identity(url),
                        "title": title,
                        "tags": json.dumps(normalise_tags(tags)),
                        "client_id": client_id,
                    },
                )
        return self.get_feed(feed_id)

    def known_feed(self, url: str) -> Feed | None:
        """The stored feed that adding `url` would merge into (None: it would be new)."""
        from prepdeck.feeds.local import canonical_url

        url = canonical_url(url)
        found = self._feed_with_url(url) if url else None
        return Feed.from_row(found) if found is not None else None

    def _feed_with_url(self, url: str, *, besides: int | None = None) -> Any:
        """The stored feed that `url` names, by feed_identity (case of scheme and host,
        default port, trailing slash do not count): the one with this very URL, else the oldest."""
        from prepdeck.feeds.local import feed_identity

        wanted = feed_identity(url)
        # By the indexed column; a row without one (written by another program) is
        # compared by its URL.
        for row in self.rows(
            "SELECT * FROM feeds WHERE (identity = ? OR identity IS NULL) AND id IS NOT ?"
            " ORDER BY url IS NOT ?, id",
            [wanted, besides, url],
        ):
            if row["identity"] == wanted or feed_identity(row["url"]) == wanted:
                return row
        return None

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
        if fields.get("url"):
            fields.update(_with_identity(fields["url"]))
        with self.transaction():
            self.update_row("feeds", feed_id, fields)

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

    # --- fetch state -------------------------------------------------------------

    def retention_days(self) -> int:
        """Days an unshared article is kept (setting `retention_days`; 0 keeps all)."""
        value = self.get_setting(RETENTION_SETTING)
        try:
            return max(0, int(value)) if value is not None else DEFAULT_RETENTION_DAYS
        except ValueError:
            return DEFAULT_RETENTION_DAYS

    def retention_cutoff(self) -> str | None:
        """Articles published before this 'YYYY-MM-DD HH:MM:SS' are old enough to purge."""
        days = self.retention_days()
        if not days:
            return None
        return (today() - timedelta(days=days)).isoformat() + " 00:00:00"

    def ingest_articles(
        self,
        feed_id: int,
        entries: Iterable[Entry],
        *,
        first_seen: str,
        feed_changes: dict[str, Any] | None = None,
    ) -> IngestResult:
        """Store a feed's entries and its new fetch state in one transaction.

        New guids are inserted; known ones keep their id (shares point at it) and
        only have title, link, summary or a real published date updated. Entries
        without a date take `first_seen`. Entries older than the retention cutoff
        are not stored, so purging never fights re-ingestion.
        """
        cutoff = self.retention_cutoff()
        result = IngestResult()
        known = {
            row["guid"]: row
            for row in self.rows(
                "SELECT id, guid, link, title, summary, published FROM articles WHERE feed_id = ?",
                [feed_id],
            )
        }
        new_rows: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for entry in entries:
            old = known.get(entry.guid)
            # A date after the fetch is a feed's mistake (or a trick to stay on top as
            # "new today"): it is clamped to the moment the article was seen.
            stated = min(entry.published, first_seen) if entry.published else None
            if old is None:
                published = stated or first_seen
                if cutoff and published < cutoff:
                    result.too_old += 1
                    continue
                new_rows.append(_article_row(feed_id, entry, published))
                continue
            row = _article_row(feed_id, entry, stated or old["published"])
            if any(row[key] != old[key] for key in ("link", "title", "summary", "published")):
                changed.append(row)
        with self.transaction():
            # Plain sqlite3, not sqlite-utils' insert_all/upsert_all: the same statements
            # without its per-row work, nor its import (0.09 s) in a fetch's process.
            if new_rows:
                _insert_articles(self.conn, new_rows)
            if changed:
                self.conn.executemany(_UPSERT_ARTICLE, (_article_values(r) for r in changed))
            if feed_changes:
                result.url_changed = self._update_feed_state(feed_id, feed_changes)
        result.new = len(new_rows)
        result.updated = len(changed)
        return result

    def _update_feed_state(self, feed_id: int, changes: dict[str, Any]) -> bool:
        """Apply fetch-state changes; a new URL is skipped if another feed already has it."""
        changes = dict(changes)
        url_changed = False
        new_url = changes.pop("url", None)
        if new_url:
            if self._feed_with_url(new_url, besides=feed_id) is None:
                changes.update(_with_identity(new_url))
                url_changed = True
        title = changes.pop("title_if_missing", None)
        if title and not self.scalar("SELECT title FROM feeds WHERE id = ?", [feed_id]):
            changes["title"] = title
        if changes:
            changes = clean_row("feeds", changes)
            # Plain SQL: this runs once per feed per fetch, and sqlite-utils' update()
            # introspects the table each time; plain sqlite3 too, so a run of 304s never
            # imports sqlite-utils (0.09 s). Column names come from our own code.
            columns = ", ".join(f"{name} = ?" for name in changes)
            self._execute(f"UPDATE feeds SET {columns} WHERE id = ?", [*changes.values(), feed_id])
        return url_changed

    def record_feed_state(self, feed_id: int, changes: dict[str, Any]) -> bool:
        """Write fetch state (status, error, counters, validators, URL) in one transaction."""
        with self.transaction():
            return self._update_feed_state(feed_id, changes)

    def record_feed_states(self, states: Iterable[tuple[int, dict[str, Any]]]) -> None:
        """Fetch state of many feeds in one transaction (a run's unchanged feeds)."""
        with self.transaction():
            for feed_id, changes in states:
                self._update_feed_state(feed_id, changes)

    def purge_old_articles(self) -> int:
        """Delete unshared articles older than the retention age; returns how many.

        An article that was ever shared (any share row points at it) is kept
        whatever its age: the share history must keep its title and link.
        """
        cutoff = self.retention_cutoff()
        if cutoff is None:
            return 0
        with self.transaction():
            # `published < ?` can use the published index; the fetch engine always
            # sets published, so the NULL branch only sees rows written elsewhere.
            cursor = self._execute(
                "DELETE FROM articles WHERE (published < ? "
                "OR (published IS NULL AND fetched_at < ?)) "
                "AND NOT EXISTS (SELECT 1 FROM shares WHERE shares.article_id = articles.id)",
                [cutoff, cutoff],
            )
        return cursor.rowcount


def _with_identity(url: str) -> dict[str, str]:
    """A feed's URL as the feeds table holds it: with its identity (schema _v4) beside it."""
    from prepdeck.feeds.local import feed_identity

    return {"url": url, "identity": feed_identity(url)}
