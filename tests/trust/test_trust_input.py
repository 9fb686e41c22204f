"""What a user can type gets one line, never a traceback (issue 10, part 3)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pd_sample import Sample, build_sample  # type: ignore[import-not-found]
from pd_shared import TODAY, fill, settle  # type: ignore[import-not-found]
from textual.widgets import Input, Static
from trust_support import one_line, open_form  # type: ignore[import-not-found]

from prepdeck import app as app_module
from prepdeck.app import PrepdeckApp, make_app, run_app
from prepdeck.feeds.parse import Entry
from prepdeck.store import Store


@pytest.fixture
def anna(run) -> None:  # type: ignore[no-untyped-def]
    assert run("client", "add", "Anna Kowalski", "--email", "anna@example.com").code == 0


# Python keeps the bytes of `$'caf\xe9'` (Latin-1, not UTF-8) as a lone surrogate.
UNDECODABLE = "caf\udce9"


@pytest.mark.parametrize(
    "args",
    [
        ("client", "add", UNDECODABLE),
        ("note", "add", "Anna", UNDECODABLE),
        ("search", UNDECODABLE),
        ("log", "Anna", "hello", "--kind", UNDECODABLE),
        ("client", "edit", "Anna", f"--company={UNDECODABLE}"),
    ],
)
def test_invalid_utf8_argument(run, anna, args: tuple[str, ...]) -> None:
    line = one_line(run(*args))
    assert "UTF-8" in line and "caf\\xe9" in line


def test_invalid_utf8_path_that_exists_is_accepted(db_path: Path, tmp_path: Path) -> None:
    csv = tmp_path / "caf\udce9.csv"
    try:
        csv.write_text("Name,E-mail Address\nBob Stone,bob@example.com\n")
    except (UnicodeEncodeError, OSError):
        pytest.skip("this file system refuses non-UTF-8 names")
    # A real process: its stdout writes the name back as the bytes it came as.
    done = subprocess.run(
        [sys.executable, "-m", "prepdeck", "import", "clients", str(csv), "--db", str(db_path)],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert b"Bob Stone" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("promise", "add", "Anna", "Call back", "--due", "+999999999"),
        ("note", "add", "Anna", "Holiday", "--ask-on", "-999999999"),
        ("log", "Anna", "Met", "--date", "+99999999999999999999"),
        ("client", "edit", "Anna", "--next-meeting", "+999999999"),
        ("note", "add", "Anna", "Holiday", "--ask-on", "+²"),
        ("promise", "add", "Anna", "Call back", "--due", "+١٢"),
        ("brief", "¹"),
        ("promise", "list", "²"),
    ],
)
def test_dates_and_numbers_out_of_range_or_not_ascii(run, anna, args: tuple[str, ...]) -> None:
    one_line(run(*args))


def _marked_shares(db_path: Path) -> None:
    """Anna (good address) and Zed, whose stored email carries CR/LF, each with a share."""
    store = Store(db_path)
    try:
        zed = store.add_client("Zed Mallory")
        # Written around the store, as an older prepdeck or another tool may have left it.
        store._execute(
            "UPDATE clients SET email = ? WHERE id = ?",
            ["zed@example.com\r\nBcc: everyone@example.com", zed.id],
        )
        feed = store.add_feed("https://news.example/feed")
        stamp = "2026-11-22 09:00:00"
        store.ingest_articles(
            feed.id,
            [
                Entry("g1", "Port news", "https://news.example/1", "Text.", stamp),
                Entry("g2", "Rail news", "https://news.example/2", "Text.", stamp),
            ],
            first_seen=stamp,
        )
        ids = [r["id"] for r in store.rows("SELECT id FROM articles ORDER BY id")]
        store.mark_share(zed.id, ids[0])
        store.mark_share(store.resolve_client("Anna").id, ids[1])
    finally:
        store.close()


def test_share_export_one_bad_address_does_not_stop_the_others(
    run, anna, db_path: Path, tmp_path: Path
) -> None:
    _marked_shares(db_path)
    out = tmp_path / "drafts"
    result = run("share", "export", "--out", str(out))
    line = one_line(result)
    assert "Zed Mallory" in line and "line break" in line
    drafts = sorted(out.glob("*.eml"))
    assert len(drafts) == 1
    text = drafts[0].read_text()
    assert "anna@example.com" in text and "Bcc" not in text


async def test_app_date_out_of_range_keeps_the_form(db_path: Path) -> None:
    sample: Sample = build_sample(db_path)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        form = await open_form(app, pilot, "p")
        form.query_one("#text", Input).value = "Send the long-range plan"
        for typed in ("+999999999", "+²"):
            form.query_one("#when", Input).value = typed
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.is_running and app.screen is form
            assert form.query_one("#text", Input).value == "Send the long-range plan"
            assert "Invalid" in str(form.query_one("#when-error", Static).render())


async def test_a_field_error_quoting_what_was_typed_shows_it_as_text(db_path: Path) -> None:
    """The reason under a field quotes the value: markup in it is shown, never applied
    (an unbalanced "[/]" used to be able to stop the app)."""
    sample: Sample = build_sample(db_path)
    app = make_app(sample.path, today=TODAY)
    typed = "[b]9[/b] [/]"
    async with app.run_test(size=(100, 32)) as pilot:
        form = await open_form(app, pilot, "l")
        fill(form, text="Quarterly review", satisfaction=typed)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert typed in str(form.query_one("#satisfaction-error", Static).render())
        await pilot.press("escape", "e")  # the client form, from the briefing
        await settle(app, pilot)
        client_form = app.screen
        fill(client_form, cadence=typed)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is client_form
        assert typed in str(client_form.query_one("#cadence-error", Static).render())
        fill(client_form, cadence="30")  # a new value: the reason goes
        await pilot.pause()
        assert not client_form.query_one("#cadence-error").has_class("-shown")


def test_app_exits_non_zero_after_an_unexpected_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(db_path).close()

    def broken(self: PrepdeckApp) -> None:
        raise RuntimeError("a bug, not the user's doing")

    monkeypatch.setattr(PrepdeckApp, "get_default_screen", broken)
    assert run_app(db_path, headless=True) != 0


def test_cli_passes_on_the_app_exit_status(run, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(app_module, "run_app", lambda path, **_: 1)
    assert run().code == 1
