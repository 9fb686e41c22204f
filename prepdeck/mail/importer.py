"""Read a mailbox's headers, message by message, into email conversations with clients.

Only the headers are read (never the body): each message is streamed from its
offset up to the blank line that ends them, so a 1 GB mbox never sits in memory.
A message from or to a stored client or contact address becomes one `email`
interaction per client, its subject the text, deduplicated by Message-ID.

Headers are split with the stdlib's compat32 parser and addresses found with
`getaddresses`; policy.default's header objects cost a millisecond a message, so
only a matched message's subject goes through the full decoding of encoded words.
"""

from __future__ import annotations

import hashlib
import mailbox
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from prepdeck.errors import PrepdeckError
from prepdeck.store import Store
from prepdeck.wording import counted

BATCH = 2_000
MAX_HEADER_BYTES = 256 * 1024  # headers longer than this are a broken message
_PARSER = BytesHeaderParser()  # compat32: raw header strings, parsed only where needed


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
            f"Read {counted(self.messages, 'message')}: {verb} "
            f"{counted(self.imported, 'email conversation')}, "
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


def header_bytes(handle: Iterable[bytes]) -> bytes:
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


def _addresses(message: Any, *names: str) -> list[str]:
    """The lower-case addresses in these headers (an unreadable one gives none)."""
    values = [str(v) for name in names for v in (message.get_all(name) or [])]
    if not values:
        return []
    try:
        return [addr.lower() for _, addr in getaddresses(values) if "@" in addr]
    except Exception:
        return []


_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+")
_ADDRESS_HEADERS = ("From", "To", "Cc", "Bcc")


def _maybe_known(known: dict[str, Any], message: Any) -> bool:
    """A quick look for a known address, so most mail skips the full address parse."""
    for name in _ADDRESS_HEADERS:
        for value in message.get_all(name) or []:
            if any(found.lower() in known for found in _EMAIL.findall(str(value))):
                return True
    return False


def _text(raw: Any) -> str:
    """A header's text: encoded words decoded, undecodable bytes replaced."""
    text = str(raw or "")
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except Exception:  # a broken encoded word: keep it as written
            pass
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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
    from prepdeck.feeds.sanitize import clean_line

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
            matched = _maybe_known(known, message) and _match(
                known, _addresses(message, "From"), _addresses(message, "To", "Cc", "Bcc")
            )
            if not matched:
                summary.unmatched += 1
                continue
            try:
                when = parsedate_to_datetime(str(message.get("Date") or ""))
            except (TypeError, ValueError, IndexError):
                when = None
            if when is None:
                summary.skipped += 1
                continue
            day = when.astimezone().date() if when.tzinfo else when.date()
            if since is not None and day < since:
                summary.older += 1
                continue
            subject = clean_line(_text(message.get("Subject")), html_input=False, max_chars=500)
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
