"""The benchmark generator builds a real, searchable, migrated prepdeck database."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pd_shared import TODAY  # type: ignore[import-not-found]

from bench.generate import contacts_csv, generate
from prepdeck.store import Store


def test_generate_small_database_is_complete_and_searchable(tmp_path: Path) -> None:
    path = generate(tmp_path / "bench.db", clients=20, articles=2000, feeds=12, today=TODAY)
    store = Store(path)
    try:
        assert store.client_count() == 20
        assert store.article_count() == 2000
        every_client_has = store.scalar(
            """SELECT count(*) FROM clients c WHERE
               EXISTS (SELECT 1 FROM contacts WHERE client_id = c.id)
               AND EXISTS (SELECT 1 FROM notes WHERE client_id = c.id)
               AND EXISTS (SELECT 1 FROM promises WHERE client_id = c.id)
               AND EXISTS (SELECT 1 FROM interactions WHERE client_id = c.id)"""
        )
        assert every_client_has == 20
        oldest, newest = store.db.execute(
            "SELECT min(published), max(published) FROM articles"
        ).fetchone()
        assert (TODAY - date.fromisoformat(oldest[:10])).days <= 181
        assert date.fromisoformat(newest[:10]) <= TODAY
        # The index rebuilt after bulk insert matches the rows, and triggers are back.
        store.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        company = store.scalar("SELECT company FROM clients c JOIN feeds f ON f.client_id = c.id")
        hits = store.scalar(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
            [f'"{company}"'],
        )
        assert hits > 0
        feed_id = store.scalar("SELECT min(id) FROM feeds")
        store.db["articles"].insert(
            {"feed_id": feed_id, "guid": "new", "title": "Zyzzogeton", "summary": ""}
        )
        assert store.scalar(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'zyzzogeton'"
        )
        statuses = {r["status"] for r in store.rows("SELECT DISTINCT status FROM promises")}
        assert {"open", "kept"} <= statuses
    finally:
        store.close()


def test_generate_is_repeatable_and_refuses_foreign_files(tmp_path: Path) -> None:
    path = tmp_path / "bench.db"
    generate(path, clients=5, articles=50, feeds=3, today=TODAY)
    first = sqlite3.connect(path).execute("SELECT name FROM clients ORDER BY id").fetchall()
    generate(path, clients=5, articles=50, feeds=3, today=TODAY)  # replaces its own output
    assert sqlite3.connect(path).execute("SELECT name FROM clients ORDER BY id").fetchall() == first

    precious = tmp_path / "mine.db"
    Store(precious).close()
    before = precious.read_bytes()
    with pytest.raises(SystemExit):
        generate(precious, clients=5, articles=50, feeds=3, today=TODAY)
    assert precious.read_bytes() == before


def test_contacts_csv_has_unique_emails(tmp_path: Path) -> None:
    path = contacts_csv(tmp_path / "contacts.csv", 300)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == 300
    assert len({r["E-mail Address"] for r in rows}) == 300
    assert len({(r["First Name"], r["Last Name"], r["Company"]) for r in rows}) == 300
