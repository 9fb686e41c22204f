"""The SQLite store: one file, typed queries by area, no UI knowledge."""

from __future__ import annotations

from prepdeck.store.archive import ArchiveMixin
from prepdeck.store.calendars import CalendarsMixin
from prepdeck.store.database import default_db_path, describe_sqlite_error, open_database
from prepdeck.store.feeds import FeedsMixin
from prepdeck.store.people import PeopleMixin
from prepdeck.store.ranking import RankingMixin
from prepdeck.store.records import RecordsMixin
from prepdeck.store.reports import ReportsMixin
from prepdeck.store.search import SearchHit, SearchMixin
from prepdeck.store.shares import SharesMixin


class Store(
    PeopleMixin,
    RecordsMixin,
    FeedsMixin,
    SharesMixin,
    SearchMixin,
    RankingMixin,
    CalendarsMixin,
    ReportsMixin,
    ArchiveMixin,
):
    """The facade every face uses: `Store(path)` opens, migrates and checks the file."""


__all__ = ["SearchHit", "Store", "default_db_path", "describe_sqlite_error", "open_database"]
