"""The schema as numbered forward migrations, tracked in PRAGMA user_version.

Migrations are fixed SQL so that a database built by any release upgrades the
same way; sqlite-utils adds the full-text indexes and their triggers, and _v4 reads
each stored feed's identity off feeds.local.feed_identity.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported for real only by a migration (see database.wrap)
    import sqlite_utils

V1_TABLES = """
CREATE TABLE clients (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (trim(name) != ''),
    company TEXT,
    industry TEXT,
    keywords TEXT,
    address_as TEXT,
    email TEXT,
    warmth INTEGER NOT NULL DEFAULT 3 CHECK (warmth BETWEEN 1 AND 5),
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('prospect', 'active', 'paused', 'ended')),
    agreed TEXT,
    next_meeting TEXT,
    cadence_days INTEGER NOT NULL DEFAULT 30 CHECK (cadence_days > 0),
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX clients_name ON clients (name COLLATE NOCASE);
CREATE INDEX clients_next_meeting ON clients (next_meeting);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (trim(name) != ''),
    role TEXT,
    authority TEXT,
    address_as TEXT,
    email TEXT,
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX contacts_client ON contacts (client_id);
CREATE INDEX contacts_email ON contacts (email COLLATE NOCASE);

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    text TEXT NOT NULL CHECK (trim(text) != ''),
    ask_on TEXT,
    pinned INTEGER NOT NULL DEFAULT 0,
    sensitivity TEXT NOT NULL DEFAULT 'normal'
        CHECK (sensitivity IN ('normal', 'private', 'never')),
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX notes_client ON notes (client_id);
CREATE INDEX notes_ask_on ON notes (ask_on);

CREATE TABLE promises (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    text TEXT NOT NULL CHECK (trim(text) != ''),
    made_on TEXT NOT NULL,
    due_on TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'dropped')),
    kept_on TEXT,
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX promises_client ON promises (client_id, status);
CREATE INDEX promises_due ON promises (status, due_on);

CREATE TABLE interactions (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    happened_on TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    complaint INTEGER NOT NULL DEFAULT 0,
    resolved_on TEXT,
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX interactions_client ON interactions (client_id, happened_on);

CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    client_id INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    etag TEXT,
    last_modified TEXT,
    last_status TEXT,
    last_error TEXT,
    error_count INTEGER NOT NULL DEFAULT 0,
    checked_at TEXT,
    next_check_at TEXT,
    gone INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    link TEXT,
    title TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    published TEXT,
    fetched_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    UNIQUE (feed_id, guid)
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_feed ON articles (feed_id, published);

CREATE TABLE shares (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    title TEXT NOT NULL DEFAULT '',
    link TEXT,
    status TEXT NOT NULL DEFAULT 'marked'
        CHECK (status IN ('suggested', 'marked', 'sent', 'dismissed')),
    note TEXT,
    reasons TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    sent_at TEXT,
    UNIQUE (client_id, article_id)
);
CREATE INDEX shares_client ON shares (client_id, status);
CREATE INDEX shares_article ON shares (article_id);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT
);
"""

# Text columns that full-text search covers, per table.
FTS_COLUMNS: dict[str, list[str]] = {
    "clients": ["name", "company", "industry", "keywords", "agreed"],
    "contacts": ["name", "role", "email"],
    "notes": ["text"],
    "promises": ["text"],
    "interactions": ["text"],
    "articles": ["title", "summary"],
}


def _v1(db: sqlite_utils.Database) -> None:
    db.executescript(V1_TABLES)
    for table, columns in FTS_COLUMNS.items():
        db.table(table).enable_fts(columns, create_triggers=True, tokenize="porter")


V2_CALENDARS_AND_MAIL = """
CREATE TABLE calendars (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) != ''),
    source TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('file', 'vdir', 'url')),
    etag TEXT,
    last_modified TEXT,
    last_status TEXT,
    last_error TEXT,
    synced_at TEXT,
    event_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);

-- One row per occurrence inside the synced window, replaced wholesale by each sync.
-- start/end are local wall-clock times ('YYYY-MM-DD HH:MM'), like clients.next_meeting.
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    calendar_id INTEGER NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
    uid TEXT NOT NULL,
    start TEXT NOT NULL,
    "end" TEXT,
    all_day INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL DEFAULT '',
    location TEXT,
    video TEXT,
    organizer TEXT,
    attendees TEXT NOT NULL DEFAULT '[]',
    client_id INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    matched_by TEXT,
    attached INTEGER NOT NULL DEFAULT 0,
    UNIQUE (calendar_id, uid, start)
);
CREATE INDEX meetings_start ON meetings (start);
CREATE INDEX meetings_client ON meetings (client_id, start);

-- Imported mail: the Message-ID makes a second import of the same mailbox change nothing.
ALTER TABLE interactions ADD COLUMN message_id TEXT;
ALTER TABLE interactions ADD COLUMN direction TEXT CHECK (direction IN ('in', 'out'));
CREATE UNIQUE INDEX interactions_message
    ON interactions (client_id, message_id) WHERE message_id IS NOT NULL;
"""


def _v2(db: sqlite_utils.Database) -> None:
    # Statement by statement: executescript would commit, leaving a half-done upgrade possible.
    for statement in V2_CALENDARS_AND_MAIL.split(";"):
        if statement.strip():
            db.execute(statement)


# A client's ranked news, remembered for the day so the next briefing skips the ranking
# (prepdeck/news.py). Rankings read these tables only: a change to any of them forgets
# every remembered ranking (a note or a contact's name can change what ranks for others).
V3_RANKING_MEMO = """
CREATE TABLE ranking_memo (
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('suggest', 'own')),
    news_limit INTEGER NOT NULL,
    day TEXT NOT NULL,
    version TEXT NOT NULL,
    ranked TEXT NOT NULL,
    PRIMARY KEY (client_id, kind, news_limit)
) WITHOUT ROWID
"""
RANKING_INPUTS = {
    "clients": "",
    "contacts": "",
    "notes": "",
    "interactions": "",
    "shares": "",
    "articles": "",
    # A fetch updates every feed's state columns; only these matter to a ranking.
    "feeds": " OF url, title, tags, client_id",
}


def _v3(db: sqlite_utils.Database) -> None:
    db.execute(V3_RANKING_MEMO)
    for table, columns in RANKING_INPUTS.items():
        for event in ("INSERT", "UPDATE" + columns, "DELETE"):
            name = f"{table}_{event.split()[0].lower()}_forgets_rankings"
            db.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table}"
                " BEGIN DELETE FROM ranking_memo; END"
            )


def _v4(db: sqlite_utils.Database) -> None:
    """Which feed each URL names (feeds.local.feed_identity), kept beside the URL and
    indexed: adding a feed found its twin by reading every stored feed, so an OPML list
    of n feeds read n²/2 rows. The store writes it with every URL (store/feeds.py)."""
    from prepdeck.feeds.local import feed_identity

    db.execute("ALTER TABLE feeds ADD COLUMN identity TEXT")
    db.execute("CREATE INDEX feeds_identity ON feeds (identity)")
    for feed_id, url in db.execute("SELECT id, url FROM feeds").fetchall():
        db.execute("UPDATE feeds SET identity = ? WHERE id = ?", [feed_identity(url), feed_id])


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3, _v4]
SCHEMA_VERSION = len(MIGRATIONS)
