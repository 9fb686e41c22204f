"""Reading an import file as text whatever program wrote it (UTF-8, UTF-16, Windows-1252)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from prepdeck.errors import PrepdeckError

# Control characters never found in a text export; their presence means binary data
# or a wrong guess at the encoding.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or one sentence saying why they cannot be had."""
    if not path.exists():
        raise PrepdeckError(f"There is no file {path}.")
    if path.is_dir():
        raise PrepdeckError(f"{path} is a folder; give the file to import.")
    try:
        return path.read_bytes()
    except PermissionError:
        raise PrepdeckError(f"Cannot read {path}: permission denied.") from None
    except OSError as exc:
        raise PrepdeckError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """Outlook sometimes writes UTF-16 with no BOM: every other byte is zero."""
    head = data[:400]
    if len(head) < 4:
        return None
    even_zero = head[0::2].count(0) / len(head[0::2])
    odd_zero = head[1::2].count(0) / len(head[1::2])
    if odd_zero > 0.4 and even_zero < 0.1:
        return "utf-16-le"
    if even_zero > 0.4 and odd_zero < 0.1:
        return "utf-16-be"
    return None


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Text and the encoding that produced it; PrepdeckError when none fits."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        guess = _utf16_without_bom(data)
        candidates = [guess] if guess else ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _BINARY.search(text):
            continue
        return text, encoding
    raise PrepdeckError(
        f"{path} is not readable text (tried UTF-8, UTF-16 and Windows-1252); "
        "export it again as CSV (UTF-8) or vCard."
    )


def read_text(path: Path) -> tuple[str, str]:
    """Read and decode an import file; an empty one is an error, not an empty import."""
    text, encoding = decode(read_bytes(path), path)
    if not text.strip():
        raise PrepdeckError(f"{path} is empty; there is nothing to import.")
    return text, encoding
