"""Make untrusted feed text safe to show: plain text, no markup, no terminal escapes."""

from __future__ import annotations

import html
import re
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

_BLOCK_TAGS = (
    "address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|"
    "header|hr|li|main|nav|ol|p|pre|section|table|tr|ul"
)
# Regular expressions rather than html.parser: summaries are converted by the
# thousand during a fetch, the output is plain text that is sanitised further
# below, and these patterns are several times faster.
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_HIDDEN = re.compile(
    r"<(script|style|head|title|noscript|template|iframe)\b[^>]*>.*?(?:</\1\s*>|$)",
    re.S | re.I,
)
_IMG_ALT = re.compile(r"""<img\b[^>]*?\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>""", re.I)
_BLOCK = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^>]*>", re.I)
_TAG = re.compile(r"<[a-zA-Z/!?][^>]*>")


def _alt(match: re.Match[str]) -> str:
    return f" {match.group(1) or match.group(2) or match.group(3) or ''} "


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment, entities decoded, paragraphs kept as lines."""
    if "<" not in fragment and "&" not in fragment:
        return fragment
    if "<" in fragment:
        fragment = _COMMENT.sub("", fragment)
        fragment = _HIDDEN.sub("", fragment)
        fragment = _IMG_ALT.sub(_alt, fragment)
        fragment = _BLOCK.sub("\n", fragment)
        fragment = _TAG.sub("", fragment)
    return html.unescape(fragment)


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


def clean_line(text: str | None, *, html_input: bool = True, max_chars: int | None = 500) -> str:
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
