"""Relationship health: each figure, its explanation, and the needs-attention rules."""

from __future__ import annotations

from datetime import date

import pytest
from briefing_support import TODAY, days

from prepdeck.health import health_all, health_for, month_labels, satisfaction_words
from prepdeck.store import Store


def figure(health, key):
    return next(f for f in health.figures if f.key == key)


@pytest.mark.parametrize(("ago", "flagged"), [(30, False), (31, True)])
def test_contact_against_default_cadence(store: Store, ago: int, flagged: bool) -> None:
    c = store.add_client("Ann")
    store.log_interaction(c.id, "coffee", on=days(-ago))
    h = health_for(store, c.id, TODAY)
    assert h.days_since_contact == ago and h.cadence_days == 30
    assert h.contact_overdue is flagged and h.needs_attention is flagged
    assert figure(h, "contact").ok is not flagged
    if flagged:
        assert h.attention_reasons == ["No contact for 31 days (target every 30 days)."]


def test_custom_cadence_and_future_interactions(store: Store) -> None:
    c = store.add_client("Ben", cadence_days=7)
    store.log_interaction(c.id, "call", on=days(-8))
    store.log_interaction(c.id, "planned", on=days(+3))  # not yet happened: ignored
    h = health_for(store, c.id, TODAY)
    assert h.days_since_contact == 8 and h.contact_overdue
    assert "target every 7 days" in h.attention_reasons[0]


@pytest.mark.parametrize("status", ["paused", "ended"])
def test_paused_and_ended_clients_have_no_cadence(store: Store, status: str) -> None:
    c = store.add_client("Cy", status=status)
    store.log_interaction(c.id, "call", on=days(-200))
    h = health_for(store, c.id, TODAY)
    assert not h.contact_overdue and not h.needs_attention
    assert status in figure(h, "contact").explanation


def test_never_contacted_client_slips_only_after_a_cadence(store: Store) -> None:
    c = store.add_client("Di")
    assert not health_for(store, c.id, TODAY).needs_attention
    store.db.execute("UPDATE clients SET created_at = ? WHERE id = ?", ["2026-09-01 09:00", c.id])
    h = health_for(store, c.id, TODAY)
    assert h.needs_attention and "since the client was added 83 days ago" in h.attention_reasons[0]


def test_frequency_per_month_over_six_months(store: Store) -> None:
    c = store.add_client("Ed")
    for on in ["2026-05-31", "2026-06-01", "2026-06-15", "2026-09-10", "2026-11-02", "2026-11-20"]:
        store.log_interaction(c.id, "x", on=date.fromisoformat(on))
    h = health_for(store, c.id, TODAY)
    assert h.frequency_months == month_labels(TODAY)
    assert h.frequency_months == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
    assert h.frequency == [2, 0, 0, 1, 0, 2]
    assert h.contacts_per_month == pytest.approx(5 / 6)
    assert "5 contacts in the last 6 months" in figure(h, "frequency").explanation


def test_month_labels_cross_the_year() -> None:
    assert month_labels(days(-330)) == [  # 2025-12-28
        "2025-07",
        "2025-08",
        "2025-09",
        "2025-10",
        "2025-11",
        "2025-12",
    ]


@pytest.mark.parametrize(
    ("scores", "trend", "flagged"),
    [
        ([5, 5, 4, 3, 2, 3], "falling", True),
        ([2, 2, 3, 4, 4, 5], "rising", False),
        ([4, 3, 4, 4, 4, 3], "steady", False),
        ([1, 5, 5, 5], "rising", False),  # one score before the last three still counts
        ([5, 4], "unknown", False),
        ([], "unknown", False),
    ],
)
def test_satisfaction_trend(store: Store, scores: list[int], trend: str, flagged: bool) -> None:
    c = store.add_client("Flo")
    store.log_interaction(c.id, "unscored", on=days(-1))  # no score: ignored
    for n, score in enumerate(scores):
        store.log_interaction(c.id, "s", on=days(-20 + n), satisfaction=score)
    h = health_for(store, c.id, TODAY)
    assert h.satisfaction_trend == trend
    assert h.satisfaction_scores == scores[-6:]
    assert ("Satisfaction falling" in " ".join(h.attention_reasons)) is flagged
    assert figure(h, "satisfaction").ok is not flagged


def test_only_six_latest_scores_count(store: Store) -> None:
    c = store.add_client("Gus")
    for n, score in enumerate([1, 1, 1, 5, 5, 5, 3, 3, 3]):
        store.log_interaction(c.id, "s", on=days(-30 + n), satisfaction=score)
    h = health_for(store, c.id, TODAY)
    assert h.satisfaction_before == pytest.approx(5.0)
    assert h.satisfaction_recent == pytest.approx(3.0)
    assert h.satisfaction_trend == "falling"


def test_open_complaints(store: Store) -> None:
    c = store.add_client("Hal")
    first = store.log_interaction(c.id, "late delivery", on=days(-9), complaint=True)
    store.log_interaction(c.id, "wrong invoice", on=days(-4), complaint=True)
    h = health_for(store, c.id, TODAY)
    assert h.open_complaints == 2 and h.oldest_open_complaint == days(-9)
    assert "2 open complaints (oldest from 2026-11-14)." in h.attention_reasons
    store.resolve_complaint(first.id, days(-1))
    h = health_for(store, c.id, TODAY)
    assert h.open_complaints == 1 and h.oldest_open_complaint == days(-4)


def test_kept_on_time_rate(store: Store) -> None:
    c = store.add_client("Ida")
    on_time = store.add_promise(c.id, "a", due_on=days(-10), made_on=days(-20))
    store.keep_promise(on_time.id, days(-11))
    late = store.add_promise(c.id, "b", due_on=days(-10), made_on=days(-20))
    store.keep_promise(late.id, days(-5))
    undated = store.add_promise(c.id, "c", made_on=days(-20))
    store.keep_promise(undated.id, days(-2))
    store.add_promise(c.id, "d overdue", due_on=days(-3), made_on=days(-20))
    store.add_promise(c.id, "e not due", due_on=days(3), made_on=days(-20))
    dropped = store.add_promise(c.id, "f", due_on=days(-30), made_on=days(-40))
    store.set_promise_status(dropped.id, "dropped")
    h = health_for(store, c.id, TODAY)
    assert (h.kept_on_time, h.promises_counted, h.overdue_promises) == (2, 4, 1)
    assert h.kept_on_time_rate == pytest.approx(0.5)
    assert h.most_overdue_days == 3
    assert figure(h, "promises").value == "50%"
    assert "1 promise overdue (the oldest by 3 days)." in h.attention_reasons


def test_no_promise_due_yet_has_no_rate(store: Store) -> None:
    c = store.add_client("Jo")
    store.add_promise(c.id, "later", due_on=days(5))
    h = health_for(store, c.id, TODAY)
    assert h.kept_on_time_rate is None and figure(h, "promises").value == "none due yet"
    assert figure(h, "promises").state == "unknown"


def test_nothing_logged_is_unknown_never_fine(store: Store) -> None:
    """A client with no contact and no scores gets no ticks: those are unknowns."""
    c = store.add_client("Jo")
    h = health_for(store, c.id, TODAY)
    states = {f.key: f.state for f in h.figures}
    assert states == dict.fromkeys(states, "unknown")
    assert figure(h, "contact").value == "never"
    assert figure(h, "satisfaction").value == "no scores"
    assert not h.needs_attention


def test_satisfaction_has_one_wording(store: Store) -> None:
    c = store.add_client("Jo")
    store.log_interaction(c.id, "call", on=days(-3), satisfaction=4)
    h = health_for(store, c.id, TODAY)
    assert figure(h, "satisfaction").value == "4.0, too few for a trend"
    assert satisfaction_words(h.satisfaction_recent, h.satisfaction_trend) == (
        "·",
        "4.0, too few for a trend",
    )
    assert {f.key: f.state for f in h.figures}["satisfaction"] == "ok"
    for n in range(5):
        store.log_interaction(c.id, "call", on=days(-20 - n), satisfaction=2)
    h = health_for(store, c.id, TODAY)
    assert satisfaction_words(h.satisfaction_recent, h.satisfaction_trend)[0] == "↗"
    assert figure(h, "satisfaction").value == "2.7 rising"  # 4, 2, 2 against 2, 2, 2


def test_health_all_matches_health_for(store: Store) -> None:
    a = store.add_client("Kim")
    b = store.add_client("Lou", cadence_days=10)
    store.log_interaction(a.id, "x", on=days(-40), satisfaction=2, complaint=True)
    store.log_interaction(b.id, "y", on=days(-5), satisfaction=5)
    every = health_all(store, TODAY)
    assert set(every) == {a.id, b.id}
    assert every[a.id] == health_for(store, a.id, TODAY)
    assert every[b.id] == health_for(store, b.id, TODAY)
    assert every[a.id].needs_attention and not every[b.id].needs_attention
