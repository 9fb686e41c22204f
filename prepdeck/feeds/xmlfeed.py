"""Well-formed RSS 2.0, RSS 1.0 and Atom 1.0 read with the C XML parser, entries shaped as
feedparser shapes them.

feedparser drives expat through Python callbacks for every element and character run:
on real feeds that is most of a first fetch's CPU (the 300 feeds of
bench/fetch_realworld.py: 4.5 s of 8.5). Most feeds are well-formed documents in one of
three formats, which `xml.etree` reads in C several times faster. This reader takes only
what parse.normalise_entry uses, with feedparser's rules for each (guid as link, the last
alternate link, xml:base, "does this plain text look like HTML"), and returns None for
anything else: a DOCTYPE or entity declaration, a charset the response contradicts, broken
XML, another format. Those go to feedparser as before, so the two never disagree on a
document both read (tests/feeds/test_feeds_xmlfeed.py compares them on the corpora).
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from html import escape
from typing import Any
from urllib.parse import urljoin

from feedparser.datetimes import _parse_date
from feedparser.mixin import _FeedParserMixin

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
MEDIA_DESCRIPTION = "{http://search.yahoo.com/mrss/}description"
XHTML_BODY = "{http://www.w3.org/1999/xhtml}body"
ITUNES_SUMMARY = "{http://www.itunes.com/dtds/podcast-1.0.dtd}summary"
# feedparser keeps the first of these as an entry's summary (a later one becomes content).
RSS_SUMMARIES = {"description", "summary", DC + "description", MEDIA_DESCRIPTION, ITUNES_SUMMARY}
RSS_CONTENTS = {CONTENT + "encoded", XHTML_BODY, "fullitem", "body"}
RDF_SUMMARIES = {RSS1 + "description", DC + "description", MEDIA_DESCRIPTION}
ATOM_SUMMARIES = {ATOM + "summary", MEDIA_DESCRIPTION, ITUNES_SUMMARY}

_DECLARATION = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_URI_FIXER = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)(/*)(.*?)")
_LINK_ENTITY = re.compile(r"&([A-Za-z0-9_]+);")
_C1 = re.compile("[\x80-\x9f]")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = {"text": "text/plain", "html": "text/html", "xhtml": "application/xhtml+xml"}
# feedparser's map of the C1 controls that Windows-1252 text uses for punctuation.
_CP1252 = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def read_xml_feed(body: bytes, content_type: str) -> tuple[str, dict[str, Any], list[Any]] | None:
    """(format, feed fields, entries) for a document this reader is sure of, else None."""
    body = body.lstrip(b" \t\r\n")  # a blank line before "<?xml" is common and harmless
    head = body[:2048]
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in body:
        return None
    encoding = _encoding(head, content_type)
    if encoding is None:
        return None
    try:
        root = ET.fromstring(body)
    except (ET.ParseError, ValueError, LookupError):
        return None
    try:
        if root.tag == "rss":
            return _rss(root, encoding)
        if root.tag == ATOM + "feed":
            return _atom(root, encoding)
        if root.tag == RDF + "RDF" and root.find(RSS1 + "channel") is not None:
            return _rdf(root, encoding)
    except RecursionError:  # markup nested thousands deep inside a text element
        return None
    return None


def _encoding(head: bytes, content_type: str) -> str | None:
    """The document's encoding when the response does not contradict it; else None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head[:4] in (
        b"\0\0\0<",
        b"<\0\0\0",
        b"\0<\0?",
        b"<\0?\0",
    ):
        return None  # UTF-16 and -32: rare in feeds; feedparser's detection handles them
    found = _DECLARATION.match(head.removeprefix(codecs.BOM_UTF8))
    try:
        declared = codecs.lookup(found.group(1).decode()).name if found else "utf-8"
        charset = _CHARSET.search(content_type)
        sent = codecs.lookup(charset.group(1)).name if charset else None
    except LookupError:
        return None
    if sent is not None and sent != declared:
        return None
    return declared


def _join(base: str, uri: str) -> str:
    """feedparser's resolve_uri (its _urljoin), so ids and links come out the same."""
    uri = _URI_FIXER.sub(r"\1\3", uri)
    try:
        return urljoin(base, uri)
    except ValueError:
        return ""


def _base(parent: str, element: ET.Element) -> str:
    own = element.get(XML_BASE)
    return _join(parent, own) if own else parent


def _serialise(element: ET.Element) -> str:
    """Markup inside a text element as feedparser passes it on: local names, text escaped."""
    tag = element.tag.rsplit("}", 1)[-1]
    attrs = "".join(
        f' {name.rsplit("}", 1)[-1]}="{escape(value)}"' for name, value in element.items()
    )
    inner = escape(element.text or "", quote=False) + "".join(
        _serialise(child) + escape(child.tail or "", quote=False) for child in element
    )
    return f"<{tag}{attrs}>{inner}</{tag}>"


def _inner(element: ET.Element, xhtml: bool) -> str:
    if len(element) == 0:
        return escape(element.text or "", quote=False) if xhtml else element.text or ""
    text = escape(element.text or "", quote=False) if xhtml else element.text or ""
    parts = [text]
    for child in element:
        parts.append(_serialise(child))
        tail = child.tail or ""
        parts.append(escape(tail, quote=False) if xhtml else tail)
    return "".join(parts)


def _finish(text: str, encoding: str) -> str:
    """feedparser's last touches on any text: mis-decoded UTF-8 repaired, cp1252 mapped.

    feedparser re-encodes every document to UTF-8 before parsing, so the repair applies
    whatever the declared encoding was (a feed declaring Latin-1 but sending UTF-8)."""
    if not text.isascii():
        try:
            text = text.encode("iso-8859-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    # translate() with a mapping walks every character in Python: only when needed.
    return text.translate(_CP1252) if _C1.search(text) else text


def _kind(element: ET.Element, default: str) -> str:
    """The MIME type of a text construct ("html" is "text/html", and so on)."""
    kind = element.get("type")
    return _TEXT_TYPES.get(kind.lower(), kind.lower()) if kind else default


def _text(
    element: ET.Element | None, encoding: str, *, default: str, atom: bool
) -> tuple[str, str] | None:
    """(value, MIME type) of a text construct; None when the element is absent."""
    if element is None:
        return None
    kind = _kind(element, default)
    xhtml = kind == "application/xhtml+xml" and atom
    value = _inner(element, xhtml).strip()
    if xhtml and value.startswith("<div") and value.endswith("</div>"):
        div = next(iter(element), None)
        if div is not None and len(element) == 1 and not (element.text or "").strip():
            value = _inner(div, True).strip()
    if not atom and kind == "text/plain" and _FeedParserMixin.looks_like_html(value):
        kind = "text/html"
    return _finish(value, encoding), kind


def _set_text(entry: dict[str, Any], key: str, found: tuple[str, str] | None) -> None:
    if found is not None:
        entry[key], entry[f"{key}_detail"] = found[0], {"type": found[1]}


def _link_text(value: str, base: str) -> str:
    value = _LINK_ENTITY.sub(r"&\1", value.strip().replace("&amp;", "&"))
    return _join(base, value) if value else value


def _alternate(element: ET.Element, base: str, atom: str = ATOM) -> str | None:
    """The last rel=alternate HTML link's href, as feedparser keeps it."""
    found = None
    for link in element.findall(atom + "link"):
        href = link.get("href")
        rel = link.get("rel", "alternate")
        kind = link.get("type", "application/atom+xml" if rel == "self" else "text/html")
        if href is not None and rel == "alternate" and kind.lower() in _HTML_TYPES:
            found = _join(_base(base, link), href.strip())
    return found


def _date(element: ET.Element, names: tuple[str, ...]) -> Any:
    for name in names:
        found = _last(element, name)
        text = (found.text or "").strip() if found is not None else ""
        if text:
            return _parse_date(text)
    return None


def _first(element: ET.Element, names: set[str]) -> ET.Element | None:
    """The first of these elements in document order, at any depth (media:group nests)."""
    return next((found for found in element.iter() if found.tag in names), None)


def _summary_and_content(
    entry: dict[str, Any],
    item: ET.Element,
    summaries: set[str],
    contents: set[str],
    encoding: str,
) -> None:
    """feedparser's rule: the first summary-like element is the summary, later ones and
    content elements are content, and content stands in for a missing summary (with no
    type, which prepdeck reads as HTML)."""
    found = [element for element in item.iter() if element.tag in summaries | contents]
    first = next((element for element in found if element.tag in summaries), None)
    _set_text(entry, "summary", _text(first, encoding, default="text/html", atom=False))
    if entry.get("summary"):
        return  # prepdeck reads content only for want of a summary: often a whole article
    content = []
    for element in found:
        if element is not first:
            value, kind = _text(element, encoding, default="text/html", atom=False) or ("", "")
            content.append({"value": value, "type": kind})
    if content:
        entry["content"] = content
        if first is None:
            entry["summary"] = content[0]["value"]


def _last(element: ET.Element, name: str) -> ET.Element | None:
    found = element.findall(name)
    return found[-1] if found else None


def _rss_texts(
    item: ET.Element, namespace: str, summaries: set[str], encoding: str
) -> dict[str, Any]:
    """An RSS 2.0 or 1.0 item's title (or dc:title), summary and content."""
    entry: dict[str, Any] = {}
    title = item.find(namespace + "title")
    if title is None:
        title = item.find(DC + "title")
    _set_text(entry, "title", _text(title, encoding, default="text/plain", atom=False))
    _summary_and_content(entry, item, summaries, RSS_CONTENTS, encoding)
    return entry


def _rss_item(item: ET.Element, encoding: str, base: str) -> dict[str, Any]:
    base = _base(base, item)
    entry = _rss_texts(item, "", RSS_SUMMARIES, encoding)
    link = _last(item, "link")
    if link is not None and link.text and link.text.strip():
        entry["link"] = _finish(_link_text(link.text, base), encoding)
    elif (alternate := _alternate(item, base) or _alternate(item, base, "")) is not None:
        entry["link"] = alternate
    guid = _last(item, "guid")
    if guid is None:
        guid = _last(item, "id")
    if guid is not None and guid.text and guid.text.strip():
        permalink = guid.get("isPermaLink", guid.get("ispermalink", "true")) == "true"
        value = _finish(guid.text.strip(), encoding)
        entry["id"] = _join(base, value) if permalink else value
        if permalink and "link" not in entry:
            entry["link"] = entry["id"]
    entry["published_parsed"] = _date(item, ("pubDate", DCTERMS + "issued", ATOM + "published"))
    entry["updated_parsed"] = _date(
        item, (DC + "date", DCTERMS + "modified", ATOM + "updated", "updated")
    )
    return entry


def _rss(root: ET.Element, encoding: str) -> tuple[str, dict[str, Any], list[Any]] | None:
    version = (root.get("version") or "").strip()
    channel = root.find("channel")
    if channel is None or not version.startswith("2"):
        return None  # RSS 0.9x has quirks of its own (and its DOCTYPE stops us first)
    base = _base(_base("", root), channel)
    feed: dict[str, Any] = {}
    _set_text(
        feed, "title", _text(channel.find("title"), encoding, default="text/plain", atom=False)
    )
    link = channel.find("link")
    if link is not None and link.text:
        feed["link"] = _link_text(link.text, base)
    items = channel.findall("item") + root.findall("item")
    if not items:
        return None  # nothing to lose by letting feedparser look harder
    return "rss20", feed, [_rss_item(item, encoding, base) for item in items]


def _rdf(root: ET.Element, encoding: str) -> tuple[str, dict[str, Any], list[Any]] | None:
    channel = root.find(RSS1 + "channel")
    assert channel is not None
    base = _base("", root)
    feed: dict[str, Any] = {}
    _set_text(
        feed,
        "title",
        _text(channel.find(RSS1 + "title"), encoding, default="text/plain", atom=False),
    )
    link = channel.find(RSS1 + "link")
    if link is not None and link.text:
        feed["link"] = _link_text(link.text, base)
    entries = []
    for item in root.findall(RSS1 + "item"):
        entry = _rss_texts(item, RSS1, RDF_SUMMARIES, encoding)
        link = item.find(RSS1 + "link")
        if link is not None and link.text and link.text.strip():
            entry["link"] = _finish(_link_text(link.text, base), encoding)
        about = item.get(RDF + "about")
        if about:
            entry["id"] = about
        entry["published_parsed"] = _date(item, (DCTERMS + "issued",))
        entry["updated_parsed"] = _date(item, (DC + "date", DCTERMS + "modified"))
        entries.append(entry)
    return ("rss10", feed, entries) if entries else None


def _atom(root: ET.Element, encoding: str) -> tuple[str, dict[str, Any], list[Any]] | None:
    base = _base("", root)
    feed: dict[str, Any] = {}
    _set_text(
        feed, "title", _text(root.find(ATOM + "title"), encoding, default="text/plain", atom=True)
    )
    ident = root.find(ATOM + "id")
    link = _alternate(root, base) or (
        ident.text.strip() if ident is not None and ident.text else None
    )
    if link:
        feed["link"] = link
    entries = []
    for element in root.findall(ATOM + "entry"):
        entry_base = _base(base, element)
        entry: dict[str, Any] = {}
        for key in ("title", "summary"):
            found = (
                _last(element, ATOM + key) if key == "title" else _first(element, ATOM_SUMMARIES)
            )
            if found is not None and found.get("mode"):
                return None  # Atom 0.3's base64 and escaped modes: feedparser decodes them
            parsed = _text(found, encoding, default="text/plain", atom=True)
            if parsed is not None and parsed[1] not in ("text/plain", *_HTML_TYPES):
                return None  # base64 and other media types: feedparser decodes them
            _set_text(entry, key, parsed)
        found_all = element.findall(ATOM + "content")
        if any(
            _kind(content, "text/plain") not in ("text/plain", *_HTML_TYPES)
            for content in found_all
        ):
            return None
        contents = []
        for content in found_all if not entry.get("summary") else ():  # as for RSS above
            parsed = _text(content, encoding, default="text/plain", atom=True) or ("", "")
            contents.append({"value": parsed[0], "type": parsed[1]})
        if contents:
            entry["content"] = contents
            if "summary" not in entry:
                entry["summary"] = contents[0]["value"]
        entry["links"] = [
            {"rel": link.get("rel", "alternate"), "href": _join(entry_base, link.get("href", ""))}
            for link in element.findall(ATOM + "link")
            if link.get("href") is not None
        ]
        ident = _last(element, ATOM + "id")
        if ident is not None and ident.text and ident.text.strip():
            entry["id"] = entry["link"] = _join(entry_base, _finish(ident.text.strip(), encoding))
        alternate = _alternate(element, entry_base)
        if alternate is not None:
            entry["link"] = alternate
        entry["published_parsed"] = _date(element, (ATOM + "published",))
        entry["updated_parsed"] = _date(element, (ATOM + "updated",))
        entries.append(entry)
    return ("atom10", feed, entries) if entries else None
