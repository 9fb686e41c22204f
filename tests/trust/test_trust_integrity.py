"""Integrity: nothing imported half-read, no kept date lost, the right client, honest dates,
private files, nothing left behind, and a huge note that costs little (issue 10, part 4)."""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from feeds_support import FeedServer, item, rss  # type: ignore[import-not-found]
from trust_support import one_line, open_first_briefing  # type: ignore[import-not-found]

from prepdeck.briefing import build_briefing
from prepdeck.dates import today
from prepdeck.feeds.parse import Entry
from prepdeck.store import Store

# -- CSV -----------------------------------------------------------------------------


@pytest.mark.parametrize("dry", [False, True])
def test_csv_with_an_unclosed_quote_is_refused(run, db_path: Path, tmp_path: Path, dry) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text(
        'Name,E-mail Address\nAnna Kowalski,anna@example.com\n"Bob Stone,bob@example.com\n'
        "Cat Reed,cat@example.com\nDan Wu,dan@example.com\n"
    )
    line = one_line(run("import", "clients", str(csv), *(["--dry-run"] if dry else [])))
    assert "line 3" in line and "quote" in line
    assert run("client", "list", "--json").out.strip() in ("[]", "")


def test_csv_with_quoted_line_breaks_still_imports(run, tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text('Name,Notes\nAnna Kowalski,"Two\nlines"\nBob Stone,one\n')
    assert run("import", "clients", str(csv)).code == 0
    names = [c["name"] for c in json.loads(run("client", "list", "--json").out)]
    assert sorted(names) == ["Anna Kowalski", "Bob Stone"]


# -- promises --------------------------------------------------------------------------


def _promise(run, db_path: Path) -> int:  # type: ignore[no-untyped-def]
    assert run("client", "add", "Anna Kowalski").code == 0
    assert run("promise", "add", "Anna", "Send the deck").code == 0
    return 1


def _status(db_path: Path) -> tuple[str, str | None]:
    store = Store(db_path)
    try:
        p = store.get_promise(1)
        return p.status, p.kept_on.isoformat() if p.kept_on else None
    finally:
        store.close()


def test_dropping_a_kept_promise_needs_a_reopen(run, db_path: Path) -> None:
    _promise(run, db_path)
    assert run("promise", "keep", "1", "--on", "-2").code == 0
    kept = _status(db_path)
    assert kept[0] == "kept" and kept[1]
    assert "reopen" in one_line(run("promise", "drop", "1"))
    assert _status(db_path) == kept  # the kept date survives
    assert run("promise", "reopen", "1").code == 0
    assert _status(db_path) == ("open", None)
    assert run("promise", "drop", "1").code == 0
    assert "reopen" in one_line(run("promise", "keep", "1"))
    assert _status(db_path) == ("dropped", None)
    assert run("promise", "reopen", "1").code == 0
    assert "already open" in one_line(run("promise", "reopen", "1"))


def test_a_keep_date_in_the_future_is_refused(run, db_path: Path) -> None:
    _promise(run, db_path)
    assert "still to come" in one_line(run("promise", "keep", "1", "--on", "+3"))
    assert _status(db_path) == ("open", None)
    assert run("promise", "keep", "1", "--on", "today").code == 0


# -- client references -----------------------------------------------------------------


def test_client_reference_exact_name_then_id_then_casefolded_prefix(run, db_path: Path) -> None:
    for name in ("Anna Kowalski", "1", "Émilie Dubois", "Straße AG", "Bob Stone", "Bobby Fox"):
        assert run("client", "add", name).code == 0
    assert run("note", "add", "1", "for the client named 1").code == 0
    assert run("note", "add", "émi", "prefix, Unicode case").code == 0
    assert run("note", "add", "STRASSE", "full case folding").code == 0
    assert run("note", "add", "anna kowalski", "same name, any case").code == 0
    assert run("note", "add", "5", "by id").code == 0  # id 5 is Bob Stone
    assert "several clients" in one_line(run("note", "add", "bob", "ambiguous"))
    store = Store(db_path)
    try:
        by_client = {
            r["name"]: r["text"]
            for r in store.rows(
                "SELECT c.name, n.text FROM notes n JOIN clients c ON c.id = n.client_id"
            )
        }
    finally:
        store.close()
    assert by_client == {
        "1": "for the client named 1",
        "Émilie Dubois": "prefix, Unicode case",
        "Straße AG": "full case folding",
        "Anna Kowalski": "same name, any case",
        "Bob Stone": "by id",
    }


# -- articles from the future --------------------------------------------------------------


def test_articles_dated_in_the_future_are_clamped_to_the_fetch(
    run, db_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.serve(
        "/f.xml",
        rss(
            item("future", "From 2100", date="Fri, 01 Jan 2100 09:00:00 GMT"),
            item("past", "From 2026", date="Mon, 16 Nov 2026 10:00:00 GMT"),
        ),
    )
    assert run("feed", "add", url).code == 0
    assert run("fetch").code == 0
    store = Store(db_path)
    try:
        rows = {
            r["guid"]: r for r in store.rows("SELECT guid, published, fetched_at FROM articles")
        }
    finally:
        store.close()
    assert rows["past"]["published"].startswith("2026-11-16")
    assert rows["future"]["published"] < "2027"
    assert rows["future"]["published"] <= rows["future"]["fetched_at"]


# -- file modes and leftovers ------------------------------------------------------------


@pytest.mark.parametrize("empty", [False, True])
def test_an_open_database_is_tightened_and_said_once(run, db_path: Path, empty: bool) -> None:
    if empty:
        db_path.touch()
    else:
        Store(db_path).close()
    db_path.chmod(0o644)
    first = run("client", "list")
    assert first.code == 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert "0644" in first.err and "0600" in first.err and len(first.err.splitlines()) == 1
    assert run("client", "list").err == ""


def _shared(db_path: Path) -> None:
    store = Store(db_path)
    try:
        anna = store.add_client("Anna Kowalski", email="anna@example.com")
        feed = store.add_feed("https://news.example/feed")
        stamp = "2026-11-22 09:00:00"
        store.ingest_articles(
            feed.id,
            [Entry("g1", "Port news", "https://news.example/1", "Text.", stamp)],
            first_seen=stamp,
        )
        # A long drafted note: the draft must outgrow SQLite's 32 kB shared-memory file
        # for the full-disk test below to fail on the draft and not on the database.
        note = "Saw this and thought of our talk about the port. " * 1200
        store.mark_share(anna.id, store.scalar("SELECT id FROM articles"), note=note)
        for n in range(300):  # enough for an export of some size
            store.add_note(anna.id, f"Note {n}: " + "about the quarterly plan " * 8)
    finally:
        store.close()


def test_drafts_and_exports_are_private(run, db_path: Path, tmp_path: Path) -> None:
    _shared(db_path)
    out = tmp_path / "drafts"
    assert run("share", "export", "--out", str(out)).code == 0
    (draft,) = out.glob("*.eml")
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    target = tmp_path / "all.json"
    target.write_text("old")
    target.chmod(0o644)
    assert run("export", "--out", str(target)).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in out.iterdir()) == [draft.name]
    assert sorted(p.name for p in tmp_path.iterdir() if "all.json" in p.name) == ["all.json"]


def _limited(size: int):  # type: ignore[no-untyped-def]
    """A child process whose files may not grow past `size` bytes: a disk that is full."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.mark.parametrize("command", ["export", "share"])
def test_a_full_disk_leaves_no_temporary_file(db_path: Path, tmp_path: Path, command) -> None:
    _shared(db_path)
    out = tmp_path / "out"
    out.mkdir()
    if command == "export":
        (out / "all.json").write_text("the previous export")
        args = ["export", "--out", str(out / "all.json")]
    else:
        args = ["share", "export", "--out", str(out)]
    # Over the database's 32 kB -shm file; under the export (~120 kB) and the draft (~60 kB).
    limit = 40_000
    done = subprocess.run(
        [sys.executable, "-m", "prepdeck", *args, "--db", str(db_path)],
        capture_output=True,
        text=True,
        preexec_fn=_limited(limit),
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Database" not in done.stderr, done.stderr  # the file write is what failed
    left = sorted(p.name for p in out.iterdir())
    assert left == (["all.json"] if command == "export" else [])
    if command == "export":
        assert (out / "all.json").read_text() == "the previous export"


_SLOW_WRITER = """
import sys, time
from pathlib import Path
from prepdeck.files import write_private

def chunks():
    yield b"x" * 100_000
    print("writing", flush=True)
    time.sleep(60)
    yield b"never"

write_private(Path(sys.argv[1]), chunks())
"""


def test_kill_9_mid_write_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    target.write_text("before")
    writer = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "writing"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json"]
    assert target.read_text() == "before"


# -- a huge note ----------------------------------------------------------------------------

HUGE = ("alpha pricing beta supplier gamma " * 30_000) + "zebraword"  # about 1 MB


def test_a_huge_note_gives_a_short_snippet_and_a_bounded_briefing(db_path: Path) -> None:
    store = Store(db_path)
    try:
        anna = store.add_client("Anna Kowalski")
        note = store.add_note(anna.id, HUGE)
        for word in ("pricing", "zebraword", "pric"):
            (hit,) = store.search(word, kinds=["note"])
            assert len(hit.snippet) < 400
            found = [hit.snippet[a:b].lower() for a, b in hit.spans]
            assert found and all(f.startswith(word) for f in found)
        briefing = build_briefing(store, anna.id, today(), news_limit=0)
        (shown,) = briefing.other_notes
        assert len(shown.text) < 10_000 and shown.text.endswith("…")
        assert store.get_note(note.id).text == HUGE  # the whole note is still there
    finally:
        store.close()


async def test_editing_a_long_note_in_the_app_starts_from_all_of_it(db_path: Path) -> None:
    from pd_sample import build_sample  # type: ignore[import-not-found]
    from pd_shared import TODAY  # type: ignore[import-not-found]
    from textual.widgets import Input

    from prepdeck.app import make_app
    from prepdeck.screens.capture import CaptureScreen

    sample = build_sample(db_path)
    long_text = "Minutes of the annual review. " * 300  # about 9,000 characters
    store = Store(db_path)
    try:
        priya = store.resolve_client("Priya Patel")
        note = store.add_note(priya.id, long_text)
    finally:
        store.close()
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_first_briefing(app, pilot)
        assert screen.briefing is not None
        (shown,) = [n for n in screen.briefing.other_notes if n.id == note.id]
        assert shown.text.endswith("…")  # the briefing holds a bounded part
        screen.action_capture("note", shown)
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        assert app.screen.query_one("#text", Input).value == long_text.strip()
