"""Small text helpers every export shares: one-line user text and which links are safe."""

from __future__ import annotations

import re


def one_line(text: str) -> str:
    """User text on one line: runs of whitespace (newlines too) become one space."""
    return " ".join(str(text).split())


def safe_url(url: str | None) -> str | None:
    """Only plain http(s) URLs become links."""
    if not url:
        return None
    url = url.strip()
    if not re.match(r"^https?://", url, re.I) or re.search(r"[\s<>]", url):
        return None
    return url
