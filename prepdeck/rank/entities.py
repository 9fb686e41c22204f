"""Names of companies and people, matched as whole phrases.

"Harris Freight Ltd" is found in "Harris Freight posts profit" and "HARRIS FREIGHT LIMITED",
never in "freight rates at Harris Tweed": a name matches only as the whole phrase, its
legal suffix (Ltd, LLP, Inc, GmbH, S.A.) optional, accents and case ignored. No fuzzy
token overlap: "Acme Bank" is not in "Deutsche Bank to cut jobs as ACME Corp. deal closes".
"""

from __future__ import annotations

import re
from functools import lru_cache

from prepdeck.rank.text import strip_accents

_SPACE = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    return strip_accents(text).lower()


@lru_cache(maxsize=4096)
def base_name(name: str) -> str:
    """The name without its legal suffix ("Voltaris Sp. z o.o." -> "Voltaris")."""
    from cleanco import basename

    stripped = basename(name.strip()) or name.strip()
    return stripped.strip(" ,.") or name.strip()


@lru_cache(maxsize=4096)
def _pattern(name: str) -> re.Pattern[str] | None:
    words = [w for w in _SPACE.split(_fold(base_name(name))) if w]
    if not words:
        return None
    # Words in order, separated by anything that is not a letter or digit.
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![^\W_])")


def names(text: str, name: str) -> bool:
    """Whether `text` names `name` as a whole phrase (suffix, accents and case aside)."""
    pattern = _pattern(name)
    return bool(pattern and text and pattern.search(_fold(text)))


def looks_like_name(keyword: str) -> bool:
    """A keyword written as a proper name of several words ("Keystone Freight"), or with a
    legal suffix ("Nordvik AS"): a company or person, to be matched whole."""
    words = keyword.split()
    if base_name(keyword).lower() != keyword.strip().lower():
        return True
    return len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha())
