"""The one character rule for untrusted text: what may be stored, and what may reach a terminal.

Anything a user typed or imported, and anything a feed sent, may carry terminal escape
sequences (OSC 0 retitles the window, OSC 52 writes the clipboard, CSI 2J blanks the
screen), their 8-bit C1 forms, NUL, or bidirectional overrides that make text display
as something other than what it says. The store applies `clean_chars` to every text it
writes (by its column: one line or several) and `clean_read` to every row it reads, and
the CLI applies `for_terminal` to everything it prints, so a database written by an
older release reaches no screen or terminal raw either.
"""

from __future__ import annotations

import re
from typing import Any

# ESC-introduced sequences: CSI (ESC [ ... final), OSC / DCS / APC / PM / SOS strings
# (ESC ] ... terminated by BEL or ST), and two-character escapes (ESC + one byte); and
# their 8-bit forms. Removed whole, so no "]0;title" is left behind. This and _BREAKS are
# compiled by `re` on first use: only text that holds an unsafe character needs them.
_ESCAPES = r"""(?x)
    \x1b\[[0-?]*[ -/]*[@-~]?            # CSI, possibly truncated
    | \x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?   # OSC, DCS, SOS, PM, APC strings
    | \x9b[0-?]*[ -/]*[@-~]?            # 8-bit CSI
    | [\x90\x9d\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?  # 8-bit string starts
    | \x1b[ -~]?                        # any other escape
    """
# Every character the rule touches: C0 controls but tab and newline, DEL, C1, the bidi
# embeddings, overrides and isolates (U+202A-202E, U+2066-2069), and the Unicode line
# and paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# Line breaks other than "\n": kept as line breaks where a field has several lines.
_BREAKS = "\r\n?|[\x0b\x0c\x85\u2028\u2029]"
# What json.dumps leaves raw that the rule removes: DEL, C1, bidi, line separators.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_ONE_LINE = re.compile(r"[ \t]*[\t\n][ \t\n]*")


def clean_chars(text: str, *, multiline: bool = False) -> str:
    """Text without escape sequences, controls or bidi overrides.

    A multi-line field (a note, a summary) keeps its newlines and tabs, with every line
    break written as "\\n"; a single-line field (a name, an email, a title) has each run
    of line breaks and tabs turned into one space.
    """
    if _UNSAFE.search(text):
        text = re.sub(_BREAKS, "\n", re.sub(_ESCAPES, "", text))
        text = _UNSAFE.sub("", text)
    if not multiline and ("\n" in text or "\t" in text):
        text = _ONE_LINE.sub(" ", text)
    return text


def already_clean(texts: list[str]) -> bool:
    """Whether clean_chars would leave every one of these texts as it is, in one scan:
    nothing the rule removes, and no tab or line break for a one-line field to fold."""
    joined = " ".join(texts)
    return "\n" not in joined and "\t" not in joined and not _UNSAFE.search(joined)


def clean_read(row: dict[str, Any]) -> dict[str, Any]:
    """A row read back, its text held to the rule (a database older than the rule)."""
    if not any(isinstance(v, str) and _UNSAFE.search(v) for v in row.values()):
        return row  # the common case: one scan of each text, no copy
    return {k: clean_chars(v, multiline=True) if isinstance(v, str) else v for k, v in row.items()}


def for_terminal(text: str) -> str:
    """What may be written to a terminal: the same rule, lines and tabs kept.

    A CR before a newline is harmless and CSV and vCard lines end with one, so CR LF
    stays; a CR alone (which would let a line overwrite itself) becomes a newline.
    """
    if not _UNSAFE.search(text):
        return text
    return "\r\n".join(clean_chars(part, multiline=True) for part in text.split("\r\n"))


def json_for_terminal(document: str) -> str:
    """A JSON document with every character the rule removes written as a \\u escape.

    json.dumps escapes C0 controls but not DEL, C1 or bidi overrides; escaping them
    keeps the data exact for a script and inert on a terminal. Of those characters only
    DEL is ASCII, so an ASCII document without it (most of them) is passed unscanned.
    """
    if document.isascii() and "\x7f" not in document:
        return document
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def has_unsafe_chars(text: str) -> bool:
    """Whether text holds a character the rule removes (a URL with one is refused)."""
    return _UNSAFE.search(text) is not None
