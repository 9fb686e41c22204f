"""The queries the relevance ranking needs: FTS5 candidates, feed signals, feedback."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from prepdeck.store.base import StoreBase
from prepdeck.store.database import immediate
from prepdeck.untrusted import clean_chars

ARTICLE_COLUMNS = "a.id, a.feed_id, a.guid, a.link, a.title, a.summary, a.published, a.fetched_at"
_VOCAB = "temp.prepdeck_articles_vocab"


class RankingMixin(StoreBase):
    def rank_matches(self, query: str, *, limit: int, after: int = 0) -> list[tuple[int, float]]:
        """(article id, bm25) for an FTS5 query, best first; titles count double.

        Only articles stored after id `after`: FTS5 seeks its postings to that id, so the
        work grows with the matches in that window, not with the whole archive. The
        query must already be safe FTS5 syntax (every term quoted). No join here: bm25
        over the index alone is the cheap part; rows come afterwards.
        """
        cursor = self._execute(
            """SELECT rowid, bm25(articles_fts, 2.0, 1.0) FROM articles_fts
               WHERE articles_fts MATCH ? AND rowid > ?
               ORDER BY bm25(articles_fts, 2.0, 1.0) LIMIT ?""",
            [query, after, limit],
        )
        return cursor.fetchall()

    def newest_matches(self, query: str, *, limit: int, after: int = 0) -> list[int]:
        """Ids of the most recently stored articles (after id `after`) matching an FTS5 query."""
        cursor = self._execute(
            """SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid > ?
               ORDER BY rowid DESC LIMIT ?""",
            [query, after, limit],
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
        """Newest articles overall or from some feeds (for feed signals and thin profiles).

        From feeds, each feed's newest `limit` are read through the (feed_id, published)
        index and merged: at most feeds x limit rows, however many each feed holds
        (`feed_id IN (...)` would sort every article of those feeds since `since`).
        """
        since_clause = "a.published >= ?" if since else ""
        extra = [since] if since else []
        if feed_ids is None:
            where = f"WHERE {since_clause}" if since else ""
            return self.rows(
                f"SELECT {ARTICLE_COLUMNS} FROM articles a {where}"
                " ORDER BY a.published DESC LIMIT ?",
                [*extra, limit],
            )
        found: list[dict[str, Any]] = []
        for feed_id in feed_ids:
            where = " AND ".join(filter(None, ["a.feed_id = ?", since_clause]))
            found += self.rows(
                f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE {where}"
                " ORDER BY a.published DESC LIMIT ?",
                [feed_id, *extra, limit],
            )
        found.sort(key=lambda row: row["published"] or "", reverse=True)
        return found[:limit]

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

    def window_document_counts(
        self, probes: dict[str, str], *, after: int
    ) -> dict[str, int] | None:
        """How many articles stored after id `after` contain each stem.

        `probes` maps each stem to a word the FTS5 porter tokenizer turns into exactly
        that stem; each count is an FTS5 query bounded to the window, so it costs the
        postings there. (fts5vocab walks a term's postings over the whole archive.)
        None when the counts cannot be read.
        """
        counts = {}
        try:
            for stem, word in probes.items():
                counts[stem] = self.scalar(
                    "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ? AND rowid > ?",
                    ['"' + word.replace('"', '""') + '"', after],
                )
        except sqlite3.OperationalError:
            return None
        return counts

    def term_document_counts(self, stems: list[str]) -> dict[str, int] | None:
        """How many articles contain each Porter stem (FTS5's own index, via fts5vocab).

        Walks each term's postings over the whole archive: only for stems no word probes.
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

    def remembered_ranking(
        self, client_id: int, kind: str, limit: int, day: str, version: str
    ) -> list[dict[str, Any]] | None:
        """A ranking remembered for this client, day and ranking code; None when there is none.

        The tables a ranking reads forget every remembered one when they change (triggers,
        schema v3), so a row found here is what ranking again would return. Its text is
        held to the character rule on the way out, as every row read is (`rows`).
        """
        row = self._execute(
            "SELECT ranked FROM ranking_memo WHERE client_id = ? AND kind = ?"
            " AND news_limit = ? AND day = ? AND version = ?",
            [client_id, kind, limit, day, version],
        ).fetchone()
        if row is None:
            return None
        entries: list[dict[str, Any]] = json.loads(row[0])
        for entry in entries:
            entry["reasons"] = [clean_chars(reason) for reason in entry["reasons"]]
            if entry["feed_title"] is not None:
                entry["feed_title"] = clean_chars(entry["feed_title"])
        return entries

    def remember_ranking(
        self,
        client_id: int,
        kind: str,
        limit: int,
        day: str,
        version: str,
        ranked: list[dict[str, Any]],
        *,
        mark: int,
    ) -> bool:
        """Remember a ranking computed since `mark` (data_version); whether it was kept.

        Kept only when no other connection committed since `mark` (what was ranked is
        still the file's state) and the write lock is free at once: a briefing never waits
        behind a fetch to save the ranking's few milliseconds next time, and a read-only
        file just goes unremembered.
        """
        conn = self.conn
        if conn.in_transaction:
            return False
        try:
            waits = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
            conn.execute("PRAGMA busy_timeout = 0")
            try:
                with immediate(conn):
                    if int(conn.execute("PRAGMA data_version").fetchone()[0]) != mark:
                        return False
                    conn.execute(
                        "INSERT OR REPLACE INTO ranking_memo"
                        " (client_id, kind, news_limit, day, version, ranked)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        [client_id, kind, limit, day, version, json.dumps(ranked)],
                    )
            finally:
                conn.execute(f"PRAGMA busy_timeout = {waits}")
        except sqlite3.OperationalError:
            return False
        return True
