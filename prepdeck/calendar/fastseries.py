"""A quick expansion of the plain recurring series, the same as recurring-ical-events'.

icalendar and recurring-ical-events cost about two milliseconds per series (parsing,
then adapters over every property), most of a large calendar's sync. Most series are
plain: one RRULE and perhaps RDATEs, EXDATEs and RECURRENCE-ID overrides all written
in the start's own form (a date, floating, UTC or one IANA zone). Those are expanded
here with dateutil, by the very steps `recurring_ical_events.series.rrule.Series.between`
takes (so the occurrences are the same: tests compare both on every test calendar);
anything else raises NeedsFullParse and the series goes to the libraries whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from prepdeck.calendar.fastics import _STAMP, UTC_ZONE, Line, NeedsFullParse, _zone

Time = date | datetime
# Properties the quick expansion does not read: a series with one goes to the libraries.
_UNHANDLED = frozenset({"EXRULE", "DURATION"})
# Properties a component may have once here (icalendar reads two as a list: no telling).
_ONCE = ("UID", "DTSTART", "DTEND", "RRULE", "RECURRENCE-ID", "STATUS")


class Component(NamedTuple):
    """One VEVENT of a series: the master or an override (RECURRENCE-ID)."""

    lines: list[Line]
    props: dict[str, Line]


class Happening(NamedTuple):
    """One occurrence: the component whose text it has, and its own start and end."""

    component: Component
    start: Time
    end: Time


def _value(text: str, params: dict[str, str]) -> tuple[Time, str]:
    """A DATE or DATE-TIME value and its form ("date", "floating", "utc" or the TZID)."""
    found = _STAMP.fullmatch(text.strip())
    if not found or params.get("VALUE", "").upper() not in ("", "DATE", "DATE-TIME"):
        raise NeedsFullParse(text)
    year, month, day, hour, minute, second, utc = found.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day)), "date"
        value = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError:
        raise NeedsFullParse(text) from None
    if utc:
        return value.replace(tzinfo=UTC_ZONE), "utc"
    zone = params.get("TZID")
    if zone:
        return value.replace(tzinfo=_zone(zone)), zone
    return value, "floating"


def _values(line: Line, form: str) -> list[Time]:
    """The values of an EXDATE, RDATE or RECURRENCE-ID line, each in the series' form."""
    out = []
    for text in line.value.split(","):
        value, its_form = _value(text, line.params)
        if its_form != form:
            raise NeedsFullParse("a date in another form than the start")
        out.append(value)
    return out


def _span(component: Component) -> tuple[Time, Time, str]:
    """(start, end, form): DTEND in the start's form, or the RFC 5545 default end."""
    props = component.props
    if "DTSTART" not in props:
        raise NeedsFullParse("no start")
    start, form = _value(props["DTSTART"].value, props["DTSTART"].params)
    if "DTEND" not in props:
        return start, start + timedelta(days=1) if form == "date" else start, form
    end, end_form = _value(props["DTEND"].value, props["DTEND"].params)
    if end_form != form or end < start:
        raise NeedsFullParse("an end in another form, or before the start")
    return start, end, form


def _ids(value: Time) -> tuple[datetime, ...]:
    """recurring_ical_events.util.to_recurrence_ids: what identifies an occurrence."""
    if not isinstance(value, datetime):
        return (datetime(value.year, value.month, value.day),)
    if value.tzinfo is None:
        return (value,)
    return value.astimezone(UTC).replace(tzinfo=None), value.replace(tzinfo=None)


def _as_datetime(value: Time, tzinfo: object) -> datetime:
    """A value made comparable with the series' times (midnight in its zone for a date)."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value.replace(tzinfo=tzinfo) if value.tzinfo is None else value  # type: ignore[arg-type]


class _Window:
    """[first, last) as recurring_ical_events' time_span_contains_event compares it with an
    event: in the event's own zone (dates with an all-day event); each zone's bounds once."""

    def __init__(self, first: date, last: date) -> None:
        self.first, self.last = first, last
        self.bounds: dict[object, tuple[datetime, datetime]] = {}

    def contains(self, start: Time, end: Time) -> bool:
        if isinstance(start, datetime):
            tzinfo = start.tzinfo
            bounds = self.bounds.get(tzinfo)
            if bounds is None:
                bounds = _as_datetime(self.first, tzinfo), _as_datetime(self.last, tzinfo)
                self.bounds[tzinfo] = bounds
            lo, hi = bounds
        else:
            lo, hi = self.first, self.last  # type: ignore[assignment]
        if start == end:
            return lo <= start < hi
        return start < hi and lo < end


def expand(components: list[Component], first: date, last: date, cap: int) -> list[Happening]:
    """The series' occurrences overlapping [first, last); NeedsFullParse for what this
    does not read, and for a series with more than `cap` of them (the libraries cut it)."""
    masters = [c for c in components if "RECURRENCE-ID" not in c.props]
    overrides = [c for c in components if "RECURRENCE-ID" in c.props]
    if len(masters) != 1:
        raise NeedsFullParse("no master, or several")
    master = masters[0]
    for component in components:
        names = [line.name for line in component.lines]
        if _UNHANDLED.intersection(names) or any(names.count(n) > 1 for n in _ONCE):
            raise NeedsFullParse("a property the quick reading does not handle, or twice")
    start, end, form = _span(master)
    duration = end - start  # type: ignore[operator]
    exdates = [v for x in master.lines if x.name == "EXDATE" for v in _values(x, form)]
    rdates = [v for x in master.lines if x.name == "RDATE" for v in _values(x, form)]
    excluded = {i for value in exdates for i in _ids(value)}
    excluded_days = {value for value in exdates if not isinstance(value, datetime)}
    by_id: dict[datetime, Component] = {}
    spans: dict[int, tuple[Time, Time]] = {}
    for index, override in enumerate(overrides):
        line = override.props["RECURRENCE-ID"]
        if "RANGE" in line.params or any(n in override.props for n in ("RRULE", "RDATE", "EXDATE")):
            raise NeedsFullParse("an override of this and future ones, or with its own rule")
        [recurrence_id] = _values(line, form)
        for i in _ids(recurrence_id):
            if by_id.setdefault(i, override) is not override:
                raise NeedsFullParse("two overrides of one occurrence")
        spans[index] = _span(override)[:2]
    window = _Window(first, last)
    happenings: list[Happening] = []
    returned_starts: set[datetime] = set()
    returned: set[int] = set()
    index_of = {id(o): n for n, o in enumerate(overrides)}
    for candidate in _candidates(master, start, duration, rdates, first, last):
        ids = _ids(candidate)
        if (
            candidate in returned_starts
            or candidate.date() in excluded_days
            or excluded.intersection(ids)
        ):
            continue
        moved: Component | None = None
        for i in ids:  # recurring_ical_events.util.get_any: the last id found wins
            moved = by_id.get(i, moved)
        if moved is None:
            returned_starts.add(candidate)
            begins: Time = candidate if form != "date" else candidate.date()
            ends: Time = candidate + duration if form != "date" else (candidate + duration).date()
            happening = Happening(master, begins, ends)
        else:
            n = index_of[id(moved)]
            if n in returned:
                continue
            returned.add(n)
            happening = Happening(moved, *spans[n])
        if window.contains(happening.start, happening.end):
            happenings.append(happening)
            if len(happenings) > cap:
                raise NeedsFullParse("more occurrences than a series may give")
    for n, override in enumerate(overrides):
        line = override.props["RECURRENCE-ID"]
        if n in returned or excluded.intersection(_ids(_values(line, form)[0])):
            continue
        if window.contains(*spans[n]):
            returned.add(n)
            happenings.append(Happening(override, *spans[n]))
    if len(happenings) > cap:
        raise NeedsFullParse("more occurrences than a series may give")
    return happenings


def _candidates(
    master: Component,
    start: Time,
    duration: timedelta,
    rdates: list[Time],
    first: date,
    last: date,
) -> Iterator[datetime]:
    """The starts the rules give around the window: the start and RDATEs, then the RRULE's,
    as recurring_ical_events' RecurrenceRules.rrule_between gives them."""
    from dateutil.rrule import rrulestr

    tzinfo = start.tzinfo if isinstance(start, datetime) else None
    begin = _as_datetime(start, tzinfo)
    # The library widens the window back by the duration (date arithmetic: whole days).
    lo = _as_datetime(first - duration, tzinfo)
    hi = _as_datetime(last, tzinfo)
    rules = [line.value for line in master.lines if line.name == "RRULE"]
    rule = None
    if rules:
        text = rules[0]
        if "COUNT=-" in text.upper():
            raise NeedsFullParse("a negative COUNT")
        try:
            rule = rrulestr(text, dtstart=begin)
        except (ValueError, TypeError):
            raise NeedsFullParse("a rule dateutil refuses as written") from None
    until = getattr(rule, "_until", None)
    extra = {_as_datetime(r, tzinfo) for r in rdates}
    if until is None or not begin > until:
        extra.add(begin)
    for value in sorted(extra):
        if lo <= value <= hi:
            yield value
    if rule is not None:
        yield from rule.between(lo, hi, inc=True)
