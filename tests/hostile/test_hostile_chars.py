"""Control characters: one rule at the store boundary for every source, and on every output."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from hostile_catalogue import (  # type: ignore[import-not-found]
    BIDI,
    C1,
    CRLF,
    CSI_CLEAR,
    ESCAPES,
    OSC_LINK,
    OSC_TITLE,
    assert_terminal_safe,
    hostile,
    unsafe_characters,
)
from hostile_catalogue_db import catalogue_db  # type: ignore[import-not-found]
from hostile_data import TODAY, build_hostile  # type: ignore[import-not-found]
from hostile_support import (  # type: ignore[import-not-found]
    dirty_values,
    run_on_pty,
    serve,
    store_raw,
)

from prepdeck.store import Store
from prepdeck.untrusted import clean_chars, for_terminal, json_for_terminal

ESC = hostile("esc", *ESCAPES, CRLF)


@pytest.mark.parametrize("raw", [*ESCAPES, CRLF, ESC])
def test_the_rule_leaves_no_control_and_one_line_where_asked(raw: str) -> None:
    single, multi = clean_chars(raw), clean_chars(raw, multiline=True)
    assert unsafe_characters(single) == [] and unsafe_characters(multi) == []
    assert "\n" not in single and "\t" not in single


def test_the_rule_removes_whole_sequences_and_keeps_text() -> None:
    assert clean_chars(f"a{OSC_TITLE}b") == "ab"  # not "a]0;pwnedb"
    assert clean_chars(f"x{C1}y") == "x y"  # 8-bit CSI and OSC gone; NEL is a line break
    assert clean_chars(BIDI) == "invoicegnp.exe iso"
    assert clean_chars(CRLF, multiline=True) == "two\nlines"
    assert clean_chars("a\t b\r\n\nc") == "a b c"
    assert clean_chars("Ünïcödé [UK] café\u200f") == "Ünïcödé [UK] café\u200f"  # RLM stays
    assert for_terminal("a,b\r\nc\rd\x1b[2J") == "a,b\r\nc\nd"  # CSV's CRLF kept


def test_every_cli_write_is_cleaned(run, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    add = run(
        "client", "add", f"Acme {ESC}", "--company", ESC, "--email", f"a{CRLF}@x.example",
        "--keywords", ESC, "--address-as", ESC, "--industry", ESC,
    )  # fmt: skip
    assert add.code == 0, add.err
    for args in (
        ("client", "edit", "Acme", "--agreed", ESC),
        ("contact", "add", "Acme", f"Tom {ESC}", "--role", ESC, "--email", "t@x.example"),
        ("note", "add", "Acme", ESC),
        ("promise", "add", "Acme", ESC),
        ("log", "Acme", ESC, "--kind", "call"),
    ):
        result = run(*args)
        assert result.code == 0, (args, result.err)
    assert dirty_values(db_path) == []
    store = Store(db_path)
    note = store.list_notes(1)[0].text
    store.close()
    assert note.startswith("esc ") and "invoicegnp.exe" in note and "two\nlines" in note


def test_a_text_of_nothing_but_escapes_is_refused_in_one_line(run) -> None:  # type: ignore[no-untyped-def]
    result = run("client", "add", OSC_TITLE)
    assert result.code != 0 and result.err.count("\n") == 1 and "name" in result.err


def test_imports_and_feeds_are_cleaned(run, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A file holding NUL or BEL is refused as binary; ESC, C1 and bidi get through.
    value = hostile("esc", OSC_LINK, CSI_CLEAR, C1, BIDI)
    csv_file = tmp_path / "people.csv"
    csv_file.write_text(
        "type,name,company,email,role,agreed\r\n"
        f'client,"Csv {value}","Co {value}",c@x.example,"{value}","{value}\r\nline two"\r\n',
        encoding="utf-8",
    )
    vcf_file = tmp_path / "people.vcf"
    vcf_file.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vcard {value}\r\nORG:Org {value}\r\n"
        f"TITLE:{value}\r\nNOTE:{value}\r\nEMAIL:v@x.example\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    # XML carries C1, bidi and CR/LF (as references); C0 controls cannot appear in XML 1.0.
    xml_safe = f"{C1}{BIDI}&#13;&#10;line"
    feed_body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Served {xml_safe}</title><link>https://example.com/</link>"
        f"<item><guid>g1</guid><title>Item {xml_safe}</title><link>https://example.com/1</link>"
        f"<description>Body {xml_safe}</description></item></channel></rss>"
    ).encode()
    with serve({"/feed": ("application/rss+xml", feed_body)}) as base:
        opml_file = tmp_path / "feeds.opml"
        opml_file.write_text(
            '<?xml version="1.0" encoding="utf-8"?><opml version="2.0"><body>'
            f'<outline text="Opml {xml_safe}" xmlUrl="{base}/feed"/></body></opml>',
            encoding="utf-8",
        )
        for args in (
            ("import", "clients", str(csv_file)),
            ("import", "clients", str(vcf_file)),
            ("feed", "import", str(opml_file)),
            ("fetch",),
        ):
            result = run(*args)
            assert result.code == 0, (args, result.err)
    assert dirty_values(db_path) == []
    conn = sqlite3.connect(db_path)
    names = {n for (n,) in conn.execute("SELECT name FROM clients")}
    titles = {t for (t,) in conn.execute("SELECT title FROM articles")}
    conn.close()
    assert any(n.startswith("Csv esc") for n in names) and any("Vcard" in n for n in names)
    assert titles and all(t.startswith("Item ") for t in titles)
    again = run("import", "clients", str(csv_file), "--json")
    assert '"update"' not in again.out, "a second import of the same file changes nothing"


async def test_an_app_form_stores_clean_text(db_path: Path) -> None:
    from textual.widgets import Input

    from prepdeck.app import make_app
    from prepdeck.messages import ClientOpenRequested

    hostile_db = build_hostile(db_path)
    app = make_app(hostile_db.path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.post_message(ClientOpenRequested(hostile_db.client_id))
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#text", Input).value = f"Form {ESC.replace(CRLF, ' ')}"
        await pilot.press("ctrl+s")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
    assert dirty_values(db_path) == []
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM notes WHERE text LIKE 'Form esc%'").fetchone()[0] == 1
    conn.close()


def test_every_input_path_stores_the_catalogue_clean(
    db_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    catalogue_db(db_path, tmp_path_factory.getbasetemp() / "catalogue")
    assert dirty_values(db_path) == []
    conn = sqlite3.connect(db_path)
    names = [n for (n,) in conn.execute("SELECT name FROM clients")]
    feeds = [t for (t,) in conn.execute("SELECT title FROM feeds")]
    articles = [t for (t,) in conn.execute("SELECT title FROM articles")]
    conn.close()
    for source in ("Cat", "Csv", "Vcf", "Mal [@click"):  # CLI, CSV, vCard, the store API
        assert any(n.startswith(source) for n in names), source
    assert any(t.startswith("Opml Mal [@click") for t in feeds)  # the OPML title
    assert any(t.startswith("Feed item") for t in articles) and "Raw item" in articles


def test_cli_output_of_raw_stored_text_is_safe_on_a_terminal(
    db_path: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every input path's text, plus escapes written raw as an older release would have."""
    hostile_db = catalogue_db(db_path, tmp_path_factory.getbasetemp() / "catalogue")
    store = Store(db_path)
    article = store.rows("SELECT id FROM articles")[0]["id"]
    store.mark_share(hostile_db.client_id, article, note="see this")
    store.close()
    store_raw(db_path, ESC)
    db, client = str(db_path), str(hostile_db.client_id)
    commands = [
        ["client", "list", "--db", db],
        ["client", "list", "--json", "--db", db],
        ["contact", "list", "--db", db],
        ["note", "list", client, "--db", db],
        ["promise", "list", "--db", db],
        ["promise", "list", "--json", "--db", db],
        ["brief", client, "--format", "text", "--db", db],
        ["brief", client, "--db", db],
        ["due", "--db", db],
        ["search", "esc", "--db", db],
        ["share", "list", "--db", db],
        ["share", "list", "--json", "--db", db],
        ["suggest", client, "--db", db],
        ["feed", "list", "--db", db],
        ["export", "--db", db],
        ["export", "--format", "csv", "--db", db],
        ["export", "--format", "vcf", "--db", db],
        ["feed", "export", "--db", db],
        ["share", "export", "--out", str(tmp_path / "drafts"), "--db", db],
        ["note", "add", f"no such {OSC_TITLE}client", "x", "--db", db],
        ["export", "--out", str(tmp_path / "all.json"), "--db", db],
        ["export", "--format", "csv", "--out", str(tmp_path / "all.csv"), "--db", db],
        ["export", "--format", "vcf", "--out", str(tmp_path / "all.vcf"), "--db", db],
    ]
    output = run_on_pty(commands, tmp_path)
    assert output.count("=== ") == len(commands)
    assert "esc" in output and "Acme [UK] Ltd" in output
    # The terminal itself writes "\r\n" for "\n" (onlcr); a CR before a newline is inert.
    assert_terminal_safe(re.sub("\r+\n", "\n", output))
    assert "[@click=app.quit]Q[/]" in output  # markup printed as the text it is
    drafts = list((tmp_path / "drafts").glob("*.eml"))
    assert drafts
    for written in [*drafts, *(tmp_path / name for name in ("all.json", "all.csv", "all.vcf"))]:
        assert_terminal_safe(written.read_text(encoding="utf-8").replace("\r\n", "\n"))


def test_json_for_the_terminal_escapes_del_c1_and_bidi_and_leaves_the_rest() -> None:
    """DEL is the one ASCII character json.dumps leaves raw that the rule removes: an
    ASCII document is passed as it is only without it."""
    assert json_for_terminal('{"a": "plain \\u001b text"}') == '{"a": "plain \\u001b text"}'
    assert json_for_terminal('{"a": "x\x7fy"}') == '{"a": "x\\u007fy"}'
    assert json_for_terminal('{"a": "caf\u00e9 \x85 \u202e"}') == (
        '{"a": "caf\u00e9 \\u0085 \\u202e"}'
    )
