"""Make untrusted feed text safe to show: plain text from HTML, no terminal escapes."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from prepdeck.untrusted import clean_chars
from prepdeck.wording import one_line

_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")

# Tags that start a new line of text, and tags whose content is never shown.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table tr ul".split()
)
_HIDDEN_TAGS = frozenset("script style head title noscript template iframe".split())


class _TextParser(HTMLParser):
    """The visible text of an HTML fragment, as a browser would lay out its words.

    A real parser rather than regular expressions: a quoted attribute may hold ">"
    (title="a > b"), which a tag pattern takes for the tag's end, leaking the rest of
    the attribute into the text.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "img" and not self.hidden:
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f" {alt} ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HIDDEN_TAGS:  # <script/> opens nothing
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment, entities decoded, paragraphs kept as lines."""
    if "<" not in fragment:
        return html.unescape(fragment) if "&" in fragment else fragment
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def strip_controls(text: str) -> str:
    """The shared character rule (prepdeck.untrusted), with tabs as spaces."""
    return clean_chars(text.replace("\t", " "), multiline=True)


def clean_text(text: str | None, *, html_input: bool = True, max_chars: int | None = None) -> str:
    """Plain, single-spaced text safe to print in a terminal or render in Rich/Textual.

    Feed text is untrusted: it may carry HTML, or escape sequences that drive the
    terminal; both are removed here, at ingestion. Text in square brackets ("[sic]",
    "[pdf]", "[bold]") stays as written: every screen renders stored text as plain
    Content, never as markup, so there is nothing to strip.

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
    cleaned = one_line(cleaned)
    if max_chars is not None and len(cleaned) > max_chars:
        cleaned = (cleaned[:max_chars].rsplit(" ", 1)[0] or cleaned[:max_chars]) + "…"
    return cleaned
