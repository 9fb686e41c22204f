"""The ranking rules, each on a real SQLite file: interest as a whole, notes, feedback, feeds."""

from __future__ import annotations

from datetime import date

import pytest

from prepdeck.errors import NotFound
from prepdeck.rank import suggest, suggest_all
from prepdeck.store import Store
from tests.rank.conftest import TODAY, Articles


def titles(found: list) -> list[str]:
    return [s.article.title for s in found]


def test_empty_article_store_gives_empty_list(store: Store) -> None:
    client = store.add_client("Anna Nowak", industry="energy", keywords="battery regulation")
    assert suggest(store, client.id, today=TODAY) == []
    assert suggest_all(store, today=TODAY) == {client.id: []}


def test_unknown_client_is_not_found(store: Store, articles: Articles) -> None:
    articles.add("Anything at all")
    with pytest.raises(NotFound):
        suggest(store, 999, today=TODAY)


def test_whole_interest_beats_any_single_word(store: Store, articles: Articles) -> None:
    client = store.add_client(
        "Anna Nowak",
        company="Voltaris",
        industry="energy storage",
        keywords="battery regulation, Poland",
    )
    texas = articles.add(
        "Texas battery farm opens near Austin",
        "A 200 MW battery site opened; grid operators in Texas welcomed the battery capacity.",
    )
    election = articles.add(
        "Poland votes in regional elections",
        "Polish voters in Warsaw and Krakow chose new regional assemblies in Poland.",
    )
    both = articles.add(
        "Warsaw adopts new rules for battery recyclers",
        "Polish lawmakers passed rules on how batteries are collected and recycled.",
    )
    found = suggest(store, client.id, today=TODAY)
    ids = [s.article.id for s in found]
    assert ids[0] == both
    assert set(ids) >= {texas, election}
    assert found[0].score > 1.5 * max(s.score for s in found[1:])


def test_personal_notes_do_not_pull_in_sport_or_travel(store: Store, articles: Articles) -> None:
    client = store.add_client(
        "Tom Harris", company="Harris Freight", industry="logistics", keywords="cold chain"
    )
    store.add_note(
        client.id, "His son plays for Riverside Rovers under-12s; ask about the cup final."
    )
    store.add_note(client.id, "Has a holiday cottage in Cornwall, goes every August.")
    store.add_note(client.id, "Running the Berlin marathon in April.")
    store.add_note(client.id, "Worried about driver shortages at the Felixstowe depot.")
    business = [
        articles.add(
            "Driver shortages hit UK depots", "Hauliers report driver shortages at depots."
        ),
        articles.add(
            "Cold chain capacity tightens", "Cold chain logistics operators add capacity."
        ),
        articles.add("Felixstowe depot expansion", "The port depot at Felixstowe adds 200 bays."),
    ]
    personal = [
        articles.add("Riverside Rovers win the cup final", "Rovers under-12s lift the cup."),
        articles.add("Cornwall cottage prices soar", "Holiday cottage lets in Cornwall boom."),
        articles.add("Berlin marathon record falls", "The Berlin marathon saw a course record."),
    ]
    found = suggest(store, client.id, today=TODAY, limit=10)
    top = [s.article.id for s in found[: len(business)]]
    assert sorted(top) == sorted(business)
    for s in found:
        if s.article.id in personal:
            assert not any(
                w in r.lower() for r in s.reasons for w in ("rovers", "cornwall", "marathon")
            )
            assert s.score < min(x.score for x in found if x.article.id in business) / 3


def test_business_notes_feed_the_query_with_a_dated_reason(
    store: Store, articles: Articles
) -> None:
    client = store.add_client("Ines Duarte", company="Lumen Pharma", industry="pharmaceuticals")
    note = store.add_note(client.id, "Board is weighing a biosimilar launch in Portugal next year.")
    store.db["notes"].update(note.id, {"created_at": "2026-10-03 10:00:00"})
    hit = articles.add(
        "Portuguese regulator clears first biosimilar launch",
        "A biosimilar launch in Portugal was approved by the medicines regulator.",
    )
    articles.add("Bakery chain opens in Lisbon", "A bakery opened in Lisbon.")
    found = suggest(store, client.id, today=TODAY)
    assert found[0].article.id == hit
    assert any("from your note of 3 Oct" in r and "biosimilar" in r for r in found[0].reasons)


def test_private_and_never_mention_notes_stay_out(store: Store, articles: Articles) -> None:
    client = store.add_client("Ola Berg", company="Berg Shipping", industry="shipping")
    store.add_note(client.id, "Considering a merger with Nordlys Tankers.", sensitivity="never")
    store.add_note(client.id, "Insolvency risk at the Gdynia subsidiary.", sensitivity="private")
    secret = articles.add("Nordlys Tankers merger talks", "Nordlys Tankers is in merger talks.")
    gdynia = articles.add("Gdynia subsidiary insolvency", "An insolvency in Gdynia.")
    found = suggest(store, client.id, today=TODAY)
    for s in found:
        text = " ".join(s.reasons).lower()
        assert "nordlys" not in text and "gdynia" not in text and "insolvency" not in text
    ids = [s.article.id for s in found]
    assert secret not in ids[:1] or len(ids) == 2
    assert gdynia not in ids[:1] or len(ids) == 2


def test_fts_syntax_in_notes_and_keywords_never_breaks_the_query(
    store: Store, articles: Articles
) -> None:
    nasty = 'AND "quoted OR NOT* -minus col:on (paren) NEAR(a b) ^caret \' "" \\ ; -- %'
    client = store.add_client(
        "Q Test", company='Acme "AND" (OR)', industry="NOT logistics*", keywords=nasty
    )
    store.add_note(client.id, nasty + " tender for the port of Gdansk")
    store.log_interaction(client.id, 'Asked: "AND" OR NOT -tender* col:umn', on=date(2026, 11, 1))
    store.add_contact(client.id, 'Jo "NEAR" O\'Brien')
    hit = articles.add("Port of Gdansk opens tender", "The port of Gdansk opened a tender.")
    found = suggest(store, client.id, today=TODAY)
    assert found and found[0].article.id == hit


def test_client_with_no_keywords_or_notes_gets_industry_news(
    store: Store, articles: Articles
) -> None:
    client = store.add_client("Plain Client", industry="logistics")
    feed = store.add_feed(
        "https://logistics.example/rss", title="Logistics Weekly", tags=["logistics"]
    )
    old = articles.add(
        "Warehouse rents climb", "Warehouse rents rose.", days_ago=60, feed_id=feed.id
    )
    new = articles.add("Freight rates ease", "Freight rates fell.", days_ago=2, feed_id=feed.id)
    articles.add("Logistics parks planned", "Two logistics parks planned.", days_ago=3)
    found = suggest(store, client.id, today=TODAY)
    ids = [s.article.id for s in found]
    assert ids.index(new) < ids.index(old)
    for s in found:
        assert any(r.startswith("no keywords or notes yet") for r in s.reasons)
    fresh = next(s for s in found if s.article.id == new)
    assert "from Logistics Weekly (logistics)" in fresh.reasons


def test_client_with_nothing_at_all_still_gets_recent_news(
    store: Store, articles: Articles
) -> None:
    client = store.add_client("Blank")
    articles.add("Older story", days_ago=30)
    newest = articles.add("Newest story", days_ago=0)
    found = suggest(store, client.id, today=TODAY)
    assert found[0].article.id == newest
    assert "no keywords or notes yet, so recent news" in found[0].reasons


def test_recency_decides_between_equal_stories(store: Store, articles: Articles) -> None:
    client = store.add_client("Kai", keywords="hydrogen electrolysers")
    old = articles.add(
        "Hydrogen electrolysers get cheaper in Spain", "Electrolysers for hydrogen.", days_ago=90
    )
    new = articles.add(
        "Dutch port orders hydrogen electrolysers", "Hydrogen electrolysers.", days_ago=1
    )
    found = suggest(store, client.id, today=TODAY)
    assert [s.article.id for s in found] == [new, old]
    assert "new yesterday" in found[0].reasons


def test_same_story_from_several_feeds_collapses(store: Store, articles: Articles) -> None:
    client = store.add_client("Mia", keywords="lithium mining")
    other = store.add_feed("https://other.example/rss", title="Other Wire").id
    third = store.add_feed("https://third.example/rss", title="Third Wire").id
    cluster = [
        articles.add(
            "Chile approves giant lithium mining project", "Chile approved a lithium mine."
        ),
        articles.add(
            "Chile approves giant lithium-mining project", "Chile approved lithium.", feed_id=other
        ),
        articles.add("Giant lithium mining project approved by Chile", "Approved.", feed_id=third),
    ]
    distinct = articles.add("Lithium mining slows in Australia", "Australian lithium mines.")
    found = suggest(store, client.id, today=TODAY)
    assert len(found) == 2 and distinct in [s.article.id for s in found]
    lead = next(s for s in found if s.article.id != distinct)
    assert lead.article.id in cluster
    assert "also in 2 other feeds" in lead.reasons


def test_feedback_boosts_sinks_and_never_repeats(store: Store, articles: Articles) -> None:
    client = store.add_client("Lena", industry="agriculture", keywords="farming")
    liked = articles.add("Farming subsidies for drought-resistant wheat", "Wheat drought subsidy.")
    like_it = articles.add("Drought-resistant wheat farming trials expand", "Wheat drought trials.")
    disliked = articles.add("Farming robots from Japan", "Robot tractors for farming in Japan.")
    like_that = articles.add("Japanese farming robot maker raises funds", "Robot tractors, Japan.")
    neutral = articles.add("Farming cooperatives merge", "Two farming cooperatives merge.")
    sent = articles.add("Farming insurance premiums rise", "Premiums for farms rise.")
    before = {s.article.id: s.score for s in suggest(store, client.id, today=TODAY)}
    store.mark_share(client.id, liked)
    store.dismiss_share(client.id, disliked)
    share = store.mark_share(client.id, sent)
    store.mark_sent(share.id)
    found = suggest(store, client.id, today=TODAY)
    after = {s.article.id: s.score for s in found}
    assert not {liked, disliked, sent} & set(after)
    assert after[like_it] / before[like_it] > after[neutral] / before[neutral]
    assert after[like_that] / before[like_that] < after[neutral] / before[neutral]
    boosted = next(s for s in found if s.article.id == like_it)
    assert any("which you marked" in r for r in boosted.reasons)


def test_own_newsroom_is_a_signal_not_a_filter(store: Store, articles: Articles) -> None:
    client = store.add_client(
        "Rui", company="Atlas Cables", industry="telecoms", keywords="subsea cable"
    )
    newsroom = store.add_feed(
        "https://atlas.example/news.xml", title="Atlas newsroom", client_id=client.id
    ).id
    own = articles.add("Atlas appoints a new finance chief", "Board news.", feed_id=newsroom)
    general = articles.add("Subsea cable cut off West Africa", "A subsea cable was damaged.")
    found = suggest(store, client.id, today=TODAY)
    ids = [s.article.id for s in found]
    assert {own, general} <= set(ids)
    own_s = next(s for s in found if s.article.id == own)
    assert "from Atlas Cables's newsroom" in own_s.reasons


def test_company_and_contact_names_are_matched_as_names(store: Store, articles: Articles) -> None:
    client = store.add_client("Eva", company="Northern Rail Logistics Ltd", industry="rail")
    store.add_contact(client.id, "Marta Kowalczyk", role="CFO")
    named = articles.add("Northern Rail Logistics wins tender", "Northern Rail Logistics won.")
    person = articles.add("Marta Kowalczyk to chair rail body", "Kowalczyk was appointed.")
    articles.add("Northern lights seen over Scotland", "The northern lights.")
    found = suggest(store, client.id, today=TODAY)
    by_id = {s.article.id: s for s in found}
    assert "mentions Northern Rail Logistics Ltd by name" in by_id[named].reasons
    assert any("mentions Marta Kowalczyk, your contact there" == r for r in by_id[person].reasons)
    assert titles(found)[:2] != ["Northern lights seen over Scotland"]


def test_every_suggestion_has_reasons_and_limit_is_kept(store: Store, articles: Articles) -> None:
    client = store.add_client("Zoe", industry="retail", keywords="grocery prices")
    for i in range(15):
        town = [
            "Leeds",
            "Bath",
            "York",
            "Hull",
            "Derby",
            "Ely",
            "Wells",
            "Ripon",
            "Truro",
            "Exeter",
            "Carlisle",
            "Durham",
            "Lincoln",
            "Norwich",
            "Preston",
        ][i]
        articles.add(f"Grocery prices in {town}", f"Shoppers in {town} pay more.", days_ago=i)
    found = suggest(store, client.id, today=TODAY, limit=5)
    assert len(found) == 5
    assert all(s.reasons and all(isinstance(r, str) and r for r in s.reasons) for s in found)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert suggest(store, client.id, today=TODAY, limit=0) == []


def test_suggest_all_ranks_each_client(store: Store, articles: Articles) -> None:
    a = store.add_client("A", keywords="copper prices")
    b = store.add_client("B", keywords="coffee harvest")
    copper = articles.add("Copper prices hit record", "Copper.")
    coffee = articles.add("Coffee harvest fails in Brazil", "Coffee.")
    found = suggest_all(store, today=TODAY, limit=1)
    assert found[a.id][0].article.id == copper
    assert found[b.id][0].article.id == coffee


def test_suggest_all_in_parallel_matches_one_by_one(store: Store, articles: Articles) -> None:
    topics = ["copper", "coffee", "cocoa", "steel", "timber", "salmon", "wheat", "cotton"]
    for i in range(44):
        store.add_client(f"Client {i:02d}", keywords=f"{topics[i % 8]} prices")
    for i, topic in enumerate(topics):
        articles.add(f"{topic.title()} prices jump", f"The {topic} market rallied.", days_ago=i)
        articles.add(f"{topic.title()} harvest news", f"A {topic} story.", days_ago=i + 1)
    parallel = suggest_all(store, today=TODAY, limit=3, workers=2)
    serial = suggest_all(store, today=TODAY, limit=3, workers=1)
    assert list(parallel) == list(serial) == [c.id for c in store.list_clients()]
    for cid, found in serial.items():
        assert [s.article.id for s in parallel[cid]] == [s.article.id for s in found]
        assert found and found[0].reasons


def test_recent_interactions_weigh_more(store: Store, articles: Articles) -> None:
    client = store.add_client("Ivo", industry="shipping")
    store.log_interaction(client.id, "Discussed their tender for tugboats.", on=date(2026, 3, 1))
    store.log_interaction(
        client.id, "Discussed their tender for dredgers.", kind="call", on=date(2026, 11, 16)
    )
    tugs = articles.add("Port authority opens tender for tugboats", "Tugboats wanted.")
    dredgers = articles.add("Port authority opens tender for dredgers", "Dredgers wanted.")
    found = suggest(store, client.id, today=TODAY)
    assert [s.article.id for s in found][:2] == [dredgers, tugs]
    assert any("from your call on 16 Nov" in r for r in found[0].reasons)


def test_industry_feeds_are_a_signal_not_a_filter(store: Store, articles: Articles) -> None:
    client = store.add_client("Una", industry="aviation", keywords="sustainable aviation fuel")
    trade = store.add_feed("https://aero.example/rss", title="Aero Weekly", tags=["aviation"]).id
    weak = articles.add("Airport lounge reopens", "A lounge reopened.", feed_id=trade)
    strong = articles.add(
        "EU mandate lifts sustainable aviation fuel demand",
        "Airlines must blend sustainable aviation fuel from 2027.",
    )
    found = suggest(store, client.id, today=TODAY)
    ids = [s.article.id for s in found]
    assert ids.index(strong) < ids.index(weak)
    assert "from Aero Weekly (aviation)" in found[ids.index(weak)].reasons


def test_a_place_alone_counts_less_than_the_industry(store: Store, articles: Articles) -> None:
    client = store.add_client("Ken", industry="robotics", keywords="cobots, Germany")
    place = articles.add("Germany revises its heating law", "German homes and heat pumps.")
    trade = articles.add("Humanoid robots start warehouse trials", "Robots pick parcels.")
    both = articles.add("German car suppliers buy cobots", "Cobots spread in Germany.")
    found = suggest(store, client.id, today=TODAY)
    assert [s.article.id for s in found] == [both, trade, place]


def test_ranking_works_without_term_statistics(
    store: Store, articles: Articles, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = store.add_client("Vera", keywords="battery regulation, Poland")
    both = articles.add("Poland tightens battery rules", "Polish battery regulation.")
    articles.add("Texas battery farm opens", "Battery storage in Texas.")
    monkeypatch.setattr(type(store), "term_document_counts", lambda self, stems: None)
    monkeypatch.setattr(type(store), "window_document_counts", lambda self, probes, after: None)
    found = suggest(store, client.id, today=TODAY)
    assert found[0].article.id == both and len(found) == 2


def test_sent_article_is_remembered_as_such(store: Store, articles: Articles) -> None:
    client = store.add_client("Oli", industry="shipping")
    first = articles.add("Green methanol bunkering starts in Rotterdam", "Methanol ships.")
    share = store.mark_share(client.id, first)
    store.mark_sent(share.id)  # logs an "article-sent" interaction with the title
    later = articles.add("Methanol bunkering expands to Antwerp", "More methanol bunkering.")
    found = suggest(store, client.id, today=TODAY)
    assert [s.article.id for s in found][0] == later
    assert any("as did the article you sent on 23 Nov" in r for r in found[0].reasons)


def test_a_long_relationship_reads_pinned_and_newest_notes(store: Store) -> None:
    """Hundreds of old notes must not make every briefing slow: the profile reads the
    pinned notes and the newest PROFILE_NOTES, so the oldest unpinned note is left out."""
    from prepdeck.rank.profile import PROFILE_NOTES, build_profile
    from prepdeck.rank.text import stem

    client = store.add_client("Tom Harris", company="Harris Freight", industry="logistics")
    store.add_note(client.id, "Board keeps asking about tapestry looms for the lobby.", pinned=True)
    store.add_note(client.id, "Board keeps asking about zeppelin freight trials.")
    for n in range(PROFILE_NOTES):
        store.add_note(client.id, f"Board keeps asking about container rates ({n}).")
    profile = build_profile(
        store.get_client(client.id), store.list_notes(client.id), [], [], today=TODAY
    )
    assert stem("tapestry") in profile.words  # pinned, however old
    assert stem("container") in profile.words
    assert stem("zeppelin") not in profile.words  # the oldest, one past the limit
