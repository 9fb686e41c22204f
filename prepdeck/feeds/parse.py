"""Turn fetched feed bytes into clean, identified entries (feedparser, then normalisation)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from prepdeck.feeds.sanitize import clean_line, clean_text
from prepdeck.feeds.xmlfeed import read_xml_feed
from prepdeck.wording import one_line, safe_link

SUMMARY_CHARS = 4000
# A summary is cut to SUMMARY_CHARS of text: cleaning more than this much of the source
# (full articles of 100 KB and more are common) is work thrown away.
SUMMARY_SOURCE_CHARS = SUMMARY_CHARS * 5
_OPEN_TAG_AT_END = re.compile(r"<[^>]*$")
TITLE_CHARS = 500
GUID_CHARS = 1000


class FeedError(Exception):
    """A feed that could not be used; the message is one sentence for the user."""


@dataclass
class Entry:
    """One article as the store wants it: sanitised text, UTC-naive ISO date or None."""

    guid: str
    title: str
    link: str | None
    summary: str
    published: str | None


@dataclass
class ParsedFeed:
    """What a feed document held: its title, entries, and a note if it was ill-formed."""

    title: str
    link: str | None
    entries: list[Entry] = field(default_factory=list)
    note: str | None = None
    duplicates: int = 0


def _looks_like_html(body: bytes, content_type: str) -> bool:
    if "html" in content_type and "xhtml" not in content_type:
        return True
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<!doctype html") or head.startswith(b"<html")


def _iso(struct: time.struct_time | None) -> str | None:
    """feedparser's UTC struct_time -> 'YYYY-MM-DD HH:MM:SS', or None if absurd."""
    if not struct:
        return None
    try:
        if not 1970 <= struct[0] <= 2200:
            return None
        return time.strftime("%Y-%m-%d %H:%M:%S", struct)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _get(mapping: Any, key: str) -> Any:
    """mapping[key] or None, bypassing FeedParserDict's alias lookup (its keys are real ones
    here, and the plain dict lookup is several times faster across thousands of entries)."""
    return dict.get(mapping, key) if isinstance(mapping, dict) else None


def _text(detail_of: Any, key: str) -> tuple[str, bool]:
    """A text field and whether it is HTML (only when the feed says so)."""
    value = _get(detail_of, key)
    if not value:
        return "", False
    detail = _get(detail_of, f"{key}_detail")
    kind = _get(detail, "type") if detail else None
    return str(value), "plain" not in str(kind or "text/html")


def _title(detail_of: Any) -> str:
    value, is_html = _text(detail_of, "title")
    return clean_line(value, html_input=is_html, max_chars=TITLE_CHARS)


def _summary(entry: Any) -> str:
    value, is_html = _text(entry, "summary")
    if not value:
        for content in _get(entry, "content") or ():
            if _get(content, "value"):
                value = str(content["value"])
                is_html = "plain" not in str(_get(content, "type") or "text/html")
                break
    if len(value) > SUMMARY_SOURCE_CHARS:
        value = value[:SUMMARY_SOURCE_CHARS]
        if is_html:
            value = _OPEN_TAG_AT_END.sub("", value)
    return clean_text(value, html_input=is_html, max_chars=SUMMARY_CHARS)


def _absolute(link: Any, base: str) -> str | None:
    if not link:
        return None
    link = str(link).strip()
    if not base or link.startswith(("http://", "https://")):
        return safe_link(link)
    try:
        return safe_link(urljoin(base, link))
    except ValueError:
        return None


def _link(entry: Any, base: str) -> str | None:
    link = _absolute(_get(entry, "link"), base)
    if link:
        return link
    for candidate in _get(entry, "links") or ():
        if _get(candidate, "rel") in (None, "alternate"):
            link = _absolute(_get(candidate, "href"), base)
            if link:
                return link
    return None


def normalise_entry(entry: Any, base: str = "") -> Entry:
    """One feedparser entry -> Entry with a stable identity.

    Identity is the feed's guid, else its link, else a hash of title and summary,
    so an entry re-published unchanged is recognised rather than stored twice.
    """
    title = _title(entry)
    summary = _summary(entry)
    link = _link(entry, base)
    guid = str(_get(entry, "id") or "").strip()
    if not guid:
        guid = str(_get(entry, "link") or "").strip()
    if not guid:
        digest = hashlib.sha1(f"{title}\n{summary}".encode()).hexdigest()
        guid = f"sha1:{digest}"
    guid = strip_guid(guid)
    published = _iso(_get(entry, "published_parsed")) or _iso(_get(entry, "updated_parsed"))
    if not title:
        title = clean_line(summary, html_input=False, max_chars=80) or (link or "(untitled)")
    return Entry(guid=guid, title=title, link=link, summary=summary, published=published)


def strip_guid(guid: str) -> str:
    """Guids are identity, not display; still, keep them printable and bounded."""
    if not guid.isprintable():
        guid = "".join(ch for ch in guid if ch.isprintable())
    if len(guid) > GUID_CHARS:
        guid = "sha1:" + hashlib.sha1(guid.encode()).hexdigest()
    return guid or "sha1:" + hashlib.sha1(b"").hexdigest()


def _json_time(value: Any) -> time.struct_time | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.utctimetuple()


def _json_entry(item: dict[str, Any]) -> dict[str, Any]:
    """A JSON Feed item shaped like a feedparser entry, so one normalisation serves both."""
    html = item.get("content_html")
    text = item.get("summary") or item.get("content_text")
    summary, kind = (html, "text/html") if isinstance(html, str) and html else (text, "text/plain")
    return {
        "id": str(item.get("id") or ""),
        "link": item.get("url") or item.get("external_url"),
        "title": str(item.get("title") or ""),
        "title_detail": {"type": "text/plain"},
        "summary": str(summary or ""),
        "summary_detail": {"type": kind},
        "published_parsed": _json_time(item.get("date_published")),
        "updated_parsed": _json_time(item.get("date_modified")),
    }


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed | None:
    """A JSON Feed (jsonfeed.org), which feedparser 6.0 does not read; None if not one."""
    if not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return None
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        raise FeedError("not a feed: the response is not valid JSON") from None
    if not isinstance(document, dict) or "jsonfeed.org" not in str(document.get("version", "")):
        raise FeedError("not a feed: the JSON is not a JSON Feed")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError("the JSON Feed has no items list")
    base = url if urlsplit(url).scheme in ("http", "https") else ""
    meta = {"title": str(document.get("title") or ""), "title_detail": {"type": "text/plain"}}
    result = ParsedFeed(title=_title(meta), link=_absolute(document.get("home_page_url"), base))
    entries = [_json_entry(item) for item in items if isinstance(item, dict)]
    _add_entries(result, entries, base)
    return result


def _add_entries(result: ParsedFeed, entries: list[Any], base: str) -> None:
    """Normalise entries into result, dropping repeats of a guid within the document."""
    seen: set[str] = set()
    for raw in entries:
        try:
            entry = normalise_entry(raw, base)
        except Exception:  # one odd entry must not sink the feed
            continue
        if entry.guid in seen:
            result.duplicates += 1
            continue
        seen.add(entry.guid)
        result.entries.append(entry)


def parse_feed(body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
    """Parse a feed document fetched from `url` with its response headers.

    Raises FeedError with one sentence when the bytes are not a usable feed:
    empty, an HTML page, or XML so broken that no entry could be read. A feed
    that is ill-formed but still yielded entries is kept, with a note.
    """
    if not body.strip():
        raise FeedError("the server sent an empty response")
    json_feed = _parse_json_feed(body, url)
    if json_feed is not None:
        return json_feed
    lowered = {k.lower(): v for k, v in headers.items()}
    content_type = lowered.get("content-type", "").lower()
    # No content-location: feedparser would resolve guids against it, and a guid
    # must not change when the feed moves. Links are made absolute here instead.
    lowered.pop("content-location", None)
    fast = read_xml_feed(body, content_type)
    if fast is not None:
        _format, meta, entries = fast
        base = url if urlsplit(url).scheme in ("http", "https") else ""
        result = ParsedFeed(title=_title(meta), link=_absolute(meta.get("link"), base))
        _add_entries(result, entries, base)
        return result
    try:
        parsed = feedparser.parse(
            io.BytesIO(body),
            response_headers=lowered,
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except Exception as exc:  # feedparser should never raise, but the input is hostile
        raise FeedError(f"the feed could not be parsed ({type(exc).__name__})") from None
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not entries and not version:
        if _looks_like_html(body, content_type):
            raise FeedError("not a feed: the server sent an HTML page")
        if parsed.get("bozo"):
            raise FeedError(f"not a readable feed: {_bozo_reason(parsed)}")
        raise FeedError("not a feed: no RSS, Atom or JSON Feed found in the response")
    if not entries and parsed.get("bozo"):
        raise FeedError(f"the feed is broken and no articles could be read: {_bozo_reason(parsed)}")
    meta = parsed.get("feed") or {}
    base = url if urlsplit(url).scheme in ("http", "https") else ""
    result = ParsedFeed(title=_title(meta), link=_absolute(meta.get("link"), base))
    if parsed.get("bozo") and type(parsed.get("bozo_exception")).__name__ != "NonXMLContentType":
        result.note = f"ill-formed feed, read anyway: {_bozo_reason(parsed)}"
    _add_entries(result, entries, base)
    return result


def _bozo_reason(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    if exc is None:
        return "malformed XML"
    text = one_line(str(exc))
    name = type(exc).__name__
    if name == "CharacterEncodingOverride":
        return "the declared character encoding was wrong"
    if name == "NonXMLContentType":
        return "the server did not label it as XML"
    if "SAX" in name or "Parse" in name or "Expat" in name:
        return f"malformed XML ({text.rstrip('.')})" if text else "malformed XML"
    return text.rstrip(".") or name
