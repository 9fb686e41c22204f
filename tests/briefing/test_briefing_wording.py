"""One wording module for every face: counts, days relative to today, one-line text, links."""

from __future__ import annotations

import pytest
from briefing_support import TODAY, days

from prepdeck import export
from prepdeck.briefing import build_briefing
from prepdeck.health import HealthInputs, compute
from prepdeck.store import Store
from prepdeck.wording import counted, days_ago, one_line, relative_days, safe_link


@pytest.mark.parametrize(
    ("n", "word", "expected"),
    [
        (1, "day", "1 day"),
        (0, "day", "0 days"),
        (3, "day", "3 days"),
        (1, "open complaint", "1 open complaint"),
        (2, "open complaint", "2 open complaints"),
        (2, "other feed", "2 other feeds"),
        (2, "person", "2 persons"),
    ],
)
def test_counted_agrees_with_its_number(n: int, word: str, expected: str) -> None:
    assert counted(n, word) == expected


def test_counted_takes_an_irregular_plural() -> None:
    assert counted(2, "person", "people") == "2 people"
    assert counted(1, "person", "people") == "1 person"


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (-1, "yesterday"),
        (3, "in 3 days"),
        (-4, "4 days ago"),
        (None, ""),
    ],
)
def test_relative_days(offset: int | None, expected: str) -> None:
    assert relative_days(offset) == expected


def test_days_ago_counts_backwards() -> None:
    assert days_ago(1) == "yesterday"
    assert days_ago(5) == "5 days ago"
    assert days_ago(None) == ""


def test_one_line_joins_every_kind_of_whitespace() -> None:
    assert one_line("  Board\nworried\t about\r\n  rates ") == "Board worried about rates"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "/relative/path",
        "https://",
        "https://example.com/a b",
        "https://example.com/<script>",
        "https://example.com/\x1b[31m",
        "",
        None,
    ],
)
def test_safe_link_refuses(url: str | None) -> None:
    assert safe_link(url) is None


def test_safe_link_keeps_plain_web_links() -> None:
    assert safe_link(" https://example.com/a?b=1#c ") == "https://example.com/a?b=1#c"
    assert safe_link("HTTP://Example.com") == "HTTP://Example.com"


def test_a_printout_says_1_day_overdue_not_1_days(store: Store) -> None:
    client = store.add_client("Ada Byrne", company="Byrne Bakery")
    store.add_promise(client.id, "Send the flour prices", due_on=days(-1), made_on=days(-9))
    b = build_briefing(store, client.id, TODAY, news_limit=0)
    text = export.briefing_text(b)
    markdown = export.briefing_markdown(b)
    assert "1 DAY OVERDUE" in text and "1 DAYS" not in text
    assert "1 day overdue" in markdown and "1 days" not in markdown


def test_health_words_a_single_day_and_a_single_promise() -> None:
    inputs = HealthInputs(cadence_days=1, status="active", added_on=days(-30))
    inputs.last_contact = days(-2)
    inputs.open_overdue = 1
    inputs.oldest_overdue_due = days(-1)
    health = compute(inputs, TODAY)
    said = " ".join(health.attention_reasons)
    assert "No contact for 2 days (target every 1 day)." in said
    assert "1 promise overdue (the oldest by 1 day)." in said
