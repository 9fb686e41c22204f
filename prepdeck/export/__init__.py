"""Printable briefings (markdown, plain text), share drafts and RFC 5322 draft emails.

Everything here renders a `Briefing` (or a share) that was already built, so the
printout and the screen cannot disagree; only `queue` reads the store, to build
the briefings the share queue's drafts come from.
Private notes are left out unless asked for; never-mention notes appear only as
cautions and never in a drafted message. By role: `printout` (what a briefing
printout says), `markdown` and `text` (how it looks), `drafts` (the note sent
with an article: the one draft builder, with `draft_reasons` saying why and
`prepdeck.wording` the grammar), `queue` (the drafts of the whole share queue), `email`
(.eml and mailto:) and `launch` (handing a file or link to the system's mail client).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from prepdeck.briefing import Briefing
from prepdeck.export.markdown import briefing_markdown, md_escape, md_link
from prepdeck.export.printout import SPARK, sparkline
from prepdeck.export.text import briefing_text
from prepdeck.wording import safe_link

if TYPE_CHECKING:
    from prepdeck.export.draft_reasons import Subject
    from prepdeck.export.drafts import Draft, build_combined, build_draft, greeting, subject_of
    from prepdeck.export.email import (
        draft_email,
        drafts_folder,
        eml_name,
        mailto_url,
        save_draft,
        write_eml,
    )

# Drafts and .eml files load on first use: with the email package and the config they
# are most of `prepdeck brief`'s start-up, and a printed briefing needs none of them.
_LAZY = {
    "Subject": "draft_reasons",
    **dict.fromkeys(("Draft", "build_combined", "build_draft", "greeting", "subject_of"), "drafts"),
    **dict.fromkeys(
        ("draft_email", "drafts_folder", "eml_name", "mailto_url", "save_draft", "write_eml"),
        "email",
    ),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    try:  # a submodule not imported yet (`export.email.MAILTO_LIMIT`)
        return import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def render_briefing(b: Briefing, fmt: str = "markdown", *, include_private: bool = False) -> str:
    """`brief`'s output in "markdown" or "text"."""
    if fmt == "markdown":
        return briefing_markdown(b, include_private=include_private)
    if fmt == "text":
        return briefing_text(b, include_private=include_private)
    raise ValueError(f"unknown format {fmt!r}")


__all__ = [
    "SPARK",
    "Draft",
    "Subject",
    "briefing_markdown",
    "briefing_text",
    "build_combined",
    "build_draft",
    "draft_email",
    "drafts_folder",
    "eml_name",
    "greeting",
    "mailto_url",
    "md_escape",
    "md_link",
    "render_briefing",
    "safe_link",
    "save_draft",
    "sparkline",
    "subject_of",
    "write_eml",
]
