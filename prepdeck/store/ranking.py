"""The queries the relevance ranking needs: FTS5 candidates, feed signals, feedback."""

from __future__ import annotations

import sqlite3
from typing import Any

from prepdeck.store.base import StoreBase

ARTICLE_COLUMNS = "a.id, a.feed_id, a.guid, a.link, a.title, a.summary, a.published, a.fetched_at"
_VOCAB = "temp.prepdeck_articles_vocab"


class RankingMixin(StoreBase):
    def rank_matches(self, query: str, *, limit: int) -> list[tuple[int, float]]:
        """(article id, bm25) for an FTS5 query, best first; titles count double.

        The query must already be safe FTS5 syntax (every term quoted). No join
        here: bm25 over the index alone is the cheap part; rows come afterwards.
        """
        cursor = self._execute(
            """SELECT rowid, bm25(articles_fts, 2.0, 1.0) FROM articles_fts
               WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 2.0, 1.0) LIMIT ?""",
            [query, limit],
        )
        return cursor.fetchall()

    def newest_matches(self, query: str, *, limit: int) -> list[int]:
        """Ids of the most recently stored articles matching an FTS5 query (no ranking cost)."""
        cursor = self._execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
            [query, limit],
        )
        return [r[0] for r in cursor.fetchall()]

    def articles_by_ids(self, ids: list[int]) -> list[dict[str, Any]]:
        """Article rows for ids, in no particular order."""
        out: list[dict[str, Any]] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            out += self.rows(
                f"SELECT {ARTICLE_COLUMNS} FROM articles a"
                f" WHERE a.id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        return out

    def recent_articles(
        self, *, feed_ids: list[int] | None = None, since: str | None = None, limit: int
    ) -> list[dict[str, Any]]:
        """Newest articles overall or from some feeds (for feed signals and thin profiles)."""
        where, params = [], []
        if feed_ids is not None:
            if not feed_ids:
                return []
            where.append(f"a.feed_id IN ({','.join('?' * len(feed_ids))})")
            params.extend(feed_ids)
        if since:
            where.append("a.published >= ?")
            params.append(since)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return self.rows(
            f"""SELECT {ARTICLE_COLUMNS} FROM articles a {clause}
                ORDER BY a.published DESC LIMIT ?""",
            [*params, limit],
        )

    def ranking_feeds(self) -> list[dict[str, Any]]:
        """Every feed's id, title, tags (JSON text) and owning client: the feed signals."""
        return self.rows("SELECT id, title, url, tags, client_id FROM feeds")

    def feeds_signature(self) -> tuple[Any, ...]:
        """Changes whenever a feed is added, removed, retagged or tied to a client."""
        row = self._execute(
            "SELECT count(*), max(id), total(length(tags)), total(coalesce(client_id, 0) * id),"
            " group_concat(length(coalesce(title, '')), ',') FROM feeds"
        ).fetchone()
        return tuple(row)

    def share_feedback(self, client_id: int) -> list[dict[str, Any]]:
        """Articles this client was already given or refused, with their text, newest first."""
        return self.rows(
            """SELECT s.article_id, s.status, s.updated_at, s.sent_at,
                      coalesce(a.title, s.title) AS title, coalesce(a.summary, '') AS summary
               FROM shares s LEFT JOIN articles a ON a.id = s.article_id
               WHERE s.client_id = ? AND s.status IN ('marked', 'sent', 'dismissed')
               ORDER BY s.updated_at DESC, s.id DESC LIMIT 200""",
            [client_id],
        )

    def article_stats(self) -> tuple[int, str | None]:
        """(an estimate of the article count, the newest publication date) — both indexed."""
        # Two queries: SQLite's min/max shortcut only applies to a lone aggregate.
        top = self._execute("SELECT max(id) FROM articles").fetchone()[0]
        newest = self._execute("SELECT max(published) FROM articles").fetchone()[0]
        return int(top or 0), newest

    def term_document_counts(self, stems: list[str]) -> dict[str, int] | None:
        """How many articles contain each Porter stem (FTS5's own index, via fts5vocab).

        None when the counts cannot be read (the ranking then assumes them).
        """
        if not stems:
            return {}
        marks = ",".join("?" * len(stems))
        try:
            self._execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB}"
                " USING fts5vocab(main, 'articles_fts', 'row')"
            )
            cursor = self._execute(f"SELECT term, doc FROM {_VOCAB} WHERE term IN ({marks})", stems)
            return dict(cursor.fetchall())
        except sqlite3.OperationalError:
            return None
