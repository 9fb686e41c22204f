"""Hostile strings, and the checks that none of them acts or reaches a terminal raw."""

from __future__ import annotations

import re

# Markup that would act if parsed: a click action that writes a file, one that quits,
# a tag Textual's parser rejects (MarkupError), and brackets that are only text.
SCREENSHOT = "Mal [@click=app.screenshot('x.svg','{dir}')]Smith[/]"
QUIT = "Eve [@click=app.quit]Q[/]"
BAD_TAG = "Acme [ref=ABC:123]"
BRACKETS = "Acme [UK] Ltd"
# Terminal escapes: window title (OSC 0), hyperlink (OSC 8), clipboard (OSC 52),
# clear screen (CSI 2J), the same as 8-bit C1 controls, and NUL.
OSC_TITLE = "\x1b]0;pwned\x07"
OSC_LINK = "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\"
OSC_CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
CSI_CLEAR = "\x1b[2J\x1b[H"
C1 = "\x9b2J\x9d0;c1title\x9c\x85"
NUL = "nul\x00byte"
# Bidi overrides make text display as something other than what it says.
BIDI = "invoice\u202egnp.exe\u202c \u2066iso\u2069"
CRLF = "two\r\nlines"
LONG = "long " * 1000  # 5,000 characters

ESCAPES = [OSC_TITLE, OSC_LINK, OSC_CLIPBOARD, CSI_CLEAR, C1, NUL, BIDI]
MARKUP = [SCREENSHOT, QUIT, BAD_TAG, BRACKETS]
ALL = [*MARKUP, *ESCAPES, CRLF, LONG]


def hostile(tag: str, *parts: str) -> str:
    """One value carrying every hostile kind, with a tag to find it by."""
    return f"{tag} " + " ".join(parts or ALL[:-1])


# What may never reach a terminal: C0 controls but newline and tab, DEL, C1, bidi.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def unsafe_characters(text: str) -> list[str]:
    """The control and bidi characters in text (empty when it is safe to print)."""
    return sorted({f"U+{ord(c):04X}" for c in _UNSAFE.findall(text)})


def assert_terminal_safe(text: str) -> None:
    found = _UNSAFE.search(text)
    assert found is None, (unsafe_characters(text), text[max(0, found.start() - 200) : found.end()])


# The same kinds in the forms each input path can carry: a file with NUL or BEL is
# refused as binary, XML 1.0 has no C0 controls at all (CR/LF only as references).
TAIL = f" {OSC_TITLE}{CSI_CLEAR}{C1}{BIDI}{NUL}"
FILE_SAFE = [*MARKUP, OSC_LINK, CSI_CLEAR, C1, BIDI, LONG]
XML_SAFE = [*MARKUP, C1, BIDI, "two&#13;&#10;lines", LONG]
