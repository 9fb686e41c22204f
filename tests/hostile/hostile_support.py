"""Helpers for the hostile suite: a database scan, a pseudo-terminal run, a feed server."""

from __future__ import annotations

import json
import os
import pty
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from hostile_catalogue import unsafe_characters  # type: ignore[import-not-found]

from prepdeck.store.base import MULTILINE_COLUMNS


def stored_text(path: Path) -> Iterator[tuple[str, str, str]]:
    """(table, column, value) for every text value of the database's own tables."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if "_fts" not in name and name not in ("settings", "sqlite_sequence")
        ]
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            for row in cursor:
                for column, value in zip(names, row, strict=True):
                    if isinstance(value, str):
                        yield table, column, value
    finally:
        conn.close()


def dirty_values(path: Path) -> list[tuple[str, str, str]]:
    """Stored values that break the rule: unsafe characters, or a line break in one line."""
    found = []
    for table, column, value in stored_text(path):
        one_line = column not in MULTILINE_COLUMNS.get(table, ())
        if unsafe_characters(value) or (one_line and ("\n" in value or "\t" in value)):
            found.append((table, column, value[:80]))
    return found


# Runs several CLI commands in one process (one start-up) with stdout and stderr on a pty.
_RUNNER = """
import json, sys
from prepdeck.cli import cli
for args in json.loads(sys.argv[1]):
    print("=== " + " ".join(args[:2]), flush=True)
    try:
        cli.main(args, prog_name="prepdeck")
    except SystemExit:
        pass
    sys.stdout.flush(); sys.stderr.flush()
"""


def run_on_pty(commands: list[list[str]], cwd: Path) -> str:
    """What the commands write to a real terminal (stdout and stderr), decoded."""
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", _RUNNER, json.dumps(commands)],
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=child,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200", "TERM": "xterm"},
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed its side
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    output = b"".join(chunks).decode("utf-8", "replace")
    assert process.wait(timeout=60) == 0, output[-3000:]
    return output


@contextmanager
def serve(routes: dict[str, tuple[str, bytes]]) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering path -> (content type, body); yields its base."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            kind, body = routes.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in routes else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def store_raw(path: Path, text: str) -> None:
    """What an older release left: escapes written straight into every text column."""
    conn = sqlite3.connect(path)
    for table, columns in {
        # (email is left out: a bad address in `share export` is #10 section 3, not this)
        "clients": ("name", "company", "agreed", "address_as", "keywords"),
        "contacts": ("name", "role"),
        "notes": ("text",),
        "promises": ("text",),
        "interactions": ("text",),
        "feeds": ("title",),
        "articles": ("title", "summary"),
        "shares": ("title", "note"),
    }.items():
        for column in columns:
            conn.execute(f"UPDATE {table} SET {column} = {column} || ?", [text])
    conn.commit()
    conn.close()
