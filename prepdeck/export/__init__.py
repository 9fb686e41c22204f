"""Printable briefings (markdown, plain text), share drafts and RFC 5322 draft emails.

Everything here renders a `Briefing` (or a share) that was already built: it
never queries the store, so the printout and the screen cannot disagree.
Private notes are left out unless asked for; never-mention notes appear only as
cautions and never in a drafted message. By role: `printout` (what a briefing
printout says), `markdown` and `text` (how it looks), `drafts` (the note sent
with an article), `email` (.eml drafts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prepdeck.briefing import Briefing
from prepdeck.export.common import safe_url
from prepdeck.export.drafts import DraftSubject, draft_note, greeting
from prepdeck.export.markdown import briefing_markdown, md_escape, md_link
from prepdeck.export.printout import SPARK, sparkline
from prepdeck.export.text import briefing_text

if TYPE_CHECKING:
    from prepdeck.export.email import recipient, share_email, write_eml

_EMAIL = frozenset({"recipient", "share_email", "write_eml"})


def __getattr__(name: str) -> Any:
    """The .eml helpers load on first use: Python's email package is a fifth of `brief`'s
    start-up, and a printed briefing never needs it."""
    if name in _EMAIL:
        from prepdeck.export import email

        return getattr(email, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render_briefing(b: Briefing, fmt: str = "markdown", *, include_private: bool = False) -> str:
    """`brief`'s output in "markdown" or "text"."""
    if fmt == "markdown":
        return briefing_markdown(b, include_private=include_private)
    if fmt == "text":
        return briefing_text(b, include_private=include_private)
    raise ValueError(f"unknown format {fmt!r}")


__all__ = [
    "SPARK",
    "DraftSubject",
    "briefing_markdown",
    "briefing_text",
    "draft_note",
    "greeting",
    "md_escape",
    "md_link",
    "recipient",
    "render_briefing",
    "safe_url",
    "share_email",
    "sparkline",
    "write_eml",
]
