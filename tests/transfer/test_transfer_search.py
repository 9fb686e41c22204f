"""Full-text search: ranking, kinds, snippets, FTS syntax in user text, JSON shape."""

from __future__ import annotations

import json
from datetime import date

import pytest

from prepdeck.store import SearchHit, Store
from prepdeck.store.search import fts_query


@pytest.fixture
def filled(store: Store) -> Store:
    patel = store.add_client(
        "Priya Patel", company="Patel Logistics", keywords="cold chain, freight"
    )
    store.add_contact(patel.id, "Tom Baker", role="Freight controller")
    store.add_note(
        patel.id, "Daughter Maya is running the Berlin marathon", ask_on=date(2026, 11, 30)
    )
    store.add_note(patel.id, "Worried about her father's health", sensitivity="private")
    store.add_promise(patel.id, "Send the freight benchmark report", due_on=date(2026, 12, 1))
    store.log_interaction(patel.id, "Quarterly meeting about cold chain costs", satisfaction=4)
    zola = store.add_client("Émile Zola", company="Rougon SA", industry="publishing")
    feed = store.add_feed("https://news.example.org/rss", title="Trade News")
    for guid, title in [("a", "Freight rates climb as ports clog"), ("b", "Marathon season")]:
        article_id = (
            store.db["articles"]
            .insert({"feed_id": feed.id, "guid": guid, "title": title, "summary": f"{title}."})
            .last_pk
        )
        if guid == "a":
            store.mark_share(zola.id, article_id)
    return store


def test_kinds_clients_and_own_records_before_articles(filled: Store):
    hits = filled.search("freight")
    kinds = [h.kind for h in hits]
    assert set(kinds) == {"client", "contact", "promise", "article"}
    assert kinds[-1] == "article"  # the news follows the user's own records
    promise = next(h for h in hits if h.kind == "promise")
    assert (promise.client_name, promise.detail, promise.when) == (
        "Priya Patel",
        "open",
        "2026-12-01",
    )
    assert promise.marked() == "Send the [freight] benchmark report"
    article = hits[-1]
    assert article.client_id is None
    assert [c["name"] for c in article.shared_with] == ["Émile Zola"]
    assert article.title == "Freight rates climb as ports clog"


def test_stemming_prefix_and_all_words(filled: Store):
    assert [h.kind for h in filled.search("marathons")][:1] == ["note"]  # porter stemming
    assert [h.title for h in filled.search("Pat")] == ["Priya Patel"]  # prefix on last word
    assert [h.kind for h in filled.search("cold costs")] == ["interaction"]  # all words
    assert filled.search("freight nonexistentword") == []


def test_private_notes_are_searchable_and_labelled(filled: Store):
    [hit] = filled.search("father")
    assert (hit.kind, hit.detail) == ("note", "private")


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "'",
        'freight"',
        "AND",
        "OR freight",
        "NOT",
        "freight NOT",
        "*",
        "fre*",
        "-freight",
        "freight -",
        "title:freight",
        ":",
        "(",
        ")",
        "(freight",
        "NEAR(freight cold)",
        "freight^2",
        "+",
        "{a b}",
        "[x]",
        "\\",
        "a OR b AND c",
        "'; DROP TABLE clients; --",
        "   ",
        "",
        "é",
        "🙂",
    ],
)
def test_fts_syntax_in_user_text_never_breaks(filled: Store, run, text: str):
    hits = filled.search(text)
    assert isinstance(hits, list)
    if text.strip() and not text.startswith("-"):  # a leading "-" is an option to click
        result = run("search", text, "--json")
        assert result.code == 0, result.err
        assert isinstance(json.loads(result.out), list)
    assert filled.client_count() == 2


def test_syntax_words_are_plain_words(filled: Store):
    assert fts_query('say "hi" OR bye') == '"say" """hi""" "OR" "bye"*'
    assert fts_query("* - :") is None
    assert [h.kind for h in filled.search("title:freight")] == []  # no column filter
    assert {h.kind for h in filled.search("-freight")} >= {"client", "promise"}


def test_limit_and_kinds(filled: Store):
    assert len(filled.search("freight", limit=2)) == 2
    assert {h.kind for h in filled.search("freight", kinds=["article"])} == {"article"}


def test_search_json_shape(filled: Store, run):
    result = run("search", "freight", "--json")
    assert result.code == 0
    hits = json.loads(result.out)
    assert {h["kind"] for h in hits} == {"client", "contact", "promise", "article"}
    for hit in hits:
        assert set(hit) == {
            "kind",
            "id",
            "client_id",
            "client_name",
            "title",
            "snippet",
            "spans",
            "score",
            "when",
            "detail",
            "shared_with",
        }
        assert "\ue000" not in hit["snippet"] and "[" not in hit["snippet"]
        for start, end in hit["spans"]:
            assert hit["snippet"][start:end].lower().startswith("freight")
    client = next(h for h in hits if h["kind"] == "client")
    assert client["client_id"] == client["id"] and client["client_name"] == "Priya Patel"


def test_search_text_output(filled: Store, run):
    result = run("search", "marathon")
    assert result.code == 0
    assert "note 1 · Priya Patel · 2026-11-30" in result.out
    assert "Daughter Maya is running the Berlin [marathon]" in result.out
    assert "article 2 · Marathon season · not shared" in result.out
    nothing = run("search", "zebra")
    assert nothing.code == 0 and "Nothing matches 'zebra'." in nothing.out


def test_hit_marked_and_json():
    hit = SearchHit("note", 1, 2, "X", "note", "a b c", spans=[(0, 1), (4, 5)])
    assert hit.marked("<", ">") == "<a> b <c>"
    assert hit.to_json()["spans"] == [[0, 1], [4, 5]]
