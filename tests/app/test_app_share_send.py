"""The share queue sends the way users send mail: .eml opened by the mail app, mailto:, copy.

The system's opener is a real program: a script named xdg-open (or open, on macOS)
first on PATH, which records what it was asked to open.
"""

from __future__ import annotations

import email
import json
import stat
import tomllib
from email import policy
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, settle  # type: ignore[import-not-found]
from textual.widgets import Input, Label, Static, TextArea

from prepdeck.app import PrepdeckApp, make_app
from prepdeck.cli import cli
from prepdeck.export import drafts_folder
from prepdeck.screens.sender import SenderScreen
from prepdeck.screens.share_queue import COPIED, ShareQueueScreen
from prepdeck.store import Store
from prepdeck.widgets.share_list import ShareList

SIZE = (110, 36)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '# my settings\nconcurrency = 4\n\n[sender]\nname = "Siân Ó Briain"\n'
        'email = "sian@obriain.example"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("PREPDECK_CONFIG", str(path))
    return path


def marked(sample: Sample) -> int:
    store = Store(sample.path)
    try:
        return store.mark_share(sample.priya, sample.plain_article, reasons=["mentions Poland"]).id
    finally:
        store.close()


async def open_queue(app: PrepdeckApp, pilot) -> ShareList:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+t")
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert isinstance(app.screen, ShareQueueScreen)
    return app.screen.query_one(ShareList)


def listed(sample: Sample) -> dict:
    result = CliRunner().invoke(cli, ["share", "list", "--json", "--db", str(sample.path)])
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.stdout)}


async def test_every_face_shows_the_same_draft(sample: Sample, config: Path, opener: Path) -> None:
    share_id = marked(sample)
    row = listed(sample)[share_id]
    assert row["to"] is None  # Priya has no email stored: the queue says so too
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        queue = await open_queue(app, pilot)
        item = queue.current
        assert item is not None and item.share.id == share_id
        assert (item.draft.to, item.draft.subject, item.draft.body) == (
            row["to"],
            row["subject"],
            row["draft"],
        )
        assert item.draft.cautions == row["cautions"] and row["cautions"]
        shown = str(app.screen.query_one("#draft", Static).render())
        assert "no email address stored" in shown and row["subject"] in shown
        assert "1 promise to Mrs Patel is overdue — keep it first?" in shown
        assert row["draft"].rstrip("\n") in shown
        assert row["draft"].endswith("Best wishes,\nSiân Ó Briain\n")

        await pilot.press("c")
        assert app.clipboard == row["draft"]
        assert app._notifications and list(app._notifications)[-1].message == COPIED

        await pilot.press("o")  # save the .eml and hand it to the mail app
        await settle(app, pilot)
        saved = Path(opener.read_text())
        assert saved.parent == drafts_folder(sample.path)
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        parsed = email.message_from_bytes(saved.read_bytes(), policy=policy.default)
        assert parsed["Subject"] == row["subject"] and parsed["To"] is None
        assert str(parsed["From"]) == "Siân Ó Briain <sian@obriain.example>"
        assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == row["draft"]

        await pilot.press("l")  # a mailto: link
        await settle(app, pilot)
        url = opener.read_text()
        assert url.startswith("mailto:?subject=") and len(url) <= 2000
        body = unquote(url.split("&body=", 1)[1]).replace("\r\n", "\n")
        assert body == row["draft"]
        # Nothing was marked sent by any of that: sending stays an explicit key.
        assert listed(sample)[share_id]["status"] == "marked"


async def test_without_a_mail_app_the_draft_is_saved_and_it_says_so(
    sample: Sample, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    marked(sample)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        message = list(app._notifications)[-1].message
        assert "could not be opened" in message and "No " in message
        assert list(drafts_folder(sample.path).glob("share-*.eml"))


async def test_sender_details_are_edited_in_the_app(sample: Sample, config: Path) -> None:
    marked(sample)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(app, pilot)
        await pilot.press("i")
        assert isinstance(app.screen, SenderScreen)
        app.screen.query_one("#sender-email", Input).value = "not[/]an[b]address"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SenderScreen)  # refused, with the reason shown as text
        reason = str(app.screen.query_one("#sender-error", Label).render())
        assert "'not[/]an[b]address' does not look like an email address." in reason
        app.screen.query_one("#sender-email", Input).value = "sian@obriain.example"
        app.screen.query_one("#sender-signature", TextArea).text = "Siân\nÓ Briain Advisory"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ShareQueueScreen)
        saved = tomllib.loads(config.read_text(encoding="utf-8"))
        assert saved["concurrency"] == 4 and "# my settings" in config.read_text()
        assert saved["sender"]["signature"] == "Siân\nÓ Briain Advisory"
        assert stat.S_IMODE(config.stat().st_mode) == 0o600
        item = app.screen.query_one(ShareList).current
        assert item is not None and item.draft.body.endswith(
            "Best wishes,\nSiân\nÓ Briain Advisory\n"
        )
