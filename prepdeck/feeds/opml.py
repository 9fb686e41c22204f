"""OPML import and export of feeds, with their tags (folders and `category` attributes)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from prepdeck.errors import PrepdeckError
from prepdeck.models import Feed

MAX_OPML_BYTES = 20 * 1024 * 1024


@dataclass
class OpmlFeed:
    """One feed found in an OPML file."""

    url: str
    title: str | None = None
    tags: list[str] = field(default_factory=list)


def _tags_from_category(value: str | None) -> list[str]:
    """`category="a,b"` or `"/Folder/Sub"` (OPML 2.0) -> tags."""
    tags: list[str] = []
    for part in (value or "").split(","):
        for piece in part.strip().strip("/").split("/"):
            piece = piece.strip()
            if piece and piece not in tags:
                tags.append(piece)
    return tags


def parse_opml(data: bytes, name: str = "the file") -> list[OpmlFeed]:
    """Every outline with an xmlUrl; enclosing folder outlines become tags.

    Raises PrepdeckError with one sentence when the file is not OPML.
    """
    if len(data) > MAX_OPML_BYTES:
        raise PrepdeckError(f"{name} is too large to be an OPML feed list.")
    try:
        # defusedxml refuses a DTD, entities and external references in any encoding
        # (XML bombs and file reads); a feed list never needs them.
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise PrepdeckError(
            f"{name} declares XML entities or a DTD; prepdeck does not read those."
        ) from None
    except ET.ParseError as exc:
        raise PrepdeckError(f"{name} is not valid OPML ({exc}).") from None
    if root.tag.lower() != "opml":
        raise PrepdeckError(f"{name} is not an OPML file (its root element is <{root.tag}>).")
    body = root.find("body")
    if body is None:
        raise PrepdeckError(f"{name} is not an OPML file (it has no <body>).")
    found: list[OpmlFeed] = []
    seen: set[str] = set()

    def walk(outline: ET.Element, folders: list[str]) -> None:
        attrs = {k.lower(): v for k, v in outline.attrib.items()}
        url = (attrs.get("xmlurl") or "").strip()
        label = (attrs.get("title") or attrs.get("text") or "").strip()
        if url:
            tags = [*folders]
            for tag in _tags_from_category(attrs.get("category")):
                if tag not in tags:
                    tags.append(tag)
            if url not in seen:
                seen.add(url)
                title = label if label and label != url else None
                found.append(OpmlFeed(url=url, title=title, tags=tags))
            return
        inner = [*folders, label] if label else folders
        for child in outline.findall("outline"):
            walk(child, inner)

    for outline in body.findall("outline"):
        walk(outline, [])
    return found


def build_opml(feeds: Iterable[Feed], title: str = "prepdeck feeds") -> str:
    """An OPML 2.0 document listing the feeds, tags in the `category` attribute."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC), usegmt=True)
    body = ET.SubElement(root, "body")
    for feed in feeds:
        attrs = {"type": "rss", "text": feed.title or feed.url, "xmlUrl": feed.url}
        if feed.title:
            attrs["title"] = feed.title
        if feed.tags:
            attrs["category"] = ",".join(feed.tags)
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
