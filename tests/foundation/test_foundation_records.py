"""The client/contact/note/promise/log commands round-trip through a real database file."""

from __future__ import annotations

import json

import pytest

from prepdeck.errors import NotFound, PrepdeckError


def _json(result) -> object:
    assert result.code == 0, result.err
    assert result.err == ""
    return json.loads(result.out)


def _one_sentence_error(result, *needles: str) -> None:
    """Non-zero exit, one line on stderr starting `prepdeck:`, no traceback, nothing on stdout."""
    assert result.code != 0
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("prepdeck: ")
    assert "Traceback" not in result.err
    assert result.out == ""
    for needle in needles:
        assert needle.lower() in lines[0].lower(), lines[0]


def test_client_add_edit_list_json(run) -> None:
    added = run(
        "client",
        "add",
        "Priya Patel",
        "--company",
        "Patel & Rowe LLP",
        "--industry",
        "legal",
        "--keywords",
        "fixed fees, legal AI",
        "--address-as",
        "Mrs Patel",
        "--email",
        "p@example.com",
    )
    assert added.code == 0 and "Priya Patel" in added.out
    edited = run(
        "client",
        "edit",
        "priya",
        "--next-meeting",
        "2026-11-25 09:30",
        "--warmth",
        "2",
        "--status",
        "paused",
        "--agreed",
        "Monthly KPI pack",
        "--cadence",
        "21",
    )
    assert edited.code == 0, edited.err
    [client] = _json(run("client", "list", "--json"))
    assert client["id"] == 1
    assert client["name"] == "Priya Patel"
    assert client["company"] == "Patel & Rowe LLP"
    assert client["keywords"] == "fixed fees, legal AI"
    assert client["address_as"] == "Mrs Patel"
    assert client["next_meeting"] == "2026-11-25 09:30:00"
    assert (client["warmth"], client["status"], client["cadence_days"]) == (2, "paused", 21)
    assert client["agreed"] == "Monthly KPI pack"


def test_client_list_json_empty_is_an_array(run) -> None:
    assert _json(run("client", "list", "--json")) == []


def test_note_add_with_every_option(run, store) -> None:
    run("client", "add", "Margaret Hughes")
    assert run("contact", "add", "marg", "Owen Hughes", "--role", "Operations").code == 0
    assert run("note", "add", "marg", "Hip operation", "--ask-on", "2026-11-20", "--pin").code == 0
    assert run("note", "add", "marg", "Health worry", "--private").code == 0
    assert run("note", "add", "marg", "The York shop", "--never-mention").code == 0
    assert run("note", "add", "marg", "Wedding in spring", "--contact", "owen").code == 0
    notes = {n["text"]: n for n in _json(run("note", "list", "marg", "--json"))}
    assert notes["Hip operation"]["ask_on"] == "2026-11-20"
    assert notes["Hip operation"]["pinned"] is True
    assert notes["Health worry"]["sensitivity"] == "private"
    assert notes["The York shop"]["sensitivity"] == "never"
    assert notes["Wedding in spring"]["contact_id"] == store.list_contacts(1)[0].id
    assert notes["Wedding in spring"]["sensitivity"] == "normal"


def test_private_and_never_mention_are_exclusive(run, store) -> None:
    run("client", "add", "Margaret Hughes")
    result = run("note", "add", "marg", "Both", "--private", "--never-mention")
    # click keeps the last flag given for a shared destination: one sensitivity, never two.
    assert result.code == 0
    assert store.list_notes(1)[0].sensitivity in ("private", "never")


def test_promise_add_keep_list_json_open_and_overdue_first(run) -> None:
    run("client", "add", "Anna Kowalski")
    run("client", "add", "Lena Fischer")
    assert run("promise", "add", "anna", "Kept one", "--due", "2026-11-10").code == 0
    assert run("promise", "add", "anna", "Due later", "--due", "2026-12-01").code == 0
    assert run("promise", "add", "lena", "Overdue one", "--due", "2026-11-20").code == 0
    assert run("promise", "add", "lena", "No date").code == 0
    assert run("promise", "keep", "1").code == 0

    listed = _json(run("promise", "list", "--json"))
    assert [p["text"] for p in listed] == ["Overdue one", "Due later", "No date", "Kept one"]
    for item in listed:
        assert {"id", "text", "status", "due_on"} <= set(item)
    assert listed[0]["due_on"] == "2026-11-20" and listed[0]["status"] == "open"
    assert listed[-1]["status"] == "kept" and listed[-1]["kept_on"] == "2026-11-23"

    only_open = _json(run("promise", "list", "--open", "--json"))
    assert [p["text"] for p in only_open] == ["Overdue one", "Due later", "No date"]
    annas = _json(run("promise", "list", "anna", "--json"))
    assert {p["text"] for p in annas} == {"Kept one", "Due later"}

    text = run("promise", "list")
    assert "OVERDUE 3d" in text.out

    again = run("promise", "keep", "1")
    _one_sentence_error(again, "already kept")


def test_keeping_late_is_reported(run) -> None:
    run("client", "add", "Anna Kowalski")
    run("promise", "add", "anna", "Late one", "--due", "2026-11-01")
    result = run("promise", "keep", "1")
    assert result.code == 0 and "(late)" in result.out


def test_log_kinds_satisfaction_and_complaint(run, store) -> None:
    run("client", "add", "Priya Patel")
    assert run("log", "priya", "Review", "--satisfaction", "4").code == 0
    assert run("log", "priya", "Rang her", "--kind", "call", "--date", "2026-11-01").code == 0
    assert (
        run(
            "log", "priya", "Late pack", "--kind", "email", "--complaint", "--satisfaction", "2"
        ).code
        == 0
    )
    assert run("log", "priya", "Walked the site", "--kind", "Site Visit").code == 0
    logged = {i.text: i for i in store.list_interactions(1)}
    assert logged["Review"].kind == "meeting" and logged["Review"].satisfaction == 4
    assert str(logged["Review"].happened_on) == "2026-11-23"
    assert logged["Rang her"].kind == "call" and str(logged["Rang her"].happened_on) == "2026-11-01"
    assert logged["Late pack"].complaint is True and logged["Late pack"].satisfaction == 2
    assert logged["Walked the site"].kind == "site-visit"


def test_resolve_client_by_id_exact_prefix(store) -> None:
    anna = store.add_client("Anna Kowalski")
    annabel = store.add_client("Annabel Lee")
    store.add_client("Ann")
    assert store.resolve_client(str(anna.id)).id == anna.id
    assert store.resolve_client("ANN").name == "Ann"  # exact beats prefix
    assert store.resolve_client("anna k").id == anna.id
    assert store.resolve_client("annab").id == annabel.id
    with pytest.raises(PrepdeckError, match="several clients") as ambiguous:
        store.resolve_client("anna")
    assert "Anna Kowalski" in str(ambiguous.value) and "Annabel Lee" in str(ambiguous.value)
    with pytest.raises(NotFound):
        store.resolve_client("Zed")


def test_cli_ambiguous_and_unknown_client(run) -> None:
    run("client", "add", "Anna Kowalski")
    run("client", "add", "Annabel Lee")
    _one_sentence_error(run("note", "add", "ann", "x"), "Anna Kowalski", "Annabel Lee")
    _one_sentence_error(run("promise", "add", "zed", "x"), "no client matches")


@pytest.mark.parametrize(
    "args, needle",
    [
        (("promise", "add", "anna", "Send it", "--due", "2026-13-45"), "invalid due date"),
        (("note", "add", "anna", "Op", "--ask-on", "after easter"), "invalid ask-on date"),
        (("log", "anna", "Call", "--date", "31/12/2026"), "invalid date"),
        (("log", "anna", "Call", "--satisfaction", "9"), "satisfaction"),
        (("promise", "add", "anna", "   "), "promise text is empty"),
        (("note", "add", "anna", ""), "note text is empty"),
        (("client", "edit", "anna", "--next-meeting", "soon"), "meeting time"),
        (("client", "add", " "), "needs a name"),
        (("promise", "keep", "99"), "no promise with id 99"),
    ],
)
def test_bad_input_is_one_sentence_and_writes_nothing(run, store, args, needle) -> None:
    store.add_client("Anna Kowalski")
    before = [
        store.scalar(f"SELECT count(*) FROM {t}")
        for t in ("clients", "notes", "promises", "interactions")
    ]
    _one_sentence_error(run(*args), needle)
    after = [
        store.scalar(f"SELECT count(*) FROM {t}")
        for t in ("clients", "notes", "promises", "interactions")
    ]
    assert after == before
