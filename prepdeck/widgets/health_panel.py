"""Relationship health: a contact-frequency sparkline and each figure with its reason."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Sparkline, Static

from prepdeck.briefing import Briefing
from prepdeck.health import satisfaction_words
from prepdeck.widgets.scroll_section import ScrollSection
from prepdeck.wording import counted

TREND_STYLES = {"rising": "$success", "falling": "$error bold"}
# A tick for fine, a cross for a reason to act, a dot for nothing logged to judge by.
MARKS = {"ok": ("✓ ", "$success"), "bad": ("✗ ", "$error bold"), "unknown": ("· ", "$text-muted")}


class HealthPanel(ScrollSection):
    """Sparkline of contacts per month over six months, then one line per figure."""

    def compose(self) -> ComposeResult:
        self.spark = Sparkline([0], id="health-spark")
        self.trend = Static("", id="health-trend")
        self.figures = Static("", id="health-figures")
        with Horizontal(id="health-spark-row"):
            yield Static("contacts/month", id="health-spark-label")
            yield self.spark
            yield self.trend
        yield self.figures

    def show(self, b: Briefing) -> None:
        h = b.health
        self.spark.data = h.frequency or [0]
        months = f"{h.frequency_months[0][5:]}–{h.frequency_months[-1][5:]}" if h.frequency else ""
        glyph, words = satisfaction_words(h.satisfaction_recent, h.satisfaction_trend)
        trend = f"{glyph} {words}"
        style = TREND_STYLES.get(h.satisfaction_trend, "$text-muted")
        self.trend.update(
            Content.assemble(
                (f" {months} ", "$text-muted"),
                (" satisfaction ", "$text-muted"),
                (trend, style),
                ("  ·  ", "$text-muted"),
                (
                    counted(h.open_complaints, "open complaint"),
                    "$error bold" if h.open_complaints else "$text-muted",
                ),
            )
        )
        lines = []
        for figure in h.figures:
            lines.append(
                Content.assemble(
                    MARKS[figure.state],
                    (f"{figure.label}: ", "bold"),
                    (figure.value, "" if figure.known else "$text-muted"),
                    ("  " + figure.explanation, "$text-muted"),
                )
            )
        self.figures.update(Content("\n").join(lines))
