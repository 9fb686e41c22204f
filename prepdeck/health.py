"""Relationship health: figures computed from what is stored, each with a one-line reason.

The same inputs are gathered with a handful of aggregate queries for one client
(the briefing) or for every client at once (the client table and `due`), so a
client is flagged "needs attention" for exactly the same reasons everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import NamedTuple

from prepdeck.dates import now
from prepdeck.plain import Plain
from prepdeck.store import Store
from prepdeck.wording import counted, days_ago

DEFAULT_CADENCE = 30
MONTHS = 6
TREND_STEP = 0.5  # a change in average satisfaction smaller than this is "steady"


class HealthFigure(NamedTuple):
    """One figure as a UI row: a label, its value, whether it is fine, and why.

    `known` False: nothing has been logged to judge by ("never", "no scores"); such a
    figure is no reason to act (ok) but is shown as an unknown, never as a green tick.
    """

    key: str
    label: str
    value: str
    explanation: str
    ok: bool
    known: bool = True

    @property
    def state(self) -> str:
        """ "ok", "bad" or "unknown": what every face draws (a tick, a cross, a dot)."""
        return "unknown" if not self.known else "ok" if self.ok else "bad"


@dataclass(eq=False, repr=False)
class Health(Plain):
    """How the relationship is going, each figure explained, with any reasons to act."""

    days_since_contact: int | None
    cadence_days: int
    contact_overdue: bool
    frequency: list[int]  # interactions per calendar month, oldest first, this month last
    frequency_months: list[str]  # "2026-06" … matching `frequency`
    contacts_per_month: float
    satisfaction_recent: float | None  # mean of the last three scores
    satisfaction_before: float | None  # mean of the three before those
    satisfaction_trend: str  # "rising", "falling", "steady" or "unknown"
    satisfaction_scores: list[int]  # up to six, oldest first
    open_complaints: int
    oldest_open_complaint: date | None
    kept_on_time_rate: float | None  # 0..1, None when no promise has come due
    kept_on_time: int
    promises_counted: int
    overdue_promises: int
    most_overdue_days: int
    needs_attention: bool
    attention_reasons: list[str]
    figures: list[HealthFigure] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class HealthInputs(Plain):
    """The raw facts health is computed from (gathered by `gather`)."""

    cadence_days: int = DEFAULT_CADENCE
    status: str = "active"
    added_on: date | None = None
    last_contact: date | None = None
    monthly: dict[str, int] = field(default_factory=dict)
    scores: list[int] = field(default_factory=list)  # newest first, at most six
    open_complaints: int = 0
    oldest_open_complaint: date | None = None
    kept_on_time: int = 0
    kept_late: int = 0
    open_overdue: int = 0
    oldest_overdue_due: date | None = None


def month_labels(today: date, months: int = MONTHS) -> list[str]:
    """The last `months` calendar months ending with today's, oldest first."""
    return list(_month_labels(today, months))


@lru_cache(maxsize=8)
def _month_labels(today: date, months: int) -> tuple[str, ...]:
    labels = []
    year, month = today.year, today.month
    for _ in range(months):
        labels.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return tuple(labels[::-1])


def gather(
    store: Store, today: date, client_ids: list[int] | None = None
) -> dict[int, HealthInputs]:
    """Health inputs for the given clients (None: all), in four aggregate queries."""
    out: dict[int, HealthInputs] = {}
    for r in store.health_clients(client_ids):
        out[r["id"]] = HealthInputs(
            cadence_days=r["cadence_days"] or DEFAULT_CADENCE,
            status=r["status"],
            added_on=date.fromisoformat(r["created_at"][:10]) if r["created_at"] else None,
        )
    if not out:
        return out

    # One pass over interactions: last contact, contacts per month, open complaints.
    labels = month_labels(today)
    for r in store.interaction_figures(today, labels, client_ids):
        item = out.get(r["client_id"])
        if item is None:
            continue
        if r["last"]:
            item.last_contact = date.fromisoformat(r["last"][:10])
        item.monthly = {label: r[f"m{i}"] for i, label in enumerate(labels) if r[f"m{i}"]}
        if r["complaints"]:
            item.open_complaints = r["complaints"]
            item.oldest_open_complaint = date.fromisoformat(r["oldest_complaint"][:10])

    # A calendar meeting that has begun is contact too (never a logged conversation).
    for client_id, met in store.last_meeting_dates(_meetings_before(today), client_ids).items():
        item = out.get(client_id)
        if item is not None and (item.last_contact is None or met > item.last_contact):
            item.last_contact = met

    for r in store.recent_satisfaction(today, client_ids, per_client=6):
        if r["client_id"] in out:
            out[r["client_id"]].scores.append(r["satisfaction"])

    for r in store.promise_figures(today, client_ids):
        if r["client_id"] in out:
            item = out[r["client_id"]]
            item.kept_on_time = r["on_time"] or 0
            item.kept_late = r["late"] or 0
            item.open_overdue = r["overdue"] or 0
            item.oldest_overdue_due = date.fromisoformat(r["oldest"]) if r["oldest"] else None
    return out


def _meetings_before(today: date) -> datetime:
    """Meetings up to this moment of `today` have happened (the clock's time, on that day)."""
    return datetime.combine(today, now().time())


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def compute(inputs: HealthInputs, today: date) -> Health:
    """Turn the raw facts into figures, explanations and the needs-attention verdict.

    Each step adds its figure and, when it is not fine, a reason to act (in this order).
    """
    reasons: list[str] = []
    cadence = inputs.cadence_days or DEFAULT_CADENCE
    watch_contact = inputs.status in ("active", "prospect")
    days, overdue, contact = _last_contact(inputs, today, cadence, watch_contact, reasons)
    labels, frequency, per_month, often = _frequency(inputs, today, watch_contact)
    scores, recent_mean, before_mean, trend, satisfaction = _satisfaction(inputs, reasons)
    complaints = _complaints(inputs, reasons)
    rate, came_due, most_overdue, promises = _promises(inputs, today, reasons)
    return Health(
        days_since_contact=days,
        cadence_days=cadence,
        contact_overdue=overdue,
        frequency=frequency,
        frequency_months=labels,
        contacts_per_month=per_month,
        satisfaction_recent=recent_mean,
        satisfaction_before=before_mean,
        satisfaction_trend=trend,
        satisfaction_scores=scores,
        open_complaints=inputs.open_complaints,
        oldest_open_complaint=inputs.oldest_open_complaint,
        kept_on_time_rate=rate,
        kept_on_time=inputs.kept_on_time,
        promises_counted=came_due,
        overdue_promises=inputs.open_overdue,
        most_overdue_days=most_overdue,
        needs_attention=bool(reasons),
        attention_reasons=reasons,
        figures=[contact, often, satisfaction, complaints, promises],
    )


def _last_contact(
    inputs: HealthInputs, today: date, cadence: int, watch_contact: bool, reasons: list[str]
) -> tuple[int | None, bool, HealthFigure]:
    """Days since the last contact against the cadence: (days, overdue, figure)."""
    days = (today - inputs.last_contact).days if inputs.last_contact else None
    if days is None:
        # A client never contacted slips only once a whole cadence has passed since adding.
        waited = (today - inputs.added_on).days if inputs.added_on else 0
        overdue = watch_contact and waited > cadence
        value = "never"
        why = f"No contact logged yet; the target is every {counted(cadence, 'day')}."
        if overdue:
            reasons.append(
                f"No contact logged since the client was added {counted(waited, 'day')} ago."
            )
    else:
        overdue = watch_contact and days > cadence
        value = days_ago(days)
        if overdue:
            every = counted(cadence, "day")
            why = f"Last contact {counted(days, 'day')} ago, past the target of every {every}."
            reasons.append(f"No contact for {counted(days, 'day')} (target every {every}).")
        elif not watch_contact:
            why = f"Last contact {value}; the client is {inputs.status}, so no target applies."
        else:
            left = cadence - days
            every = counted(cadence, "day")
            why = f"Within the target of every {every} ({counted(left, 'day')} left)."
    known = days is not None or overdue
    figure = HealthFigure("contact", "Last contact", value, why, not overdue, known)
    return days, overdue, figure


def _frequency(
    inputs: HealthInputs, today: date, watch_contact: bool
) -> tuple[list[str], list[int], float, HealthFigure]:
    """Contacts per month: (month labels, counts by month, mean per month, figure)."""
    labels = month_labels(today)
    frequency = [inputs.monthly.get(m, 0) for m in labels]
    total = sum(frequency)
    per_month = total / MONTHS
    figure = HealthFigure(
        "frequency",
        "Contacts a month",
        f"{per_month:.1f}",
        f"{counted(total, 'contact')} in the last {MONTHS} months"
        f" ({', '.join(str(n) for n in frequency)} by month).",
        total > 0 or not watch_contact,
        inputs.last_contact is not None,  # never contacted: nothing to judge a frequency by
    )
    return labels, frequency, per_month, figure


def _satisfaction(
    inputs: HealthInputs, reasons: list[str]
) -> tuple[list[int], float | None, float | None, str, HealthFigure]:
    """The last three scores against the three before: (scores oldest first, recent mean,
    earlier mean, trend, figure)."""
    scores = list(reversed(inputs.scores[:6]))  # oldest first
    recent = scores[-3:]
    before = scores[:-3][-3:] if len(scores) > 3 else []
    recent_mean, before_mean = _mean(recent), _mean(before)
    if recent_mean is None:
        trend, why = "unknown", "No satisfaction scores logged yet."
    elif before_mean is None:
        trend = "unknown"
        why = (
            f"Average {recent_mean:.1f} over {counted(len(recent), 'score')};"
            " too few to see a trend."
        )
    else:
        change = recent_mean - before_mean
        trend = (
            "rising" if change >= TREND_STEP else "falling" if change <= -TREND_STEP else "steady"
        )
        why = (
            f"The last three scores average {recent_mean:.1f} against {before_mean:.1f}"
            " for the three before."
        )
        if trend == "falling":
            reasons.append(
                f"Satisfaction falling: {recent_mean:.1f} recently, was {before_mean:.1f}."
            )
    _glyph, value = satisfaction_words(recent_mean, trend)
    figure = HealthFigure(
        "satisfaction", "Satisfaction", value, why, trend != "falling", recent_mean is not None
    )
    return scores, recent_mean, before_mean, trend, figure


TREND_GLYPHS = {"rising": "↗", "falling": "↘", "steady": "→"}


def satisfaction_words(recent: float | None, trend: str) -> tuple[str, str]:
    """The one wording of satisfaction (glyph, words) for the health panel, the home
    table and the printouts: "4.2 rising", "4.0, too few for a trend", "no scores"."""
    if recent is None:
        return "·", "no scores"
    if trend not in TREND_GLYPHS:
        return "·", f"{recent:.1f}, too few for a trend"
    return TREND_GLYPHS[trend], f"{recent:.1f} {trend}"


def contact_state(h: Health) -> str:
    """The last-contact figure's state ("ok", "bad", "unknown"), for the home table's dot."""
    return next((f.state for f in h.figures if f.key == "contact"), "unknown")


def _complaints(inputs: HealthInputs, reasons: list[str]) -> HealthFigure:
    """Open complaints, with the oldest one's date."""
    n = inputs.open_complaints
    known = True
    if n:
        since = inputs.oldest_open_complaint
        why = f"{counted(n, 'complaint')} not resolved, the oldest from {since}."
        reasons.append(f"{counted(n, 'open complaint')} (oldest from {since}).")
    elif inputs.last_contact is None:
        why, known = "No conversations logged yet, so none to judge by.", False
    else:
        why = "No unresolved complaints."
    return HealthFigure("complaints", "Open complaints", str(n), why, n == 0, known)


def _promises(
    inputs: HealthInputs, today: date, reasons: list[str]
) -> tuple[float | None, int, int, HealthFigure]:
    """Kept on time among those kept or now overdue: (rate, promises counted, days the
    oldest overdue one is late, figure)."""
    came_due = inputs.kept_on_time + inputs.kept_late + inputs.open_overdue
    rate = inputs.kept_on_time / came_due if came_due else None
    most_overdue = (today - inputs.oldest_overdue_due).days if inputs.oldest_overdue_due else 0
    if rate is None:
        value, why = "none due yet", "No promise has come due yet."
    else:
        value = f"{rate:.0%}"
        why = f"{inputs.kept_on_time} of {counted(came_due, 'promise')} that came due kept on time"
        why += f"; {inputs.open_overdue} overdue now." if inputs.open_overdue else "."
    if inputs.open_overdue:
        reasons.append(
            f"{counted(inputs.open_overdue, 'promise')} overdue"
            f" (the oldest by {counted(most_overdue, 'day')})."
        )
    figure = HealthFigure(
        "promises", "Kept on time", value, why, inputs.open_overdue == 0, rate is not None
    )
    return rate, came_due, most_overdue, figure


def health_for(store: Store, client_id: int, today: date) -> Health:
    """One client's health (the briefing's)."""
    inputs = gather(store, today, [client_id]).get(client_id, HealthInputs())
    return compute(inputs, today)


def health_all(store: Store, today: date) -> dict[int, Health]:
    """Every client's health, from the same four aggregate queries."""
    return {cid: compute(inputs, today) for cid, inputs in gather(store, today).items()}
