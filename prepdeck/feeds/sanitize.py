"""Make untrusted feed text safe to show: plain text, no markup, no terminal escapes."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

# ESC-introduced sequences: CSI (ESC [ ... final), OSC / DCS / APC / PM / SOS strings
# (ESC ] ... terminated by BEL or ST), and two-character escapes (ESC + one byte).
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?            # CSI, possibly truncated
    | \x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?   # OSC, DCS, SOS, PM, APC strings
    | \x9b[0-?]*[ -/]*[@-~]?            # 8-bit CSI
    | [\x90\x9d\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?  # 8-bit string starts
    | \x1b[ -~]?                        # any other escape
    """,
    re.VERBOSE,
)
# Remaining C0/C1 controls (tab and newline handled separately), DEL, and the
# bidirectional overrides/isolates that can make text display differently from
# what it says.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Anything Rich or Textual would take as a markup tag: styles ([bold red], [/]),
# links ([link=...]), actions ([@click=...]), variables ([$accent]), colours
# ([#ff0000]) and any key=value tag. Capitalised words in brackets ("[Video]")
# stay, since Rich does not read them as tags and they carry meaning.
_MARKUP = re.compile(r"\[(?:[a-z#/@$]|[^\[\]\n]*=)[^\[\]\n]*\]")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table tr ul".split()
)
_SKIP_TAGS = frozenset(("script", "style", "head", "title", "noscript", "template", "iframe"))


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML fragment; drops scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and not self.skipping:
                self.parts.append(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment, entities decoded, paragraphs kept as lines."""
    if "<" not in fragment and "&" not in fragment:
        return fragment
    parser = _TextExtractor()
    try:
        parser.feed(fragment)
        parser.close()
    except Exception:  # HTMLParser is lenient, but feed text is hostile: never fail
        return html.unescape(re.sub(r"<[^>]*>", " ", fragment))
    return "".join(parser.parts)


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters (keeps newlines)."""
    text = text.replace("\t", " ")
    if not _CONTROLS.search(text):  # the common case: one scan, nothing to do
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def strip_markup(text: str) -> str:
    """Remove Rich/Textual markup tags, repeatedly, so none can be re-formed."""
    if "[" not in text:
        return text
    while True:
        stripped = _MARKUP.sub("", text)
        if stripped == text:
            return text
        text = stripped


def clean_text(text: str | None, *, html_input: bool = True, max_chars: int | None = None) -> str:
    """Plain, single-spaced text safe to print in a terminal or render in Rich/Textual.

    Feed text is untrusted: it may carry HTML, markup tags that Rich or Textual
    would interpret (styles, links, click actions), or escape sequences that
    drive the terminal. This is the one place all of that is removed, at ingestion.

    Args:
        text: the raw text (None gives "").
        html_input: treat the text as HTML (decode entities, drop tags); pass False
            for text feedparser already decoded, so "&lt;" written as text stays "<".
        max_chars: cut the result to this length on a word boundary, with "…".
    """
    if not text:
        return ""
    if html_input:
        text = html_to_text(text)
    text = strip_controls(text)
    text = strip_markup(text)
    if "\n" in text or "\r" in text:
        lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
        text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    else:
        text = _SPACES.sub(" ", text).strip()
    # A single-line field (a title) must not span lines.
    if max_chars is not None and len(text) > max_chars:
        cut = text[:max_chars].rsplit(" ", 1)[0] or text[:max_chars]
        text = cut.rstrip() + "…"
    return text


def one_line(text: str | None, *, html_input: bool = True, max_chars: int | None = 500) -> str:
    """clean_text for titles: everything on one line."""
    cleaned = clean_text(text, html_input=html_input)
    cleaned = " ".join(cleaned.split())
    if max_chars is not None and len(cleaned) > max_chars:
        cleaned = (cleaned[:max_chars].rsplit(" ", 1)[0] or cleaned[:max_chars]) + "…"
    return cleaned


def safe_link(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link with a host, else None.

    Links are opened by a browser or printed in drafts: javascript:, data:,
    file: and relative links from a feed are never kept.
    """
    if not url:
        return None
    url = url.strip()
    if strip_controls(url) != url or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url
