"""The queries the relevance ranking needs: FTS5 candidates, feed signals, feedback."""

from __future__ import annotations

import sqlite3
from typing import Any

from prepdeck.store.base import StoreBase

ARTICLE_COLUMNS = "a.id, a.feed_id, a.guid, a.link, a.title, a.summary, a.published, a.fetched_at"
_VOCAB = "temp.prepdeck_articles_vocab"


class RankingMixin(StoreBase):
    def rank_matches(self, query: str, *, since: str | None, limit: int) -> list[dict[str, Any]]:
        """Articles matching an FTS5 query, best bm25 first (titles count double).

        `since` (an ISO date) keeps only articles published (or, undated, fetched)
        on or after it. The query must already be safe FTS5 syntax (quoted terms).
        """
        where = "articles_fts MATCH ?"
        params: list[Any] = [query]
        if since:
            where += " AND coalesce(a.published, a.fetched_at) >= ?"
            params.append(since)
        params.append(limit)
        return self.rows(
            f"""SELECT {ARTICLE_COLUMNS}, bm25(articles_fts, 2.0, 1.0) AS bm25
                FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                WHERE {where}
                ORDER BY bm25(articles_fts, 2.0, 1.0) LIMIT ?""",
            params,
        )

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
            f"""SELECT {ARTICLE_COLUMNS}, 0.0 AS bm25 FROM articles a {clause}
                ORDER BY a.published DESC LIMIT ?""",
            [*params, limit],
        )

    def ranking_feeds(self) -> list[dict[str, Any]]:
        """Every feed's id, title, tags (JSON text) and owning client: the feed signals."""
        return self.rows("SELECT id, title, url, tags, client_id FROM feeds")

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
        row = self.db.execute("SELECT max(id), max(published) FROM articles").fetchone()
        return int(row[0] or 0), row[1]

    def term_document_counts(self, stems: list[str]) -> dict[str, int]:
        """How many articles contain each Porter stem (FTS5's own index, via fts5vocab)."""
        if not stems:
            return {}
        try:
            self.db.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB}"
                " USING fts5vocab(main, 'articles_fts', 'row')"
            )
        except sqlite3.OperationalError:
            return {}
        marks = ",".join("?" * len(stems))
        cursor = self.db.execute(f"SELECT term, doc FROM {_VOCAB} WHERE term IN ({marks})", stems)
        return dict(cursor.fetchall())
