"""vCard 2.1/3.0/4.0 in (FN, N, ORG, TITLE, EMAIL, NOTE…) and 4.0 out, with prepdeck's X- fields.

Reading is lenient, as address books in the wild are: folded lines, property
groups ("item1.EMAIL"), v2.1 bare parameters and quoted-printable values, a last
card with no END. Writing is strict RFC 6350: CRLF, escaped text, lines folded
at 75 octets. prepdeck's own fields travel as X-PREPDECK-* properties so that a
vCard export re-imports without loss.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterable
from pathlib import Path

from prepdeck.errors import PrepdeckError
from prepdeck.transfer.csvfile import ReadResult
from prepdeck.transfer.people import MULTI_FIELDS, Person, SkipPerson, make_person

# Properties that carry no information a person record could hold, never reported.
_QUIET = {"BEGIN", "END", "VERSION", "PRODID", "UID", "REV", "KIND", "SOURCE", "CLIENTPIDMAP"}

# prepdeck's own fields, as X- properties (written by export, read by import).
X_FIELDS = {
    "X-PREPDECK-TYPE": "kind",
    "X-PREPDECK-CLIENT": "client",
    "X-PREPDECK-ADDRESS-AS": "address_as",
    "X-PREPDECK-AUTHORITY": "authority",
    "X-PREPDECK-INDUSTRY": "industry",
    "X-PREPDECK-KEYWORDS": "keywords",
    "X-PREPDECK-WARMTH": "warmth",
    "X-PREPDECK-STATUS": "status",
    "X-PREPDECK-AGREED": "agreed",
    "X-PREPDECK-CADENCE": "cadence_days",
    "X-PREPDECK-NEXT-MEETING": "next_meeting",
}


def _is_qp(head: str) -> bool:
    return "QUOTED-PRINTABLE" in head.upper()


def unfold(text: str) -> list[str]:
    """Logical lines: RFC folding (CRLF + space/tab) and v2.1 quoted-printable soft breaks."""
    lines: list[str] = []
    for raw in re.split(r"\r\n|\r|\n", text):
        if lines and lines[-1].endswith("=") and _is_qp(lines[-1].split(":", 1)[0]):
            lines[-1] = lines[-1][:-1] + raw  # a soft break: the next line is all content
            continue
        if lines and raw[:1] in (" ", "\t"):
            lines[-1] += raw[1:]
            continue
        if raw.strip():
            lines.append(raw)
    return lines


def _split_unquoted(text: str, sep: str, limit: int = -1) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == sep and not quoted and limit != 0:
            parts.append("".join(current))
            current = []
            limit -= 1
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def parse_line(line: str) -> tuple[str, dict[str, list[str]], str] | None:
    """(NAME, {PARAM: [values]}, raw value) for one content line; None if it is not one."""
    pieces = _split_unquoted(line, ":", 1)
    if len(pieces) != 2:
        return None
    head, value = pieces
    parts = _split_unquoted(head, ";")
    name = parts[0].split(".")[-1].strip().upper()
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        if "=" in part:
            key, _, values = part.partition("=")
            items = [v.strip().strip('"') for v in _split_unquoted(values, ",")]
            params.setdefault(key.strip().upper(), []).extend(items)
        elif part.strip():
            # v2.1 bare parameters: "EMAIL;INTERNET;PREF", "NOTE;QUOTED-PRINTABLE".
            bare = part.strip().upper()
            key = "ENCODING" if bare in ("QUOTED-PRINTABLE", "BASE64", "B") else "TYPE"
            params.setdefault(key, []).append(bare)
    return name, params, value


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def split_components(value: str, sep: str = ";") -> list[str]:
    """Split a structured value (N, ORG) on unescaped separators, then unescape each part."""
    parts, current, i = [], [], 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if char == sep:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(char)
        i += 1
    parts.append(unescape("".join(current)))
    return parts


def _decode_value(value: str, params: dict[str, list[str]]) -> str:
    encodings = {e.upper() for e in params.get("ENCODING", [])}
    if "QUOTED-PRINTABLE" not in encodings:
        return value
    raw = quopri.decodestring(value.encode("latin-1", errors="replace"))
    charset = (params.get("CHARSET") or ["utf-8"])[0]
    for encoding in (charset, "utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("latin-1")


def _is_preferred(params: dict[str, list[str]]) -> bool:
    types = {t.lower() for value in params.get("TYPE", []) for t in value.split(",")}
    return "pref" in types or params.get("PREF", ["100"])[0] == "1"


def read_vcards(text: str, path: Path, encoding: str = "utf-8") -> ReadResult:
    """Every card in the text, in order; cards with nothing usable are skipped with a reason."""
    result = ReadResult(format="vcard", encoding=encoding)
    ignored: set[str] = set()
    card: list[tuple[str, dict[str, list[str]], str]] | None = None
    number = 0

    def finish(lines: list[tuple[str, dict[str, list[str]], str]]) -> None:
        nonlocal number
        number += 1
        result.records += 1
        try:
            result.people.append(_card_person(f"card {number}", lines, ignored))
        except SkipPerson as exc:
            result.skipped.append((f"card {number}", str(exc)))

    for line in unfold(text):
        parsed = parse_line(line)
        if parsed is None:
            continue
        name, params, value = parsed
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if card is not None:
                finish(card)  # a card with no END: keep what it had
            card = []
        elif name == "END" and value.strip().upper() == "VCARD":
            if card is not None:
                finish(card)
            card = None
        elif card is not None:
            card.append((name, params, value))
    if card is not None:
        finish(card)
    if not result.records:
        raise PrepdeckError(f"{path} holds no vCard (no BEGIN:VCARD line).")
    result.ignored = sorted(ignored)
    return result


def _card_person(
    ref: str, lines: list[tuple[str, dict[str, list[str]], str]], ignored: set[str]
) -> Person:
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {k: [] for k in MULTI_FIELDS}
    preferred: list[str] = []
    for name, params, raw in lines:
        value = _decode_value(raw, params)
        if name == "FN":
            single.setdefault("name", unescape(value))
        elif name == "N":
            parts = split_components(value) + [""] * 5
            for key, part in zip(("family", "given", "middle"), parts, strict=False):
                if part.strip():
                    single.setdefault(key, part.replace(",", " "))
        elif name == "ORG":
            single.setdefault("company", split_components(value)[0])
        elif name in ("TITLE", "ROLE"):
            single.setdefault("role", unescape(value))
        elif name == "EMAIL":
            email = unescape(value)
            (preferred if _is_preferred(params) else multi["email"]).append(email)
        elif name == "NOTE":
            multi["note"].append(unescape(value))
        elif name == "NICKNAME":
            single.setdefault("nickname", split_components(value, ",")[0])
        elif name in X_FIELDS:
            single.setdefault(X_FIELDS[name], unescape(value))
        elif name not in _QUIET:
            ignored.add(name)
    multi["email"] = preferred + multi["email"]
    if not any(single.get(k) for k in ("name", "given", "family", "company")) and not any(
        e.strip() for e in multi["email"]
    ):
        raise SkipPerson("no FN, N, ORG or EMAIL")
    return make_person(ref, single, multi)


# -- writing ------------------------------------------------------------------


def escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with a space
        if size + width > limit:
            out.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n ".join(out)


def _split_name(name: str) -> tuple[str, str]:
    parts = name.split()
    if len(parts) < 2:
        return name, ""
    return parts[-1], " ".join(parts[:-1])


def card(fields: Iterable[tuple[str, str | None]], name: str) -> str:
    """One vCard 4.0 for a person: FN, N, then the given (property, value) pairs."""
    family, given = _split_name(name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{escape(name)}",
        f"N:{escape(family)};{escape(given)};;;",
    ]
    for prop, value in fields:
        if value is None or str(value).strip() == "":
            continue
        lines.append(f"{prop}:{escape(str(value))}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) + "\r\n" for line in lines)
