"""Whole numbers as typed: ASCII digits only.

`str.isdigit` accepts '²' and '¹' (which `int` then refuses with a traceback) and
`int` reads Arabic-Indic or full-width digits; a user's "1" is only ever 0-9.
"""

from __future__ import annotations

import re

_WHOLE = re.compile(r"[0-9]+")


def whole_number(text: str) -> int | None:
    """The number written in ASCII digits alone, else None."""
    return int(text) if _WHOLE.fullmatch(text) else None
