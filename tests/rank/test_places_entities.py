"""Places and names (issue 15): what a place keyword expands to, names matched whole, the
topic in a place first, the place alone never, and reasons in the client's own words."""

from __future__ import annotations

import re

import pytest

from prepdeck.rank import own_news, suggest
from prepdeck.rank.entities import base_name, names
from prepdeck.rank.places import mentioned, resolve
from prepdeck.store import Store
from tests.rank.conftest import TODAY, Articles


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("UK", "British warehouse rents rise"),
        ("UK", "U.K. inflation eases"),
        ("UK", "Britain's ports are full"),
        ("UK", "Glasgow developer plans a park"),
        ("UK", "Scotland's salmon exports"),
        ("Britain", "Cardiff hotels fill up"),
        ("Canada", "Canadian grocer buys a chain"),
        ("Canada", "Calgary pipeline operator sold"),
        ("Canada", "Alberta's oil sands output"),
        ("Canada", "Ottawa tightens takeover rules"),
        ("Scotland", "Edinburgh tourist tax"),
        ("Texas", "Houston refinery expands"),
        ("Calgary", "Calgary pipeline operator sold"),
    ],
)
def test_a_place_is_found_under_the_names_news_uses(keyword: str, text: str) -> None:
    place = resolve(keyword)
    assert place is not None
    assert place.find(text) is not None


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("UK", "Wildfires force evacuations in British Columbia"),  # Canada's, not the UK's
        ("UK", "the uk spelled in lower case is not a headline form"),
        ("UK", "Solar farms in New South Wales wait for the grid"),
        ("Calgary", "Alberta's oil sands output"),  # a city is not its whole province
        ("Canada", "Texas oil producer buys rival"),
        ("Scotland", "Manchester warehouse rents"),  # England is not Scotland
    ],
)
def test_a_place_is_not_found_where_it_is_not(keyword: str, text: str) -> None:
    place = resolve(keyword)
    assert place is not None
    assert place.find(text) is None


def test_words_that_are_not_places_resolve_to_nothing() -> None:
    assert resolve("acquisitions") is None
    assert resolve("cold chain") is None


def test_names_match_whole_with_suffixes_accents_and_case_aside() -> None:
    assert names("HARRIS FREIGHT LIMITED posts profit", "Harris Freight Ltd")
    assert names("Nestle SA raises prices", "Nestlé S.A.")
    assert names("Orsted GmbH wins tender", "Ørsted") is False  # Ø does not decompose
    assert names("Müller wins a contract", "Muller GmbH")
    assert names("Keystone Freight Ltd orders locomotives", "Keystone Freight")
    assert base_name("Voltaris Sp. z o.o.") == "Voltaris"
    # rapidfuzz.token_set_ratio gives this 100; a whole-phrase match does not.
    assert not names("Deutsche Bank to cut jobs as ACME Corp. deal closes", "Acme Bank")
    assert not names("Keystone pipeline protest blocks highway", "Keystone Freight")
    assert not names("Harrison Freightways expands", "Harris Freight Ltd")


@pytest.mark.parametrize(
    ("keywords", "note"),
    [
        ("acquisitions, Canada", None),
        # a place in a business note constrains as a keyword does
        ("acquisitions", "Their board wants more acquisitions in Canada next year."),
    ],
)
def test_the_topic_in_the_place_ranks_above_either_alone(
    store: Store, articles: Articles, keywords: str, note: str | None
) -> None:
    client = store.add_client("Claire", industry="corporate finance", keywords=keywords)
    if note:
        store.add_note(client.id, note)
    store.add_note(client.id, "Her daughter is getting married in Spain.")  # personal
    elsewhere = [
        articles.add("Texas oil producer buys shale rival", "The acquisition adds acreage."),
        articles.add("German chemicals group agrees takeover", "It creates a coatings giant."),
        articles.add("Spanish bank agrees takeover of rival", "The acquisition closes soon."),
    ]
    place_only = articles.add("Canadian wildfires force evacuations", "Thousands left Calgary.")
    both = articles.add(
        "Calgary pipeline operator agrees takeover",
        "A cash offer values it at C$2 billion.",
        days_ago=20,  # older than the rest: the tier, not the date, decides
    )
    found = suggest(store, client.id, today=TODAY)
    ids = [s.article.id for s in found]
    assert ids[0] == both
    assert set(elsewhere) <= set(ids[1:])  # a personal note's place constrains nothing
    assert place_only not in ids
    assert found[0].reasons[0] == "acquisitions · Canada (Calgary)"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Expanding their warehouses into Canada.", ["Canada"]),
        ("Poland is their biggest market.", ["Poland"]),
        ("Sales grew in Calgary and Texas.", ["Calgary", "Texas"]),
        ("Worried about U.K. rules for Scottish distillers.", ["U.K.", "Scottish"]),
        ("the china cabinet broke", []),  # not capitalised: not the country
        ("They bank with American Express.", []),  # part of a longer name
        ("Reading the contract took a week.", []),  # a town's name opening a sentence
        ("Met the Bar council about Meta and Pool deals.", []),  # districts' names, no "in"
    ],
)
def test_places_named_in_a_note(sentence: str, expected: list[str]) -> None:
    assert [name for name, _ in mentioned(sentence)] == expected


def test_a_company_keyword_matches_only_as_a_whole_name(store: Store, articles: Articles) -> None:
    client = store.add_client("Rosa", company="Northwind Rail Inc.", keywords="Keystone Freight")
    rival = articles.add("Keystone Freight Ltd orders 40 locomotives", "Its largest order.")
    trap = articles.add("Keystone pipeline protest", "Freight trains were delayed.")
    found = {s.article.id: s for s in suggest(store, client.id, today=TODAY)}
    assert found[rival].reasons[0] == "mentions Keystone Freight by name"
    assert trap not in found or not any("Keystone" in r for r in found[trap].reasons)


def test_own_company_news_is_in_the_briefing_not_suggested(
    store: Store, articles: Articles
) -> None:
    client = store.add_client("Paul", company="Acme Bank plc", keywords="mortgages")
    own = articles.add("ACME BANK raises mortgage rates", "The lender lifted rates.")
    other = articles.add("Mortgage approvals fall", "Lenders approved fewer loans.")
    trap = articles.add(
        "Deutsche Bank to cut jobs as ACME Corp. deal closes", "Mortgage unit sold."
    )
    ids = [s.article.id for s in suggest(store, client.id, today=TODAY)]
    assert own not in ids and other in ids and trap in ids
    theirs = own_news(store, client.id, today=TODAY)
    assert [s.article.id for s in theirs] == [own]
    assert theirs[0].reasons == ["names Acme Bank plc"]


def test_reasons_quote_the_clients_words_once(store: Store, articles: Articles) -> None:
    client = store.add_client("Marek", industry="logistics", keywords="e-TOLL, cross-dock, Poland")
    store.add_note(client.id, "Planning a product launch, employment law worries them.")
    articles.add(
        "Cross-dock operators in Poland face e-TOLL changes",
        "The dock operators said cross-border trucks pay more; launch of the employment scheme.",
    )
    found = suggest(store, client.id, today=TODAY)
    reasons = found[0].reasons
    assert reasons[0] in ("e-TOLL, cross-dock · Poland", "cross-dock, e-TOLL · Poland")
    items = [
        i.lower() for r in reasons for i in re.split(r", | · | — ", r.removeprefix("mentions "))
    ]
    for leftover in ("cross", "dock", "launch employment", "toll"):
        assert leftover not in items  # a stem's leftover, not the client's word
    assert sum(i == "poland" for i in items) == 1


def test_warm_loads_the_place_table_the_first_briefing_would_load() -> None:
    from prepdeck.rank import places

    places._table.cache_clear()
    places.warm()
    assert places._table.cache_info().currsize == 1
    assert places._table() is not None  # the shipped table is current: no index to build
    assert places.resolve("Canada") is not None


def test_an_ing_keyword_finds_those_who_do_it(store: Store, articles: Articles) -> None:
    client = store.add_client("Valeria", industry="resources", keywords="mining, Chile")
    miner = articles.add("Chilean lithium miner signs deal with state firm", "Atacama brine.")
    elsewhere = articles.add("Peru miner ends road blockade", "Protesters left.")
    place_only = articles.add("Chile's presidential race goes to a run-off", "Santiago votes.")
    found = suggest(store, client.id, today=TODAY)
    ids = [s.article.id for s in found]
    assert ids[:2] == [miner, elsewhere]  # the topic in the place first
    assert place_only not in ids
    assert found[0].reasons[0] == "mining · Chile (Chilean)"


def test_the_clients_own_name_is_not_searched_for(
    store: Store, articles: Articles, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = store.add_client(
        "Paul", company="Acme Bank plc", industry="banking", keywords="mortgages"
    )
    articles.add("Acme Bank raises mortgage rates", "Acme Bank said borrowers pay more.")
    other = articles.add("Mortgage approvals fall", "Lenders approved fewer mortgages.")
    asked: list[str] = []
    for name in ("rank_matches", "newest_matches"):
        real = getattr(store, name)
        monkeypatch.setattr(
            store, name, lambda q, _real=real, **k: asked.append(q) or _real(q, **k)
        )
    found = suggest(store, client.id, today=TODAY)
    assert asked and not any("acme" in q.lower() for q in asked)  # its own news: no search
    assert [s.article.id for s in found] == [other]
