"""encrypt / decrypt / passphrase / backup from the command line, and every bad input."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from crypt_support import PASSPHRASE, contents, header  # type: ignore[import-not-found]

from prepdeck.passphrase import open_unlocked
from prepdeck.store import cipher

PLAIN = b"SQLite format 3\x00"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(result, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    assert result.code != 0
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("prepdeck: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def encrypt(run, monkeypatch: pytest.MonkeyPatch, passphrase: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PREPDECK_PASSPHRASE", passphrase)
    result = run("encrypt")
    assert result.code == 0, result.err
    cipher.forget()


def test_round_trip_keeps_every_table_and_the_index(
    run, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = contents(demo_db)
    assert sum(len(ids) for ids in before["search"].values()) > 10
    assert before["counts"]["articles_fts_data"] > 0
    encrypt(run, monkeypatch)

    assert header(demo_db) != PLAIN
    assert not demo_db.read_bytes().count(b"Northway Freight")  # no plaintext left in it
    assert stat.S_IMODE(demo_db.stat().st_mode) == 0o600
    assert sorted(p.name for p in demo_db.parent.iterdir() if "prepdeck" in p.name) == [
        "prepdeck.db"
    ]
    assert contents(demo_db) == before
    search = run("search", "market", "--json")
    assert search.code == 0 and json.loads(search.out)

    cipher.forget()
    result = run("decrypt")
    assert result.code == 0, result.err
    assert header(demo_db) == PLAIN
    monkeypatch.delenv("PREPDECK_PASSPHRASE")
    assert contents(demo_db) == before


def test_wrong_or_empty_passphrase_changes_nothing(
    run, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(run, monkeypatch)
    before = digest(demo_db)
    monkeypatch.setenv("PREPDECK_PASSPHRASE", "not it")
    one_line_error(run("note", "add", "Anna", "secret"), "PREPDECK_PASSPHRASE does not open")
    monkeypatch.delenv("PREPDECK_PASSPHRASE")
    one_line_error(run("client", "list", input="not it\n"), "Wrong passphrase")
    one_line_error(run("client", "list", input="\n"), "empty")
    one_line_error(run("client", "list", input=""), "is encrypted", "PREPDECK_PASSPHRASE")
    one_line_error(run("decrypt", input="nope\n"), "Wrong passphrase")
    one_line_error(run("backup", str(demo_db.parent / "b.db"), input="nope\n"), "Wrong")
    assert digest(demo_db) == before
    assert not (demo_db.parent / "b.db").exists()
    listed = run("client", "list", input=f"{PASSPHRASE}\n")  # typed (piped) passphrase
    assert listed.code == 0 and "Anna Kowalski" in listed.out


def test_encrypt_asks_twice_and_refuses_a_mismatch(run, demo_db: Path) -> None:
    before = digest(demo_db)
    one_line_error(run("encrypt", input="one\ntwo\n"), "differ")
    one_line_error(run("encrypt", input="\n\n"), "empty")
    assert digest(demo_db) == before and header(demo_db) == PLAIN
    assert run("encrypt", input="same one\nsame one\n").code == 0
    cipher.forget()
    assert "Anna Kowalski" in run("client", "list", input="same one\n").out


def test_bad_requests_are_one_line(run, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one_line_error(run("decrypt"), "not encrypted")
    one_line_error(run("passphrase"), "not encrypted", "prepdeck encrypt")
    monkeypatch.setenv("PREPDECK_PASSPHRASE", PASSPHRASE)
    one_line_error(run("client", "list"), "not encrypted", "PREPDECK_PASSPHRASE is set")
    encrypt(run, monkeypatch)
    one_line_error(run("encrypt"), "already encrypted")


def test_passphrase_change(run, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    encrypt(run, monkeypatch)
    before = contents(demo_db)
    monkeypatch.setenv("PREPDECK_NEW_PASSPHRASE", "a new one")
    result = run("passphrase")
    assert result.code == 0, result.err
    cipher.forget()
    one_line_error(run("client", "list"), "does not open")
    monkeypatch.setenv("PREPDECK_PASSPHRASE", "a new one")
    assert contents(demo_db) == before


def test_backup_of_a_live_encrypted_database(
    run, demo_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    encrypt(run, monkeypatch)  # PREPDECK_PASSPHRASE stays set
    live = open_unlocked(demo_db)  # an open writer whose last change sits in the WAL
    live.conn.execute("INSERT INTO settings (key, value) VALUES ('live', 'yes')")
    live.conn.commit()
    target = tmp_path / "copies" / "backup.db"
    target.parent.mkdir()
    result = run("backup", str(target))
    live.close()
    assert result.code == 0, result.err
    assert "encrypted" in result.out
    assert header(target) != PLAIN
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert contents(target) == contents(demo_db)
    restored = open_unlocked(target)
    assert restored.get_setting("live") == "yes"
    restored.close()
    one_line_error(run("backup", str(demo_db)), "another file")
    one_line_error(run("backup", str(tmp_path / "missing" / "b.db")), "Cannot write the backup")


def test_backup_of_a_plain_database(run, demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "plain-backup.db"
    assert run("backup", str(target)).code == 0
    assert header(target) == PLAIN
    assert contents(target) == contents(demo_db)


def test_export_says_private_notes_leave_unencrypted(
    run, demo_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    encrypt(run, monkeypatch)  # PREPDECK_PASSPHRASE stays set
    out = tmp_path / "all.json"
    result = run("export", "--include-private", "--out", str(out))
    assert result.code == 0
    assert "private note(s) go to" in result.err and str(out) in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert run("export", "--out", str(out)).err == ""


def test_older_sqlcipher_format_is_explained_then_upgraded(
    run, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dbapi2 = cipher.sqlcipher()
    old = tmp_path / "old.db"
    conn = dbapi2.connect(str(demo_db))
    conn.execute(f"ATTACH DATABASE '{old}' AS old KEY 'old secret'")
    conn.execute("PRAGMA old.cipher_compatibility = 3")
    conn.execute("SELECT sqlcipher_export('old')")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"PRAGMA old.user_version = {version}")
    conn.close()
    check = dbapi2.connect(str(old))
    check.execute("PRAGMA key = 'old secret'")
    with pytest.raises(dbapi2.DatabaseError):  # really the old format: v4 settings fail
        check.execute("SELECT count(*) FROM sqlite_master").fetchone()
    check.close()

    monkeypatch.setenv("PREPDECK_PASSPHRASE", "old secret")
    one_line_error(run("client", "list", db=old), "older format", "prepdeck passphrase")
    monkeypatch.setenv("PREPDECK_NEW_PASSPHRASE", "old secret")
    assert run("passphrase", db=old).code == 0
    cipher.forget()
    assert "Anna Kowalski" in run("client", "list", db=old).out


def test_the_plain_path_never_imports_sqlcipher(demo_db: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from prepdeck.store import Store; "
        f"Store({str(demo_db)!r}).close(); "
        "from prepdeck.cli import cli; "
        "print(any(m.startswith(('sqlcipher3', 'keyring')) for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ
    )
    assert done.stdout.strip() == "False", done.stderr


def test_import_export_and_wal_on_an_encrypted_database(
    run, demo_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    encrypt(run, monkeypatch)  # PREPDECK_PASSPHRASE stays set
    people = tmp_path / "people.csv"
    people.write_text("Name,Company\nZofia Lind,Lind Optics\n", encoding="utf-8")
    imported = run("import", "clients", str(people))
    assert imported.code == 0, imported.err
    exported = json.loads(run("export").out)
    assert "Zofia Lind" in json.dumps(exported)
    store = open_unlocked(demo_db)
    try:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        store.close()
    assert header(demo_db) != PLAIN


def test_without_sqlcipher_installed_one_line(
    run, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # as on a platform with no wheel
    monkeypatch.setenv("PREPDECK_PASSPHRASE", PASSPHRASE)
    one_line_error(run("encrypt"), "sqlcipher3-wheels", "prepdeck[encryption]")
    assert header(demo_db) == PLAIN


def test_a_folder_that_cannot_be_written_is_one_line(
    run, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import prepdeck.store.recrypt as recrypt

    def refuse(path: Path) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(recrypt, "_create_private", refuse)  # root ignores chmod 0500
    monkeypatch.setenv("PREPDECK_PASSPHRASE", PASSPHRASE)
    one_line_error(run("encrypt"), "Cannot write the new copy", "Permission denied")
    assert header(demo_db) == PLAIN
    monkeypatch.delenv("PREPDECK_PASSPHRASE")
    assert "Anna Kowalski" in run("client", "list").out
