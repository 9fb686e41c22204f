"""The config file: defaults, values, and one clear error when it is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from prepdeck.config import Config, load_config
from prepdeck.errors import PrepdeckError
from prepdeck.store import default_db_path


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "absent.toml") == Config()


def test_values_and_db_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'db = "{tmp_path / "mine.db"}"\nper-host = 4\n')
    monkeypatch.setenv("PREPDECK_CONFIG", str(config))
    assert load_config().per_host == 4
    assert default_db_path() == tmp_path / "mine.db"
    monkeypatch.setenv("PREPDECK_DB", str(tmp_path / "env.db"))
    assert default_db_path() == tmp_path / "env.db"


def test_keys_table_is_a_keymap(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nshare_queue = "f5"\nhelp = " f1,question_mark "\n')
    assert load_config(config).keys == {"share_queue": "f5", "help": "f1,question_mark"}


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("concurrency = 0", "positive"),
        ("colour = 1", "Unknown setting"),
        ("db = [", "Cannot read"),
        ("keys = 3", "must be a table"),
        ("[keys]\nsearch = 5", "must be a key name"),
        ('[keys]\nsearch = " "', "must be a key name"),
    ],
)
def test_bad_config_is_one_sentence(tmp_path: Path, text: str, fragment: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text)
    with pytest.raises(PrepdeckError, match=fragment):
        load_config(config)


def test_locate_prints_paths(run, db_path: Path) -> None:
    result = run("locate")
    assert result.code == 0
    assert str(db_path) in result.out and "config.toml" in result.out


def test_sender_is_read_and_checked(tmp_path: Path) -> None:
    from prepdeck.config import Sender

    config = tmp_path / "config.toml"
    config.write_text(
        '[sender]\nname = "Siân Ó Briain"\nemail = "sian@obriain.example"\n'
        'signature = """Siân\nÓ Briain Advisory"""\n',
        encoding="utf-8",
    )
    sender = load_config(config).sender
    assert sender == Sender("Siân Ó Briain", "sian@obriain.example", "Siân\nÓ Briain Advisory")
    assert sender.sign_off == "Siân\nÓ Briain Advisory"
    assert Sender(name="Siân").sign_off == "Siân" and Sender().sign_off == ""
    for text, fragment in [
        ('[sender]\nemail = "nope"', "does not look like an email"),
        ('[sender]\nphone = "1"', "Unknown setting 'phone' under"),
        ("[sender]\nname = 3", "must be text"),
        ('sender = "me"', "must be a table"),
    ]:
        config.write_text(text)
        with pytest.raises(PrepdeckError, match=fragment):
            load_config(config)


def test_saving_the_sender_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    import os
    import stat

    from prepdeck.config import Sender, save_sender

    config = tmp_path / "sub" / "config.toml"
    save_sender(Sender(name="Siân"), config)  # no file yet: created, private
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o600
    config.write_text('# mine\nper-host = 2\n\n[sender]\nname = "Old"\n', encoding="utf-8")
    save_sender(Sender("Siân Ó Briain", "s@o.example", "Siân\nÓ Briain"), config)
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# mine\nper-host = 2\n") and "Old" not in text
    loaded = load_config(config)
    assert loaded.per_host == 2 and loaded.sender == Sender(
        "Siân Ó Briain", "s@o.example", "Siân\nÓ Briain"
    )
    save_sender(Sender(), config)  # all blank: the table goes
    assert "[sender]" not in config.read_text() and load_config(config).per_host == 2
