"""User settings from a TOML file, so nothing needs flags every time.

The file lives under the platform's config directory (PREPDECK_CONFIG chooses
another); every key is optional and a broken file is one clear error. Settings that belong
to one database (article retention, the app's theme) live in that database instead.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

import platformdirs

from prepdeck.errors import PrepdeckError


@dataclass(frozen=True)
class Config:
    db: Path | None = None
    concurrency: int = 16
    per_host: int = 8
    run_timeout: int = 600  # seconds a whole fetch may take


def config_path() -> Path:
    env = os.environ.get("PREPDECK_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir("prepdeck")) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read and validate the config file; a missing file means the defaults."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PrepdeckError(f"Cannot read the config file {path}: {exc}.") from None
    known = {f.name: f for f in fields(Config)}
    values: dict[str, object] = {}
    for key, value in data.items():
        key = key.replace("-", "_")
        if key not in known:
            raise PrepdeckError(f"Unknown setting {key!r} in {path}.")
        if key == "db":
            values[key] = Path(str(value)).expanduser()
        elif not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise PrepdeckError(f"Setting {key!r} in {path} must be a positive whole number.")
        else:
            values[key] = value
    return Config(**values)  # type: ignore[arg-type]
