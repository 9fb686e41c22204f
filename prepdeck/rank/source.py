"""What ranking reads from the store: the one seam between relevance and SQLite.

Ranking depends on this Protocol, not on `Store`, so mypy checks each call and a test
(or a benchmark) can rank from any object that answers these questions.
"""

from __future__ import annotations

from typing import Any, Protocol

from prepdeck.models import Client, Contact, Interaction, Note


class RankingStore(Protocol):
    """The store's read methods that `prepdeck.rank` calls."""

    def list_clients(self) -> list[Client]: ...

    def get_client(self, client_id: int) -> Client: ...

    def list_notes(self, client_id: int) -> list[Note]: ...

    def list_interactions(self, client_id: int, limit: int | None = None) -> list[Interaction]: ...

    def list_contacts(self, client_id: int | None = None) -> list[Contact]: ...

    def article_stats(self) -> tuple[int, str | None]: ...

    def window_document_counts(
        self, probes: dict[str, str], *, after: int
    ) -> dict[str, int] | None: ...

    def term_document_counts(self, stems: list[str]) -> dict[str, int] | None: ...

    def share_feedback(self, client_id: int) -> list[dict[str, Any]]: ...

    def feeds_signature(self) -> tuple[Any, ...]: ...

    def ranking_feeds(self) -> list[dict[str, Any]]: ...

    def newest_matches(self, query: str, *, limit: int, after: int = 0) -> list[int]: ...

    def rank_matches(
        self, query: str, *, limit: int, after: int = 0
    ) -> list[tuple[int, float]]: ...

    def articles_by_ids(self, ids: list[int]) -> list[dict[str, Any]]: ...

    def recent_articles(
        self, *, feed_ids: list[int] | None = None, since: str | None = None, limit: int
    ) -> list[dict[str, Any]]: ...
