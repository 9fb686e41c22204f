"""User settings from a TOML file, so nothing needs flags every time.

The file lives under the platform's config directory (PREPDECK_CONFIG chooses
another); every key is optional and a broken file is one clear error. Settings that belong
to one database (article retention, the app's theme) live in that database instead.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

import platformdirs

from prepdeck.errors import PrepdeckError
from prepdeck.files import write_private


@dataclass(frozen=True)
class Sender:
    """Who drafts are from: the name and signature that end them, the address for From:."""

    name: str = ""
    email: str = ""
    signature: str = ""

    @property
    def sign_off(self) -> str:
        """What ends every draft: the signature, else the name (empty when neither is set)."""
        return self.signature.strip() or self.name.strip()


SENDER_KEYS = ("name", "email", "signature")


@dataclass(frozen=True)
class Config:
    db: Path | None = None
    concurrency: int = 16
    per_host: int = 8
    # [keys]: binding id -> key(s), as Textual's App.set_keymap takes ("ctrl+t", "f5,ctrl+r").
    keys: dict[str, str] = field(default_factory=dict)
    run_timeout: int = 600  # seconds a whole fetch may take
    sender: Sender = Sender()
    # The user keeps database passphrases in the system keyring (`prepdeck encrypt --keyring`):
    # only then is the keyring asked, as importing it alone takes a third of a second.
    keyring: bool = False


def config_path() -> Path:
    env = os.environ.get("PREPDECK_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir("prepdeck")) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read and validate the config file; a missing file means the defaults."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
        import tomllib  # only when there is a file: 5 ms of every command's start-up otherwise

        data = tomllib.loads(text)
    except FileNotFoundError:
        return Config()
    except (OSError, ValueError) as exc:  # ValueError: not UTF-8, or not TOML
        raise PrepdeckError(f"Cannot read the config file {path}: {exc}.") from None
    known = {f.name: f for f in fields(Config)}
    values: dict[str, object] = {}
    for key, value in data.items():
        key = key.replace("-", "_")
        if key not in known:
            raise PrepdeckError(f"Unknown setting {key!r} in {path}.")
        if key == "db":
            values[key] = Path(str(value)).expanduser()
        elif key == "keys":
            values[key] = _keymap(value, path)
        elif key == "sender":
            values[key] = _sender(value, path)
        elif key == "keyring":
            if not isinstance(value, bool):
                raise PrepdeckError(f"Setting 'keyring' in {path} must be true or false.")
            values[key] = value
        elif not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise PrepdeckError(f"Setting {key!r} in {path} must be a positive whole number.")
        else:
            values[key] = value
    return Config(**values)  # type: ignore[arg-type]  # values checked key by key above


def _keymap(table: object, path: Path) -> dict[str, str]:
    """The [keys] table: each binding id names the key (or comma-separated keys) for it."""
    if not isinstance(table, dict):
        raise PrepdeckError(f'[keys] in {path} must be a table of binding id = "key".')
    for binding_id, keys in table.items():
        if not isinstance(keys, str) or not keys.strip():
            raise PrepdeckError(
                f'Key for {binding_id!r} in {path} must be a key name such as "ctrl+t".'
            )
    return {str(binding_id): keys.strip() for binding_id, keys in table.items()}


def _sender(table: object, path: Path) -> Sender:
    if not isinstance(table, dict):
        raise PrepdeckError(f"[sender] in {path} must be a table of name, email and signature.")
    for key, value in table.items():
        if key not in SENDER_KEYS:
            raise PrepdeckError(f"Unknown setting {key!r} under [sender] in {path}.")
        if not isinstance(value, str):
            raise PrepdeckError(f"Setting {key!r} under [sender] in {path} must be text.")
    sender = Sender(**{k: v.strip() for k, v in table.items()})
    problem = sender_problem(sender)
    if problem:
        raise PrepdeckError(f"{problem} ([sender] in {path})")
    return sender


def sender_problem(sender: Sender) -> str | None:
    """Why these sender details cannot be used, as one sentence, or None."""
    if sender.email and not re.fullmatch(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+", sender.email):
        return f"{sender.email!r} does not look like an email address."
    if any(ch in sender.name for ch in "\r\n<>"):
        return "The sender's name must be one line without < or >."
    return None


def save_sender(sender: Sender, path: Path | None = None) -> Path:
    """Write `[sender]` into the config file, keeping every other line (and comment) as it was.

    The file is replaced atomically and stays readable by the user alone.
    """
    import tomlkit  # only when saving: reading needs nothing but tomllib

    table = tomlkit.table()
    for key in SENDER_KEYS:
        value = getattr(sender, key).strip()
        if value:
            table[key] = tomlkit.string(value, multiline="\n" in value)
    return _save_setting("sender", table if table else None, path)


def save_keyring_choice(keep: bool, path: Path | None = None) -> Path:
    """Remember whether passphrases live in the system keyring (`keyring = true`)."""
    return _save_setting("keyring", True if keep else None, path)


def _save_setting(key: str, value: object, path: Path | None) -> Path:
    """Set (or with None remove) one top-level key, keeping every other line as it was."""
    import tomlkit

    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    try:
        doc = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise PrepdeckError(f"Cannot read the config file {path}: {exc}.") from None
    if key in doc:
        del doc[key]
    if value is not None:
        doc[key] = value  # tomlkit puts a plain key before the tables, as TOML needs
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private(path, tomlkit.dumps(doc).encode("utf-8"))
    except OSError as exc:
        raise PrepdeckError(
            f"Cannot write the config file {path}: {exc.strerror or exc}."
        ) from None
    return path
