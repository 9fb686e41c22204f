"""The one draft builder: recipient, greeting, reason, grammar, cautions, .eml and mailto:."""

from __future__ import annotations

import email
import os
import stat
from datetime import datetime
from email import policy
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from briefing_support import TODAY, days

from prepdeck import export
from prepdeck.briefing import Briefing, build_briefing
from prepdeck.config import Sender
from prepdeck.models import Article, Client, Contact, Suggestion
from prepdeck.store import Store
from prepdeck.wording import indefinite, join_and, lower_first, plural, topic, topics

SENDER = Sender("Siân Ó Briain", "sian@obriain.example", "Siân Ó Briain\nÓ Briain Advisory")


def brief(store: Store, client_id: int) -> Briefing:
    return build_briefing(store, client_id, TODAY, news_limit=0)


def article(title: str, summary: str = "", reasons: list[str] | None = None) -> export.Subject:
    a = Article(id=7, feed_id=1, guid="g", title=title, link="https://news.example.org/7")
    a.summary = summary
    return export.subject_of(Suggestion(a, 0.9, reasons or [], "Trade News"))


def opening(body: str) -> str:
    """The paragraph after the greeting."""
    return body.split("\n\n")[1]


# ------------------------------------------------------------------ grammar


def test_lists_join_with_and_without_an_oxford_comma() -> None:
    assert join_and(["customs"]) == "customs"
    assert join_and(["customs", "Poznań"]) == "customs and Poznań"
    assert join_and(["a", "b", "c"]) == "a, b and c"
    assert join_and(["a", "", "a", "b"]) == "a and b"
    assert join_and([]) == ""


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("oven", "an oven"),
        ("logistics business", "a logistics business"),
        ("energy co-op", "an energy co-op"),
        ("university", "a university"),
        ("hour", "an hour"),
        ("MHRA pathway", "an MHRA pathway"),
        ("BBC report", "a BBC report"),
        ("one-off", "a one-off"),
        ("e-commerce business", "an e-commerce business"),
    ],
)
def test_a_or_an(phrase: str, expected: str) -> None:
    assert indefinite(phrase) == expected


@pytest.mark.parametrize(
    ("keyword", "shown"),
    [
        ("warehouse", "warehouses"),
        ("antibody", "antibodies"),
        ("cross-dock", "cross-docks"),
        ("tax", "tax"),  # a mass noun stays
        ("customs", "customs"),  # already plural
        ("procurement", "procurement"),
        ("Poznań", "Poznań"),  # a name
        ("driver shortage", "driver shortage"),  # a phrase
        ("e-TOLL", "e-TOLL"),
        ("salmon", "salmon"),
        ("digital", "digital"),  # an adjective
        ("hospital", "hospitals"),
        ("clinic", "clinics"),
    ],
)
def test_keywords_read_as_topics(keyword: str, shown: str) -> None:
    assert topic(keyword) == shown


def test_plurals_and_accented_names() -> None:
    assert plural("box") == "boxes" and plural("day") == "days" and plural("policy") == "policies"
    assert topics(["Poznań", "warehouse", "cross-dock"]) == "Poznań, warehouses and cross-docks"
    assert topics(["Łódź"]) == "Łódź"
    assert lower_first("Board worried") == "board worried"
    assert lower_first("Łódź depot", "Łódź, Poznań") == "Łódź depot"
    assert lower_first("MHRA fast-track") == "MHRA fast-track"


# ------------------------------------------------------------------ who and why


def test_greeting_forms() -> None:
    def client(address_as: str | None, name: str = "Priya Patel") -> Client:
        return Client(id=1, name=name, address_as=address_as)

    assert export.greeting(client("Mrs Patel")) == "Dear Mrs Patel,"
    assert export.greeting(client("Dr. Patel")) == "Dear Dr. Patel,"
    assert export.greeting(client("Pri")) == "Hi Pri,"
    assert export.greeting(client(None)) == "Hi Priya,"
    assert export.greeting(client(None, "Żaneta Wójcik")) == "Hi Żaneta,"
    assert export.greeting(client(None, "Acme Group"), organisation=True) == "Hello,"
    contact = Contact(id=2, client_id=1, name="Marek Zieliński", address_as="Mr Zieliński")
    assert export.greeting(contact) == "Dear Mr Zieliński,"


def test_formal_draft_gives_the_conversation_it_echoes(store: Store, priya: Client) -> None:
    d = export.build_draft(
        brief(store, priya.id),
        article("Logistics firms eye expansion in Poland", "Warehouses in Poznan"),
        SENDER,
    )
    assert d.body.startswith("Dear Mrs Patel,\n")
    assert "planning to expand to Poland next year" in d.body
    assert "“Logistics firms eye expansion in Poland” in Trade News" in d.body
    assert "https://news.example.org/7" in d.body
    assert d.to == "Priya Patel <priya@vistula.example>"
    assert d.subject == "Logistics firms eye expansion in Poland"
    for secret in ("Divorce", "divorce", "Health worries", "knee"):
        assert secret not in d.body


def test_keyword_reason_is_grammatical(store: Store) -> None:
    c = store.add_client("Sam Okafor", keywords="bakery, sourdough, oven", industry="food")
    d = export.build_draft(brief(store, c.id), article("Sourdough bakery ovens", "Bakers rejoice"))
    assert d.body.startswith("Hi Sam,\n")
    assert "bakeries, sourdough and ovens" in d.body


def test_private_and_never_mention_notes_are_never_quoted(store: Store) -> None:
    c = store.add_client("Ruth Kay", address_as="Ms Kay", email="ruth@kay.example")
    store.add_note(c.id, "Her divorce settlement", sensitivity="never")
    store.add_note(c.id, "Private chemotherapy schedule", sensitivity="private")
    s = article(
        "Divorce settlement law changes; chemotherapy schedule news",
        reasons=["mentions divorce settlement", "chemotherapy schedule"],
    )
    d = export.build_draft(brief(store, c.id), s)
    after_title = opening(d.body).split("”", 1)[1]  # the article's own title is named as is
    assert "divorce" not in after_title.lower() and "chemotherapy" not in after_title.lower()
    # The never-mention note shows as a caution, without its words.
    assert any("do-not-mention" in c for c in d.cautions)
    assert not any("divorce" in c.lower() for c in d.cautions)


def test_the_share_note_is_the_reason_and_an_edited_message_is_kept(
    store: Store, priya: Client, add_article
) -> None:
    a = add_article("Cold chain rules tighten", "https://news.example.org/cc")
    share = store.mark_share(priya.id, a, note="Relevant to the Gdansk cold store plans")
    d = export.build_draft(brief(store, priya.id), export.subject_of(share), SENDER)
    assert "Relevant to the Gdansk cold store plans." in d.body
    edited = "Priya,\n\nThis one is for the Gdansk plans.\n\nBest, Siân"
    store.set_share_note(share.id, edited)
    again = export.build_draft(brief(store, priya.id), export.subject_of(store.get_share(share.id)))
    assert again.body == edited + "\n"


def test_the_clients_own_news_is_congratulated_not_explained(store: Store) -> None:
    c = store.add_client("Anna Kowalski", company="Northway Freight Ltd", keywords="Poland")
    good = export.build_draft(brief(store, c.id), article("Northway Freight signs lease in Poland"))
    assert "in the news" not in good.body
    assert "Congratulations" in good.body or "Well done" in good.body
    assert good.subject.startswith("Congratulations: ")
    bad = export.build_draft(brief(store, c.id), article("Northway Freight fined over delays"))
    assert "ongratulat" not in bad.body and "Well done" not in bad.body
    assert "Northway Freight" in opening(bad.body)


def test_a_long_note_gives_its_topic_phrase(store: Store) -> None:
    c = store.add_client("Fatima Khan", company="BrightSmile Dental Group", industry="dental")
    store.add_note(c.id, "Dental nurse vacancies are the group's biggest risk this winter")
    store.add_note(c.id, "Her daughter is training as a dental nurse")  # personal: never cited
    d = export.build_draft(brief(store, c.id), article("Nurse shortage worsens across practices"))
    assert "the dental nurse vacancies" in d.body
    assert "daughter" not in d.body


def test_a_promise_it_helps_keep_goes_to_the_person_promised(store: Store) -> None:
    c = store.add_client("Priya Patel", company="Patel & Rowe LLP", email="p@patelrowe.example")
    daniel = store.add_contact(c.id, "Daniel Rowe", address_as="Mr Rowe", email="d@pr.example")
    store.add_promise(c.id, "Benchmark of AI research tools for the partners", contact_id=daniel.id)
    d = export.build_draft(brief(store, c.id), article("AI research tools save firms time"))
    assert d.to == "Daniel Rowe <d@pr.example>"
    assert d.body.startswith("Dear Mr Rowe,")
    assert "the benchmark of AI research tools for the partners I promised you" in d.body


def test_recipient_falls_back_to_a_contact_and_says_when_there_is_none(store: Store) -> None:
    c = store.add_client("Northway")
    store.add_contact(c.id, "No Mail")
    store.add_contact(c.id, "Jan Nowak", address_as="Mr Nowak", email="jan@northway.example")
    d = export.build_draft(brief(store, c.id), article("Rail freight news"))
    assert d.to == "Jan Nowak <jan@northway.example>" and d.body.startswith("Dear Mr Nowak,")
    none = store.add_client("Mailless Ltd", company="Mailless Ltd")
    nobody = export.build_draft(brief(store, none.id), article("Headline\nwith newline"))
    assert nobody.to is None and nobody.body.startswith("Hello,")
    assert "no email address stored" in nobody.to_line
    assert nobody.subject == "Headline with newline"


def test_cautions_for_a_complaint_and_overdue_promises(store: Store, priya: Client) -> None:
    store.log_interaction(priya.id, "Unhappy about the late report", on=days(-5), complaint=True)
    store.add_promise(priya.id, "Call back about rates", due_on=days(-2), made_on=days(-9))
    d = export.build_draft(brief(store, priya.id), article("Rail freight news"))
    assert "Mrs Patel has an open complaint (raised 18 November)" in d.cautions[0]
    assert d.cautions[1] == "2 promises to Mrs Patel are overdue — keep those first?"
    assert not any(c in d.body for c in d.cautions)


def test_signature_ends_every_draft_and_several_articles_go_in_one(
    store: Store, priya: Client
) -> None:
    b = brief(store, priya.id)
    one = export.build_draft(b, article("Rail freight news"), SENDER)
    assert one.body.endswith("Best wishes,\nSiân Ó Briain\nÓ Briain Advisory\n")
    named = export.build_draft(b, article("Rail freight news"), Sender(name="Siân"))
    assert named.body.endswith("Best wishes,\nSiân\n")
    own = export.build_draft(b, article("Rail freight news"), Sender(signature="Regards,\nSiân"))
    assert own.body.endswith("it.\n\nRegards,\nSiân\n") or own.body.endswith(
        "over.\n\nRegards,\nSiân\n"
    )
    subjects = [article("Rail freight news"), article("Cold chain in Poland grows")]
    both = export.build_combined(b, subjects, SENDER)
    assert both.subject == "Two articles you may find useful"
    assert "“Rail freight news” (Trade News)" in both.body
    assert "“Cold chain in Poland grows” (Trade News): on " in both.body
    assert both.body.count("https://news.example.org/7") == 2
    assert both.body.endswith("Ó Briain Advisory\n")


def test_drafts_in_one_queue_open_differently(store: Store, priya: Client) -> None:
    b = brief(store, priya.id)
    used: set[str] = set()
    titles = ["Cold chain in Poland", "Poland cold chain grows", "Cold chain: Poland"]
    drafts = [export.build_draft(b, article(t), used=used) for t in titles]
    openings = [" ".join(opening(d.body).split()[:3]) for d in drafts]
    assert len(set(openings)) == 3, openings


# ------------------------------------------------------------------ .eml and mailto:


def test_eml_parses_back_with_unicode_names(store: Store, add_article, tmp_path: Path) -> None:
    c = store.add_client("Marek Zieliński", address_as="Mr Zieliński", email="marek@nw.example")
    share = store.mark_share(c.id, add_article("Łódź: new cabotage rules", "https://n.example/c"))
    d = export.build_draft(brief(store, c.id), export.subject_of(share), SENDER)
    path = export.save_draft(d, tmp_path / "drafts", SENDER, when=datetime(2026, 11, 23, 9))
    assert path.name == f"share-{share.id}-d-new-cabotage-rules.eml"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    raw = path.read_bytes()
    assert b"\r\n" in raw and raw.split(b"\r\n\r\n")[0].isascii()  # headers: encoded words
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["To"].addresses[0].display_name == "Marek Zieliński"
    assert parsed["From"].addresses[0].display_name == "Siân Ó Briain"
    assert parsed["From"].addresses[0].addr_spec == "sian@obriain.example"
    assert parsed["Subject"] == "Łódź: new cabotage rules"
    assert parsed["X-Unsent"] == "1"
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == d.body


def test_mailto_is_encoded_and_decodes_to_the_draft(store: Store, priya: Client) -> None:
    d = export.build_draft(brief(store, priya.id), article("Rates & fees? 100% up"), SENDER)
    url, shortened = export.mailto_url(d)
    assert not shortened and url.startswith("mailto:priya@vistula.example?subject=")
    query = urlsplit(url).query
    assert " " not in url and "\n" not in url and "%0D%0A" in url
    fields = dict(part.split("=", 1) for part in query.split("&"))
    assert set(fields) == {"subject", "body"}  # the & in the title is escaped
    assert unquote(fields["subject"]) == "Rates & fees? 100% up"
    assert unquote(fields["body"]).replace("\r\n", "\n") == d.body


def test_a_long_mailto_is_shortened_within_the_limit(store: Store, priya: Client) -> None:
    d = export.build_draft(brief(store, priya.id), article("Rail freight news"), SENDER)
    long = export.Draft(**{**d.__dict__, "body": d.body + "Łódź żółć " * 400})
    url, shortened = export.mailto_url(long)
    assert shortened and len(url) <= export.email.MAILTO_LIMIT
    body = unquote(url.split("&body=", 1)[1]).replace("\r\n", "\n")
    assert body.endswith(
        "[Shortened to fit a mail link; the whole note is in the saved .eml draft.]"
    )
    kept = body.split("\n\n[Shortened")[0]
    assert long.body.startswith(kept) and len(kept) > 500


# ------------------------------------------------------------------ the system's opener


def test_open_with_system_runs_the_opener_and_reports_a_refusal(
    opener: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prepdeck.export.launch import open_with_system

    assert open_with_system("mailto:a@b.example?subject=Hi%20there") is None
    assert opener.read_text() == "mailto:a@b.example?subject=Hi%20there"
    assert "No app is set up" in (open_with_system("refuse") or "")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert "No " in (open_with_system("x.eml") or "")
