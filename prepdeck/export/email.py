"""A draft as mail: an RFC 5322 .eml (X-Unsent: 1, opens as a draft) or a mailto: link.

Both carry exactly the text of the `Draft`; only the mailto: link may shorten
the body, saying so, because mail clients and browsers refuse long links.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote

from prepdeck.config import Sender
from prepdeck.errors import PrepdeckError
from prepdeck.export.drafts import Draft
from prepdeck.files import write_private
from prepdeck.wording import one_line

# Links longer than about 2,000 characters are cut or refused by some mail clients and
# browsers (Outlook and Internet Explorer's old 2,083 limit; Windows' ShellExecute).
MAILTO_LIMIT = 2000
SHORTENED = "\n\n[Shortened to fit a mail link; the whole note is in the saved .eml draft.]"


def _address(name: str, email: str) -> Address | str:
    try:
        return Address(display_name=name, addr_spec=email)
    except (ValueError, IndexError):
        return email


def draft_email(
    draft: Draft, sender: Sender | None = None, *, when: datetime | None = None
) -> EmailMessage:
    """The draft as an RFC 5322 message that mail clients open as a draft (X-Unsent: 1)."""
    # A name is only shown: one line of it. An address with a line break could add
    # headers (Bcc:) and cannot be mended: that draft is refused.
    _no_line_break(draft.to_email, "the recipient's email")
    if sender:
        _no_line_break(sender.email, "the sender's email")
    msg = EmailMessage()
    if sender and sender.email:
        msg["From"] = _address(one_line(sender.name), sender.email)
    if draft.to_email:
        msg["To"] = _address(one_line(draft.to_name), draft.to_email)
    msg["Subject"] = draft.subject
    if when is not None:
        msg["Date"] = format_datetime(when if when.tzinfo else when.astimezone())
    msg["X-Unsent"] = "1"
    if draft.share_ids:
        msg["X-Prepdeck-Share"] = ", ".join(str(i) for i in draft.share_ids)
    msg.set_content(draft.body)
    return msg


def _no_line_break(value: str | None, what: str) -> None:
    if value and ("\r" in value or "\n" in value):
        raise PrepdeckError(f"{what} {value!r} contains a line break")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:50].rstrip("-") or "article"


def eml_name(draft: Draft) -> str:
    """share-<id>-<subject>.eml for one share; client-<id>-<name>.eml for a combined note."""
    if len(draft.share_ids) == 1:
        return f"share-{draft.share_ids[0]}-{_slug(draft.subject)}.eml"
    return f"client-{draft.client_id}-{_slug(draft.client_name)}.eml"


def write_eml(msg: EmailMessage, out_dir: Path, name: str) -> Path:
    """Write a draft atomically as `name` in `out_dir` (mode 0600: it quotes a client)."""
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = out_dir / name
    # Lines up to RFC 5322's hard limit: folding a long Subject at 78 made Python put all
    # of it on a continuation line, which some readers show with a leading space.
    out = msg.policy.clone(linesep="\r\n", max_line_length=998)
    write_private(path, msg.as_bytes(policy=out))
    return path


def drafts_folder(db_path: Path) -> Path:
    """Where the app saves .eml drafts: beside the database, like the demo's feeds."""
    return Path(db_path).with_name(f"{Path(db_path).stem}-drafts")


def _encode(text: str) -> str:
    # RFC 6068: line breaks are %0D%0A; everything but unreserved characters is escaped.
    return quote(text.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")


def mailto_url(draft: Draft, limit: int = MAILTO_LIMIT) -> tuple[str, bool]:
    """A mailto: link with subject and body, and whether the body had to be shortened.

    The body is cut at a line or word boundary, never inside an escape, so the link
    stays within `limit` characters and decodes to the start of the real text.
    """
    to = quote(draft.to_email or "", safe="@")
    head = f"mailto:{to}?subject={_encode(draft.subject)}&body="
    body = draft.body
    if len(head) + len(_encode(body)) <= limit:
        return head + _encode(body), False
    room = limit - len(head) - len(_encode(SHORTENED))
    lo, hi = 0, len(body)
    while lo < hi:  # the longest prefix whose encoding fits
        mid = (lo + hi + 1) // 2
        if len(_encode(body[:mid])) <= room:
            lo = mid
        else:
            hi = mid - 1
    cut = body[:lo]
    boundary = max(cut.rfind("\n"), cut.rfind(" "))
    if boundary > len(cut) // 2:
        cut = cut[:boundary]
    return head + _encode(cut.rstrip() + SHORTENED), True


def save_draft(
    draft: Draft, out_dir: Path, sender: Sender | None = None, when: datetime | None = None
) -> Path:
    """Write one draft as .eml in `out_dir` and return its path."""
    return write_eml(draft_email(draft, sender, when=when), out_dir, eml_name(draft))
