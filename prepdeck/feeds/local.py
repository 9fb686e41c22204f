"""Feeds that are files: turning what a user typed into a feed URL, and reading file:// feeds."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from prepdeck.errors import PrepdeckError
from prepdeck.feeds.results import Download, FetchFailure, size_text
from prepdeck.untrusted import has_unsafe_chars


def local_path(url: str) -> Path | None:
    """The file a file:// URL or plain path names; None for web URLs."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            return None
        from urllib.request import url2pathname  # urllib.request costs ~30 ms: file feeds only

        return Path(url2pathname(parts.path))
    if parts.scheme == "" or (len(parts.scheme) == 1 and os.name == "nt"):
        return Path(url).expanduser()
    return None


_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """A web URL as prepdeck stores it: scheme and host in lower case, no default port.

    Anything else (path, query, the case of the path) stays as given: servers may tell
    those apart. Other URLs are returned unchanged.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url.strip()
    host = parts.hostname
    if ":" in host:  # IPv6
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (userinfo + "@" if userinfo else "") + host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, parts.fragment))


# add_feed compares a new URL with every stored feed's: cached, adding N feeds parses
# each URL once instead of N times (adding the 2,116-file test corpus took 16 s of 27).
@functools.lru_cache(maxsize=4096)
def feed_identity(url: str) -> str:
    """What makes two feed URLs one feed: canonical_url, and a trailing slash does not count."""
    canonical = canonical_url(url)
    parts = urlsplit(canonical)
    if parts.scheme not in _DEFAULT_PORTS:
        return canonical
    return urlunsplit(parts._replace(path=parts.path.rstrip("/")))


def feed_url(text: str, *, local_ok: bool = True) -> str:
    """What a user typed as a feed -> the URL to store (raises PrepdeckError if unusable).

    http(s) URLs are checked and kept; "example.com/feed" gets https://. A local file
    (a path or a file:// URL) becomes a file:// URL only when local_ok: a user typing
    `feed add PATH` means it, while an imported OPML list naming /etc/passwd must not
    have prepdeck read it.
    """
    value = text.strip()
    if not value:
        raise PrepdeckError("A feed needs a URL.")
    if has_unsafe_chars(value) or any(c.isspace() for c in value):
        raise PrepdeckError(
            f"{value!r} is not a valid feed URL (it holds a space or a control character)."
        )
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError as exc:
        raise _invalid(value, exc) from None
    if scheme in ("http", "https"):
        return _web_url(value)
    local = scheme == "file" or scheme in ("", "feed") or (len(scheme) == 1 and os.name == "nt")
    if scheme == "feed":
        value = value.split(":", 1)[1].lstrip("/")
    if local and local_ok:
        if scheme == "file":
            return value
        path = Path(value).expanduser()
        if path.is_file():
            return path.resolve().as_uri()
    if scheme in ("", "feed"):
        host = value.split("/", 1)[0]
        if "." in host and not value.startswith((".", "/", "~")):
            return _web_url("https://" + value)
    if local and not local_ok:
        raise PrepdeckError(
            f"{value!r} is not a web address; a local file is added only by "
            "`prepdeck feed add PATH`."
        )
    if local:
        raise PrepdeckError(f"{value!r} is neither a web address (http/https) nor a feed file.")
    raise PrepdeckError(f"Only http, https and file feeds can be read, not {scheme}: URLs.")


def _web_url(value: str) -> str:
    """An http(s) URL with a host, a port that exists and, in brackets, a real IPv6 address."""
    try:
        parts = urlsplit(value)
        host, _ = parts.hostname, parts.port  # .port raises on a port over 65535
    except ValueError as exc:
        raise _invalid(value, exc) from None
    if not host:
        raise PrepdeckError(f"{value!r} is not a valid feed URL (it has no host).")
    if "[" in parts.netloc:
        import ipaddress  # only for a bracketed host: commands that read never need it

        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise PrepdeckError(
                f"{value!r} is not a valid feed URL ({host!r} is not an IPv6 address)."
            ) from None
    return canonical_url(value)


def _invalid(value: str, exc: ValueError) -> PrepdeckError:
    reason = str(exc)
    return PrepdeckError(f"{value!r} is not a valid feed URL ({reason[:1].lower()}{reason[1:]}).")


def read_file(path: Path, max_bytes: int, validator: str | None) -> Download:
    """Read a local feed file with the web's size cap; an unchanged mtime and size is a 304.

    `validator` is the feed's stored last_modified: for files it is "file:<mtime>:<size>".
    Blocking: callers on the event loop run it in a thread.
    """
    try:
        info = path.stat()
        if path.is_dir():
            raise FetchFailure(f"{path} is a folder, not a feed file")
        stamp = f"file:{info.st_mtime_ns}:{info.st_size}"
        if validator == stamp:
            return Download(body=None, headers={}, http_status=None, last_modified=stamp)
        if info.st_size > max_bytes:
            raise FetchFailure(f"the file is larger than {size_text(max_bytes)}")
        with path.open("rb") as handle:
            body = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise FetchFailure(f"file not found: {path}") from None
    except PermissionError:
        raise FetchFailure(f"no permission to read {path}") from None
    except OSError as exc:
        raise FetchFailure(f"cannot read {path} ({exc.strerror or exc})") from None
    if len(body) > max_bytes:
        raise FetchFailure(f"the file is larger than {size_text(max_bytes)}")
    headers = {}
    if path.suffix.lower() == ".json":
        headers["content-type"] = "application/feed+json"
    return Download(body=body, headers=headers, http_status=None, last_modified=stamp)
