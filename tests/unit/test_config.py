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
