"""Read a mailbox's headers, message by message, into email conversations with clients.

Only the headers are read (never the body): each message is streamed from its
offset up to the blank line that ends them, so a 1 GB mbox never sits in memory.
A message from or to a stored client or contact address becomes one `email`
interaction per client, its subject the text, deduplicated by Message-ID.
"""

from __future__ import annotations

import hashlib
import mailbox
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from email.headerregistry import Address
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any

from prepdeck.errors import PrepdeckError
from prepdeck.store import Store

BATCH = 2_000
MAX_HEADER_BYTES = 256 * 1024  # headers longer than this are a broken message
_PARSER = BytesHeaderParser(policy=default_policy)


@dataclass
class MailSummary:
    """What an import found; `to_json()` is what `import mail --json` prints."""

    messages: int = 0  # read from the mailbox
    imported: int = 0  # new email conversations stored (or that would be, on a dry run)
    duplicates: int = 0  # already imported before (same Message-ID and client)
    unmatched: int = 0  # to and from nobody stored
    older: int = 0  # before --since
    skipped: int = 0  # broken or undecodable messages
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        text = (
            f"Read {self.messages} messages: {verb} {self.imported} email conversations, "
            f"{self.duplicates} already imported, {self.unmatched} with nobody you know"
        )
        if self.older:
            text += f", {self.older} older than --since"
        if self.skipped:
            text += f", {self.skipped} broken messages skipped"
        return text + "."


def open_mailbox(path: Path) -> mailbox.Mailbox:
    """A Maildir (a folder with cur/ and new/) or an mbox file; anything else is refused."""
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            return mailbox.Maildir(path, factory=None, create=False)
        raise PrepdeckError(f"{path} is a folder but not a Maildir (no cur/ or new/ inside).")
    if not path.is_file():
        raise PrepdeckError(f"{path} does not exist.")
    with open(path, "rb") as handle:
        head = handle.read(5)
    if head and head != b"From ":
        raise PrepdeckError(f"{path} is not an mbox file (it does not begin with 'From ').")
    return mailbox.mbox(path, factory=None, create=False)


def header_bytes(handle: IO[bytes]) -> bytes:
    """The message's header block: lines up to the first blank one."""
    lines = []
    size = 0
    for line in handle:
        if line in (b"\n", b"\r\n"):
            break
        size += len(line)
        if size > MAX_HEADER_BYTES:
            raise ValueError("headers too long")
        lines.append(line)
    return b"".join(lines)


def headers(box: mailbox.Mailbox) -> Iterator[Any]:
    """Each message's parsed headers, or None for one that cannot be read."""
    for key in box.iterkeys():
        try:
            handle = box.get_file(key)
            try:
                raw = header_bytes(handle)
            finally:
                handle.close()
            yield _PARSER.parsebytes(raw)
        except Exception:  # a damaged message is counted, never fatal
            yield None


def _addresses(message: Any, name: str) -> list[Address]:
    try:
        header = message[name]
        return list(header.addresses) if header is not None else []
    except Exception:  # an unparseable address header: nobody to match
        return []


def message_key(message: Any) -> str:
    """The Message-ID, else a digest of what identifies the message."""
    found = str(message.get("Message-ID", "") or "").strip()
    if found:
        return found[:500]
    basis = "|".join(str(message.get(h, "")) for h in ("Date", "From", "To", "Subject"))
    return "<sha1:" + hashlib.sha1(basis.encode("utf-8", "replace")).hexdigest() + ">"


def import_mail(
    store: Store, path: Path, *, since: date | None = None, dry_run: bool = False
) -> MailSummary:
    """Import every message to or from a known address; a second run changes nothing."""
    from prepdeck.feeds.sanitize import one_line

    box = open_mailbox(Path(path).expanduser())
    known = {
        email.strip().lower(): (client_id, contact_id)
        for client_id, email, contact_id in reversed(store.emails_for_matching())
    }
    done = store.imported_message_ids()
    summary = MailSummary(dry_run=dry_run)
    pending: list[dict[str, Any]] = []
    try:
        for message in headers(box):
            summary.messages += 1
            if message is None:
                summary.skipped += 1
                continue
            try:
                sent = message["Date"]
                when = parsedate_to_datetime(str(sent)) if sent else None
                subject = one_line(str(message.get("Subject", "") or ""), html_input=False)
            except Exception:
                summary.skipped += 1
                continue
            if when is None:
                summary.skipped += 1
                continue
            day = when.astimezone().date() if when.tzinfo else when.date()
            if since is not None and day < since:
                summary.older += 1
                continue
            senders = [a.addr_spec.lower() for a in _addresses(message, "From")]
            receivers = [
                a.addr_spec.lower()
                for name in ("To", "Cc", "Bcc")
                for a in _addresses(message, name)
            ]
            matched = _match(known, senders, receivers)
            if not matched:
                summary.unmatched += 1
                continue
            key = message_key(message)
            for client_id, contact_id, direction in matched:
                if (client_id, key) in done:
                    summary.duplicates += 1
                    continue
                done.add((client_id, key))
                summary.imported += 1
                pending.append(
                    {
                        "client_id": client_id,
                        "contact_id": contact_id,
                        "kind": "email",
                        "happened_on": day.isoformat(),
                        "text": subject or "(no subject)",
                        "message_id": key,
                        "direction": direction,
                    }
                )
            if len(pending) >= BATCH:
                _flush(store, pending, dry_run)
        _flush(store, pending, dry_run)
    finally:
        box.close()
    return summary


def _match(
    known: dict[str, tuple[int, int | None]], senders: list[str], receivers: list[str]
) -> list[tuple[int, int | None, str]]:
    """(client, contact, direction) once per client: from them is "in", to them is "out"."""
    out: dict[int, tuple[int, int | None, str]] = {}
    for email in senders:
        if email in known:
            client_id, contact_id = known[email]
            out.setdefault(client_id, (client_id, contact_id, "in"))
    if not out:
        for email in receivers:
            if email in known:
                client_id, contact_id = known[email]
                out.setdefault(client_id, (client_id, contact_id, "out"))
    return list(out.values())


def _flush(store: Store, pending: list[dict[str, Any]], dry_run: bool) -> None:
    if pending and not dry_run:
        store.add_mail_interactions(pending)
    pending.clear()
