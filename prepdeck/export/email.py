"""RFC 5322 draft emails (X-Unsent: 1) for marked shares, and writing them as .eml files."""

from __future__ import annotations

import re
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path

from prepdeck.briefing import Briefing
from prepdeck.errors import PrepdeckError
from prepdeck.export.common import one_line
from prepdeck.export.drafts import draft_note
from prepdeck.files import write_private
from prepdeck.models import Share


def recipient(b: Briefing) -> tuple[str, str] | None:
    """(name, email): the client's own address, else the first contact with one."""
    if b.client.email:
        return b.client.name, b.client.email
    for c in b.contacts:
        if c.email:
            return c.name, c.email
    return None


def share_email(
    b: Briefing,
    share: Share,
    *,
    sender: str | None = None,
    when: datetime | None = None,
    signature: str | None = None,
) -> EmailMessage:
    """An RFC 5322 draft (X-Unsent: 1) for one share, addressed to the client."""
    to = recipient(b)
    contact = None
    if to and not b.client.email:
        contact = next((c for c in b.contacts if c.email == to[1]), None)
    body = draft_note(b, share, contact=contact, signature=signature)
    if to:
        _no_line_break(to[0], "the recipient's name")
        _no_line_break(to[1], "the recipient's email")
    _no_line_break(sender, "the sender")
    msg = EmailMessage()
    if to:
        msg["To"] = formataddr(to)
    if sender:
        msg["From"] = sender
    msg["Subject"] = one_line(share.title) or "An article you may like"
    if when is not None:
        msg["Date"] = format_datetime(when)
    msg["X-Unsent"] = "1"
    msg["X-Prepdeck-Share"] = str(share.id)
    msg.set_content(body)
    return msg


def _no_line_break(value: str | None, what: str) -> None:
    """A header value with CR or LF could add headers (Bcc:) to the draft: refuse it."""
    if value and ("\r" in value or "\n" in value):
        raise PrepdeckError(f"{what} {value!r} contains a line break")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:50].rstrip("-") or "article"


def write_eml(msg: EmailMessage, out_dir: Path, share: Share) -> Path:
    """Write one draft as share-<id>-<slug>.eml (replacing an older draft of the same share)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"share-{share.id}-{_slug(share.title)}.eml"
    write_private(path, msg.as_bytes(policy=msg.policy.clone(linesep="\r\n")))
    return path
