"""Text handling the ranking relies on: the Porter stems agree with FTS5, queries are safe."""

from __future__ import annotations

import re
import sqlite3
import unicodedata

import pytest

from prepdeck.models import Client, Note
from prepdeck.rank.profile import build_profile, classify
from prepdeck.rank.stem import porter
from prepdeck.rank.text import content_stems, fts_or, quote, stem, strip_accents
from tests.rank.conftest import TODAY

WORDS = """
regulation regulations regulatory battery batteries running runs ran logistics logistical
shipping shipped shipper hopeful hopefulness generalization relational conditional
electricity electrical agreed agreement feed feeds happily sky skies dying lying
caresses ponies ties cats feudalism decisiveness hopefulness callousness formality
sensitivity sensibility triplicate formative formalize electriciti electrical hopeful
goodness revival allowance inference airliner gyroscopic adjustable defensible
irritant replacement adjustment dependent adoption homologou communism activate
angulariti homologous effective bowdlerize probate rate cease controll roll
hydrogen electrolysers tariffs pharmaceutical biosimilar semiconductor procurement
""".split()


def _matches_fts5(words: list[str]) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    conn.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", list(enumerate(words, 1)))
    for doc, term in conn.execute("SELECT doc, term FROM v"):
        assert porter(words[doc - 1]) == term, words[doc - 1]


def test_porter_matches_sqlite_fts5() -> None:
    _matches_fts5(WORDS)


def test_porter_matches_sqlite_fts5_on_every_lexicon_word() -> None:
    """The word lists the ranking stems at import (its stop, personal, business words, places)."""
    from prepdeck.rank import lexicon

    listed = {w for group in (lexicon.STOPWORDS, lexicon.PERSONAL, lexicon.BUSINESS) for w in group}
    listed |= {w for place in lexicon.PLACES for w in place.split()}
    _matches_fts5(sorted(w for w in listed if w.isalpha() and w.isascii()))


def test_aliases_fold_demonyms_and_synonyms() -> None:
    assert stem("polish") == stem("poland")
    assert stem("rules") == stem("regulation") == stem("legislation")
    assert content_stems("The Polish battery rules") == {"poland", "batteri", "regul"}


NASTY = [
    "AND",
    "OR",
    "NOT",
    '"',
    '""',
    "*",
    "-",
    ":",
    "(",
    ")",
    "^",
    "NEAR(a b)",
    "col:umn",
    'say "hi" AND bye',
    "x OR",
    "- -",
    "a*b",
    "'",
    "\\",
    "{x}",
    "[y]",
    "a+b",
    "%_",
]


@pytest.mark.parametrize("text", NASTY)
def test_quoted_terms_are_never_syntax(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter')")
    conn.execute("INSERT INTO t (x) VALUES ('say hi and bye near a b')")
    words = re.findall(r"\S+", text)
    for query in (quote([text]), quote(words), fts_or([[text], words, ["plain"]])):
        conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", [query]).fetchone()


def test_note_sentences_are_classified_by_their_words() -> None:
    vocab = frozenset({stem("travel"), stem("holiday")})  # a travel agency's keywords
    assert classify("Her son plays football on Saturdays.", frozenset()) == "personal"
    assert classify("Has a holiday cottage in Cornwall.", frozenset()) == "personal"
    assert classify("Training for the Berlin marathon.", frozenset()) == "personal"
    assert classify("Worried about the new packaging regulation.", frozenset()) == "business"
    assert classify("Prefers morning slots.", frozenset()) == "neutral"
    poland = frozenset({stem("poland")})
    assert classify("Her son plays football for a club in Poland.", poland) == "personal"
    assert classify("Polish battery rules worry her.", poland) == "business"
    # For a travel agency, holidays are the business.
    assert classify("Sees growth in holiday bookings to Greece.", vocab) == "business"


def test_profile_leaves_personal_private_and_never_notes_out() -> None:
    client = Client(
        id=1,
        name="Sam Lee",
        company="Lee Foods Ltd",
        industry="food",
        keywords="allergen labelling",
    )
    notes = [
        Note(id=1, client_id=1, text="Daughter Emma swims for the county team."),
        Note(id=2, client_id=1, text="Expanding the Leeds factory; new oven line.", pinned=True),
        Note(id=3, client_id=1, text="Going through a divorce.", sensitivity="never"),
        Note(
            id=4, client_id=1, text="Cash flow trouble with Tesco contract.", sensitivity="private"
        ),
    ]
    profile = build_profile(client, notes, [], [], today=TODAY)
    words = set(profile.words)
    assert {stem("factory"), stem("oven"), stem("allergen")} <= words
    assert not {stem("emma"), stem("swims"), stem("county"), stem("divorce"), stem("tesco")} & words
    assert ("lee", "food") == next(
        k for k, t in profile.phrases.items() if t.origin.kind == "company"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Québec — Łódź, Poznań; São Paulo",
        "e\u0301cole (a combining accent)",
        "ﬁne ½ ²",
        "Ελλάδα",
        "plain",
    ],
)
def test_strip_accents_matches_decomposing_the_whole_text(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text)
    expected = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert strip_accents(text) == expected
