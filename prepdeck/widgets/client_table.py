"""The home table of clients: one row each, sorted by next meeting then by need."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.binding import Binding
from textual.widgets.data_table import ColumnKey

from prepdeck.briefing import ClientRow
from prepdeck.health import Health
from prepdeck.models import Client
from prepdeck.widgets.fast_table import FastTable
from prepdeck.wording import relative_days

NARROW = 96  # below this many columns the Company column is left out

# Drawn in the health and count columns until the worker has read them.
PENDING = Text("…", style="dim")

TREND_GLYPHS = {"rising": "↗", "falling": "↘", "steady": "→"}


def quick_row(client: Client) -> ClientRow:
    """A row from the client record alone, shown until the health figures are read."""
    return ClientRow.of(client)  # health None: drawn as "…" until the full row arrives


def sort_key(row: ClientRow, today: date) -> tuple[object, ...]:
    """Upcoming meetings first (soonest first), then who needs attention, then by name."""
    upcoming = row.next_meeting is not None and row.next_meeting.date() >= today
    meeting = row.next_meeting if upcoming and row.next_meeting else datetime.max
    return (not upcoming, meeting, not row.needs_attention, row.name.lower())


def matches(row: ClientRow, needle: str) -> bool:
    needle = needle.strip().lower()
    if not needle:
        return True
    haystack = " ".join(filter(None, [row.name, row.company, row.industry])).lower()
    return all(word in haystack for word in needle.split())


def meeting_text(when: datetime | None, today: date) -> str:
    if when is None or when.date() < today:
        return ""
    days = (when.date() - today).days
    clock = f" {when:%H:%M}" if (when.hour, when.minute) != (0, 0) else ""
    if days <= 1:
        return f"{relative_days(days)}{clock}"
    if days < 7:
        return f"{when:%a}{clock}"
    return f"{when:%d %b}"


class ClientTable(FastTable[Text]):
    """A DataTable whose cells are rich Text (never markup) in the theme's colours.

    Filled through FastTable.append_rows: 500 rows at once (see widgets/fast_table.py).
    """

    BINDINGS = [
        Binding("enter", "select_cursor", "Briefing", id="home.open", tooltip="Open the briefing"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]  # kwargs are DataTable's own keywords, passed on
        self.narrow = False
        self.laid_out_for = 0

    def colour(self, name: str) -> str:
        return self.app.theme_variables.get(name, "red")

    def show(self, rows: list[ClientRow], today: date, *, width: int) -> None:
        """Redraw with these rows, keeping the cursor on the same client if it is still here.

        Columns are sized to `width` so nothing is cut off at 80 columns and long names
        get the room on wide terminals; Company is dropped below NARROW columns.
        """
        keep = self.current_key()
        if width != self.laid_out_for or not self.columns:
            self.laid_out_for = width
            self.narrow = width < NARROW
            self.clear(columns=True)
            fixed = {"Next meeting": 14, "Last": 5, "Promises": 9, "Send": 4, "Health": 7}
            names = ["Client", *fixed]
            if not self.narrow:
                names.insert(1, "Company")
            # Each column has one cell of padding either side; 4 more for border and scrollbar.
            spare = max(20, width - 4 - 2 * len(names) - sum(fixed.values()))
            flexible = (
                {"Client": spare}
                if self.narrow
                else {
                    "Client": spare // 2 + spare % 2,
                    "Company": spare // 2,
                }
            )
            for name in names:
                self.add_column(name, key=name, width=fixed.get(name) or flexible[name])
        else:
            self.clear()
        self.append_rows([(str(row.client_id), self._cells(row, today)) for row in rows])
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep))

    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:  # the cursor can sit past the end right after a clear
            return None
        return key.value

    def _cells(self, row: ClientRow, today: date) -> list[Text]:
        error, warning, muted = self.colour("error"), self.colour("warning"), "dim"
        health = row.health
        if health is None:
            return self._quick_cells(row, today)
        name = Text(row.name, no_wrap=True, overflow="ellipsis")
        if row.status != "active":
            name.append(f" ({row.status})", style=muted)
        name.truncate(self.columns[ColumnKey("Client")].width, overflow="ellipsis")
        meeting = Text(meeting_text(row.next_meeting, today))
        if row.next_meeting and row.next_meeting.date() == today:
            meeting.stylize(f"bold {self.colour('accent')}")
        if row.days_since_contact is None:
            last = Text("never", style=muted)
        else:
            last = Text(f"{row.days_since_contact}d")
            if health.contact_overdue:
                last.stylize(warning)
        promises = Text(str(row.open_promises) if row.open_promises else "–", style="")
        if row.overdue_promises:
            promises.append(f" {row.overdue_promises} late", style=f"bold {error}")
        send = Text(str(row.marked_shares) if row.marked_shares else "–")
        cells = [name, meeting, last, promises, send, self._health(health, row.needs_attention)]
        if not self.narrow:
            company = Text(row.company or "", no_wrap=True, overflow="ellipsis")
            company.truncate(self.columns[ColumnKey("Company")].width, overflow="ellipsis")
            cells.insert(1, company)
        return cells

    def _quick_cells(self, row: ClientRow, today: date) -> list[Text]:
        name = Text(row.name, no_wrap=True, overflow="ellipsis")
        name.truncate(self.columns[ColumnKey("Client")].width, overflow="ellipsis")
        cells = [name, Text(meeting_text(row.next_meeting, today))]
        cells += [PENDING] * 4  # one shared Text: cells are only rendered, never changed
        if not self.narrow:
            company = Text(row.company or "", no_wrap=True, overflow="ellipsis")
            company.truncate(self.columns[ColumnKey("Company")].width, overflow="ellipsis")
            cells.insert(1, company)
        return cells

    def _health(self, h: Health, needs_attention: bool) -> Text:
        """Cadence dot, satisfaction arrow, complaint mark: three glyphs at a glance."""
        sign = Text()
        ok = self.colour("success")
        sign.append("●", style=self.colour("warning") if h.contact_overdue else ok)
        trend = TREND_GLYPHS.get(h.satisfaction_trend, "·")
        sign.append(
            f" {trend}", style=self.colour("error") if h.satisfaction_trend == "falling" else ""
        )
        sign.append(" !" if h.open_complaints else "  ", style=f"bold {self.colour('error')}")
        if needs_attention:
            sign.append(" ⚑", style=f"bold {self.colour('warning')}")
        return sign
