"""The Porter stemmer, as SQLite's FTS5 `porter` tokenizer applies it, so Python and SQL agree."""

from __future__ import annotations

from functools import lru_cache

_VOWELS = frozenset("aeiou")


def _is_consonant(word: str, i: int) -> bool:
    ch = word[i]
    if ch in _VOWELS:
        return False
    if ch == "y":
        return i == 0 or not _is_consonant(word, i - 1)
    return True


def _measure(stem: str) -> int:
    """m in [C](VC){m}[V]: the number of vowel-consonant sequences (one pass, no recursion)."""
    m = 0
    previous: bool | None = None  # was the previous letter a consonant (None: no letter yet)
    for ch in stem:
        # y is a consonant first or after a vowel, a vowel after a consonant
        consonant = ch not in _VOWELS and (ch != "y" or previous is not True)
        if consonant and previous is False:
            m += 1
        previous = consonant
    return m


def _has_vowel(stem: str) -> bool:
    # Without a, e, i, o, u, only a y after the first letter can be a vowel, and one is:
    # after a consonant it is a vowel, and a y before it is either (a vowel already).
    return not _VOWELS.isdisjoint(stem) or "y" in stem[1:]


def _double_consonant(word: str) -> bool:
    return len(word) >= 2 and word[-1] == word[-2] and _is_consonant(word, len(word) - 1)


def _cvc(word: str) -> bool:
    """Ends consonant-vowel-consonant, the last not w, x or y (e.g. -hop, -fil)."""
    if len(word) < 3:
        return False
    if not (
        _is_consonant(word, len(word) - 1)
        and not _is_consonant(word, len(word) - 2)
        and _is_consonant(word, len(word) - 3)
    ):
        return False
    return word[-1] not in "wxy"


def _replace(word: str, rules: tuple[tuple[str, str], ...], min_m: int) -> str:
    for suffix, repl in rules:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            return stem + repl if _measure(stem) > min_m else word
    return word


_STEP2 = (
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("bli", "ble"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
    ("logi", "log"),
)
_STEP3 = (
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
)
_STEP4 = (
    "al",
    "ance",
    "ence",
    "er",
    "ic",
    "able",
    "ible",
    "ant",
    "ement",
    "ment",
    "ent",
    "ion",
    "ou",
    "ism",
    "ate",
    "iti",
    "ous",
    "ive",
    "ize",
)


def _by_last_letter(rules: list[tuple[str, str]]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Rules grouped by their suffix's last letter, in their order: only one group can match."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for rule in rules:
        groups.setdefault(rule[0][-1], []).append(rule)
    return {last: tuple(group) for last, group in groups.items()}


# Longest matching suffix first, as in the reference implementation. Sorted and grouped
# once, here: stemming the word lists at import is much of a command's start-up.
_STEP2_RULES = _by_last_letter(sorted(_STEP2, key=lambda r: -len(r[0])))
_STEP3_RULES = _by_last_letter(list(_STEP3))
_STEP4_RULES = _by_last_letter([(s, "") for s in sorted(_STEP4, key=len, reverse=True)])


def _step2(word: str) -> str:
    for suffix, repl in _STEP2_RULES.get(word[-1:], ()):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            return stem + repl if _measure(stem) > 0 else word
    return word


def _step4(word: str) -> str:
    for suffix, _ in _STEP4_RULES.get(word[-1:], ()):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if suffix == "ion" and not stem.endswith(("s", "t")):
                return word
            return stem if _measure(stem) > 1 else word
    return word


@lru_cache(maxsize=200_000)
def porter(word: str) -> str:
    """Stem one lower-case ASCII word; others (digits, short words) pass through."""
    if len(word) <= 2 or len(word) > 64 or not word.isascii() or not word.isalpha():
        return word
    # Step 1a
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies"):
        word = word[:-2]
    elif word.endswith("ss"):
        pass
    elif word.endswith("s"):
        word = word[:-1]
    # Step 1b
    extra = False
    if word.endswith("eed"):
        if _measure(word[:-3]) > 0:
            word = word[:-1]
    elif word.endswith("ed") and _has_vowel(word[:-2]):
        word, extra = word[:-2], True
    elif word.endswith("ing") and _has_vowel(word[:-3]):
        word, extra = word[:-3], True
    if extra:
        if word.endswith(("at", "bl", "iz")):
            word += "e"
        elif _double_consonant(word) and word[-1] not in "lsz":
            word = word[:-1]
        elif _measure(word) == 1 and _cvc(word):
            word += "e"
    # Step 1c
    if word.endswith("y") and _has_vowel(word[:-1]):
        word = word[:-1] + "i"
    word = _step2(word)
    word = _replace(word, _STEP3_RULES.get(word[-1:], ()), 0)
    word = _step4(word)
    # Step 5a
    if word.endswith("e"):
        stem = word[:-1]
        m = _measure(stem)
        if m > 1 or (m == 1 and not _cvc(stem)):
            word = stem
    # Step 5b
    if word.endswith("ll") and _measure(word) > 1:
        word = word[:-1]
    return word
