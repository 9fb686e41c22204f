"""`prepdeck suggest CLIENT [--limit N] [--json]` through the real CLI on a real file."""

from __future__ import annotations

import json

from prepdeck.store import Store
from tests.rank.conftest import Articles


def _setup(store: Store) -> tuple[int, int]:
    client = store.add_client(
        "Anna Nowak", industry="energy", keywords="battery regulation, Poland"
    )
    articles = Articles(store)
    best = articles.add("Poland tightens battery rules", "Polish battery regulation.", days_ago=1)
    articles.add("Battery prices fall", "Battery cells got cheaper.", days_ago=2)
    articles.add("Poland wins football match", "Polish team won.", days_ago=3)
    return client.id, best


def test_suggest_json_shape(store: Store, run) -> None:
    _, best = _setup(store)
    result = run("suggest", "anna", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert isinstance(data, list) and data
    for item in data:
        assert {"article_id", "guid", "link", "title", "published", "score", "reasons"} <= set(item)
        assert isinstance(item["reasons"], list) and all(
            isinstance(r, str) for r in item["reasons"]
        )
        assert isinstance(item["score"], float)
    assert data[0]["article_id"] == best
    assert data[0]["published"].startswith("2026-11-22")
    assert result.err == ""


def test_suggest_limit_and_text(store: Store, run) -> None:
    _setup(store)
    data = json.loads(run("suggest", "Anna Nowak", "--limit", "1", "--json").out)
    assert len(data) == 1
    text = run("suggest", "anna").out
    assert "Poland tightens battery rules" in text
    assert "- battery regulation · Poland" in text
    assert "score" not in text  # the raw score is for --json only


def test_suggest_unknown_client_is_one_line_error(store: Store, run) -> None:
    _setup(store)
    result = run("suggest", "nobody", "--json")
    assert result.code != 0
    assert result.out == ""
    assert result.err.startswith("prepdeck: ") and len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


def test_suggest_bad_limit_is_a_usage_error(store: Store, run) -> None:
    _setup(store)
    result = run("suggest", "anna", "--limit", "0")
    assert result.code != 0 and result.err.startswith("prepdeck: ")


def test_suggest_with_no_articles(store: Store, run) -> None:
    store.add_client("Solo", keywords="anything")
    assert json.loads(run("suggest", "solo", "--json").out) == []
    assert "No articles to suggest for Solo yet" in run("suggest", "solo").out
