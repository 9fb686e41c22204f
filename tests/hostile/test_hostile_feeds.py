"""Feed URLs from a user or an OPML file: bad ones refused in one line, local files only by hand."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

BAD_URLS = [
    "http://exa mple.com/feed",
    "http://example.com/feed\x1b]0;x\x07",
    "http://example.com/\x85feed",
    "http://example.com:99999/feed",
    "http://[::1/feed",
    "http://[zz]/feed",
    "http://[v1.x]/feed",
]


def feed_urls(db_path: Path) -> list[str]:
    if not db_path.exists():
        return []
    conn = sqlite3.connect(db_path)
    try:
        return [u for (u,) in conn.execute("SELECT url FROM feeds ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.parametrize("url", BAD_URLS)
def test_feed_add_refuses_a_bad_url_in_one_line(run, db_path: Path, url: str) -> None:  # type: ignore[no-untyped-def]
    result = run("feed", "add", url)
    assert result.code != 0
    assert result.err.startswith("prepdeck: ") and result.err.count("\n") == 1, result.err
    assert "valid feed URL" in result.err


def test_feed_add_path_still_adds_a_local_file(run, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    local = tmp_path / "news.xml"
    local.write_text("<rss/>", encoding="utf-8")
    assert run("feed", "add", str(local)).code == 0
    assert feed_urls(db_path) == [local.resolve().as_uri()]


def test_opml_import_skips_local_files_and_bad_urls_and_imports_the_rest(  # type: ignore[no-untyped-def]
    run, db_path: Path, tmp_path: Path
) -> None:
    bad = [
        "file:///etc/shadow",
        "/etc/passwd",
        "../secrets.xml",
        "http://[::1/feed",
        "http://exa mple.com/feed",
        "http://example.com:70000/feed",
    ]
    good = ["https://good.example/rss", "http://[::1]:8080/feed"]
    outlines = "".join(f'<outline text="t" xmlUrl="{u}"/>' for u in [good[0], *bad, good[1]])
    opml = tmp_path / "feeds.opml"
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>', encoding="utf-8")
    result = run("feed", "import", str(opml))
    assert result.code == 0, result.err
    assert feed_urls(db_path) == good
    skipped = result.err.splitlines()
    assert len(skipped) == len(bad) and all(line.startswith("Skipped: ") for line in skipped)
    assert "Traceback" not in result.err
    assert "Imported 2 feeds" in result.out


def test_opml_entities_are_refused_in_any_encoding(run, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        '<opml version="2.0"><body><outline text="&b;" xmlUrl="https://x.example/f"/>'
        "</body></opml>"
    )
    opml = tmp_path / "utf16.opml"
    opml.write_bytes(document.encode("utf-16"))
    result = run("feed", "import", str(opml))
    assert result.code != 0 and "declares XML entities" in result.err
    assert feed_urls(db_path) == []
