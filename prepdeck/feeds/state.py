"""A feed's fetch state in words, the same in `prepdeck feed list` and the app's feeds screen."""

from __future__ import annotations

from prepdeck.models import Feed


def describe_state(feed: Feed) -> str:
    """'never fetched', 'ok', 'failing ×3' or 'gone (stopped)'."""
    if feed.gone:
        return "gone (stopped)"
    if feed.error_count:
        return f"failing ×{feed.error_count}"
    if feed.last_status:
        return feed.last_status
    return "never fetched"


def next_retry(feed: Feed) -> str:
    """When a failing feed is tried again ('' for a healthy or stopped one)."""
    if feed.gone or not feed.error_count:
        return ""
    if feed.next_check_at is None:
        return "at the next refresh"
    return f"after {feed.next_check_at:%Y-%m-%d %H:%M}"
