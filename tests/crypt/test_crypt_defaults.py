"""The suite derives keys in fewer rounds (conftest's TEST_KDF_ROUNDS); without that setting,
as users run prepdeck, files are SQLCipher 4's with its full 256,000-round default."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from crypt_support import PASSPHRASE  # type: ignore[import-not-found]

from prepdeck.store import cipher


def prepdeck(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "prepdeck", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def opens_with(path: Path, kdf_iter: int) -> bool:
    """Whether plain SQLCipher, given the passphrase and this many rounds, reads the file."""
    conn = cipher.connect_plain(path)
    try:
        conn.execute(f"PRAGMA key = {cipher.quote(PASSPHRASE)}")
        conn.execute(f"PRAGMA kdf_iter = {kdf_iter}")
        conn.execute("SELECT count(*) FROM clients").fetchone()
    except Exception:
        return False
    finally:
        conn.close()
    return True


def test_without_the_test_setting_the_full_sqlcipher_default_is_used(demo_db: Path) -> None:
    assert cipher.KDF_ROUNDS == 256_000
    lowered = int(os.environ[cipher.TEST_KDF_ENV])
    assert lowered < cipher.KDF_ROUNDS  # else this test would prove nothing
    env = {k: v for k, v in os.environ.items() if k != cipher.TEST_KDF_ENV}
    env["PREPDECK_PASSPHRASE"] = PASSPHRASE
    encrypted = prepdeck("encrypt", "--db", str(demo_db), env=env)  # SQLCipher's derivation
    assert encrypted.returncode == 0, encrypted.stderr
    assert opens_with(demo_db, cipher.KDF_ROUNDS)
    assert not opens_with(demo_db, lowered)
    listed = prepdeck("client", "list", "--db", str(demo_db), env=env)  # prepdeck's own
    assert listed.returncode == 0, listed.stderr
    assert "Anna Kowalski" in listed.stdout
    # ...and a process under the tests' setting cannot read it: the setting reaches both.
    lowered_env = {**env, cipher.TEST_KDF_ENV: str(lowered)}
    refused = prepdeck("client", "list", "--db", str(demo_db), env=lowered_env)
    assert refused.returncode != 0 and "does not open" in refused.stderr
