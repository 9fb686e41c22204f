"""Writing a file that holds notes about real people: owner-only, whole or not at all."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path


def write_private(path: Path, chunks: bytes | Iterable[bytes]) -> None:
    """Write `path` (mode 0600) so that it holds the old content or the new, never a part.

    On Linux the bytes go into an unnamed file (O_TMPFILE) that is given a name only once
    complete: a kill -9 or a full disk mid-write leaves nothing behind. Elsewhere a
    named temporary file in the same folder is removed on any error.
    OSError (full disk, no such folder, no permission) reaches the caller.
    """
    path = Path(path)
    fd = _unnamed(path.parent)
    if fd is not None:
        try:
            _write_all(fd, chunks)
            if _name_and_replace(fd, path):
                return
        finally:
            os.close(fd)
        # The file system could not give the unnamed file a name: write it named instead.
        if iter(chunks) is chunks:  # a one-pass iterator, already spent
            raise OSError(errno.EOPNOTSUPP, f"cannot give {path.name} its name")
    import tempfile  # here: a run that only reads its settings never writes a file

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, chunks)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _unnamed(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except IsADirectoryError:  # the kernel knows O_TMPFILE, this file system does not
        return None
    except OSError as exc:
        if exc.errno in (95, 22):  # EOPNOTSUPP, EINVAL: no O_TMPFILE here
            return None
        raise


def _write_all(fd: int, chunks: bytes | Iterable[bytes]) -> None:
    os.fchmod(fd, 0o600)
    for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view) :]
    os.fsync(fd)


def _name_and_replace(fd: int, path: Path) -> bool:
    """Link the finished unnamed file into the folder, then rename it over `path`."""
    import secrets  # here: hmac and hashlib cost a command that writes nothing 8 ms

    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        os.link(f"/proc/self/fd/{fd}", tmp)  # linkat(AT_SYMLINK_FOLLOW)
    except OSError:
        return False
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True
