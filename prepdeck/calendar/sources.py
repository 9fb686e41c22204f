"""Where a calendar's text comes from: one .ics file, a vdir folder of them, or an http(s) URL."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from prepdeck.calendar.parse import CalendarError, check_ics

MAX_BYTES = 50 * 1024 * 1024
MAX_FILES = 20_000
TIMEOUT_S = 20.0


def kind_of(source: str) -> str:
    """'url', 'vdir' or 'file'; a source that is none of them is refused in one sentence."""
    text = source.strip()
    lowered = text.lower()
    if lowered.startswith(("http://", "https://", "webcal://", "webcals://")):
        return "url"
    if "://" in text:
        raise CalendarError(f"{text!r} is not a calendar prepdeck can read (use http or https)")
    path = Path(text).expanduser()
    if path.is_dir():
        return "vdir"
    if path.is_file():
        return "file"
    raise CalendarError(f"{text} does not exist (give an .ics file, a folder of them, or a URL)")


def masked(source: str, kind: str) -> str:
    """A secret iCal URL's path is its password: what is shown or stored of it is the host."""
    if kind != "url":
        return source
    parts = urlsplit(source)
    return f"{parts.scheme}://{parts.hostname}/…"


def without_secret(text: str | None, source: str, kind: str) -> str | None:
    """A message (an error, a problem) with a URL's secret part left out."""
    if text is None or kind != "url":
        return text
    return text.replace(source, masked(source, kind))


def normalise(source: str, kind: str) -> str:
    """URLs as fetched (webcal:// is https://), paths absolute."""
    text = source.strip()
    if kind == "url":
        for scheme in ("webcals://", "webcal://"):
            if text.lower().startswith(scheme):
                return "https://" + text[len(scheme) :]
        return text
    return str(Path(text).expanduser().resolve())


def check_local(source: str, kind: str) -> None:
    """At `calendar add`: a file that is not iCalendar is refused before it is stored."""
    if kind == "file":
        with open(source, "rb") as handle:
            check_ics(handle.read(512), source)
    elif kind == "vdir" and not any(Path(source).rglob("*.ics")):
        raise CalendarError(f"{source} holds no .ics files")


def read_local(source: str, kind: str) -> list[tuple[str, bytes]]:
    """The (name, bytes) of the file, or of every .ics file in the folder and below."""
    try:
        if kind == "file":
            return [(source, _read_capped(Path(source)))]
        files = sorted(Path(source).rglob("*.ics"))
        if len(files) > MAX_FILES:
            raise CalendarError(f"{source} holds more than {MAX_FILES} .ics files")
        return [(str(f), _read_capped(f)) for f in files]
    except OSError as exc:
        raise CalendarError(f"cannot read {source} ({exc.strerror or exc})") from None


def _read_capped(path: Path) -> bytes:
    if path.stat().st_size > MAX_BYTES:
        raise CalendarError(f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return path.read_bytes()


@dataclass
class Fetched:
    """A URL's answer: its body (None when unchanged since the last sync) and validators."""

    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


async def fetch_url(
    url: str, etag: str | None, last_modified: str | None, *, timeout: float = TIMEOUT_S
) -> Fetched:
    """A conditional GET through the feeds' HTTP code (same limits and error sentences)."""
    from prepdeck.feeds.http import conditional_headers, download, make_client
    from prepdeck.feeds.results import FetchFailure

    headers = {
        **conditional_headers(etag, last_modified),
        "Accept": "text/calendar, */*;q=0.5",
    }
    async with make_client(1, timeout) as client:
        try:
            got = await download(client, url, headers, timeout=timeout, max_bytes=MAX_BYTES)
        except FetchFailure as exc:
            raise CalendarError(str(exc)) from None
    if got.body is None:
        return Fetched(None, etag, last_modified)
    return Fetched(got.body, got.etag, got.last_modified, got.headers)
