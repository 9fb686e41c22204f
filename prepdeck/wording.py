"""How prepdeck words things, for every face (screens, printouts, drafts, the CLI).

One place for counts ("1 day", "3 days"), days relative to today ("in 3 days",
"yesterday"), user text on one line, which links are safe to show or open, and the
English of drafts: lists joined with "and", a/an, plurals, dates as people write
them. Keywords are stored as the user typed them ("warehouse", "Poznań", "legal
AI"); a sentence needs "warehouses" and "an MHRA fast-track". The rules here are
the small, predictable ones; anything unsure is left as typed.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from prepdeck.untrusted import has_unsafe_chars


def one_line(text: str) -> str:
    """User text on one line: runs of whitespace (newlines too) become one space."""
    return " ".join(str(text).split())


# Whitespace (\s is exactly str.isspace) or an angle bracket: one C scan, not a Python
# loop per character (a first fetch checks some 8,000 links).
_LINK_BREAKERS = re.compile(r"[\s<>]")


def safe_link(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link with a host, else None.

    Links are opened by a browser, printed in drafts or written into Markdown:
    javascript:, data:, file: and relative links are never kept, nor one holding a
    space, a control character or an angle bracket (which would end a Markdown link).
    """
    if not url:
        return None
    url = url.strip()
    if has_unsafe_chars(url) or _LINK_BREAKERS.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def counted(n: int, word: str, plural_form: str | None = None) -> str:
    """ "1 day", "3 days", "0 days"; `plural_form` for a word the rules get wrong."""
    return f"{n} {word if n == 1 else (plural_form or plural(word))}"


def relative_days(days: int | None) -> str:
    """A day offset from today in words: today, tomorrow, in 3 days, yesterday, 4 days
    ago ("" for None: no date)."""
    if days is None:
        return ""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {counted(days, 'day')}" if days > 0 else f"{counted(-days, 'day')} ago"


def days_ago(days: int | None) -> str:
    """ "today", "yesterday", "5 days ago" for a count of days past ("" for None)."""
    return relative_days(None if days is None else -days)


def join_and(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c" (no Oxford comma), skipping blanks and repeats."""
    kept = list(dict.fromkeys(one_line(i) for i in items if one_line(i)))
    if len(kept) <= 1:
        return kept[0] if kept else ""
    return f"{', '.join(kept[:-1])} and {kept[-1]}"


# Spoken with a vowel sound although written with a consonant, and the reverse.
_AN_WORDS = ("hour", "honest", "honour", "heir")
_A_PREFIXES = ("uni", "use", "usu", "eu", "one", "once", "ubiq", "ure", "uto")
# Initialisms read letter by letter: "an MHRA", "an SRA", "a BBC".
_VOWEL_SOUND_LETTERS = set("AEFHILMNORSX")


def indefinite(phrase: str) -> str:
    """ "an oven", "a university", "an MHRA pathway", "an hour", "a one-off"."""
    phrase = one_line(phrase)
    if not phrase:
        return phrase
    first = re.split(r"[\s-]", phrase, maxsplit=1)[0]
    lower = first.lower()
    if len(first) > 1 and first.isupper() and first.isalpha():
        an = first[0] in _VOWEL_SOUND_LETTERS
    elif lower.startswith(_AN_WORDS):
        an = True
    elif lower.startswith(_A_PREFIXES):
        an = False
    else:
        an = lower[:1] in "aeiou"
    return f"{'an' if an else 'a'} {phrase}"


# Words used as a whole topic that take no plural ("energy costs", not "energys").
_UNCOUNTABLE = frozenset(
    """advice ai bread coffee compliance construction customs data e-commerce ecommerce education
    energy equipment evidence finance fashion feedback freight funding furniture gas healthcare
    health housing information infrastructure insurance investment legal logistics machinery
    marketing money news oil payroll personnel power procurement research resale retail revenue
    safety software solar staff steel tax tea technology traffic training transport waste water
    wheat wind sourdough retrofit recruitment sustainability tourism welfare salmon trout cod
    fish seafood shellfish sheep deer cattle livestock poultry dairy milk cheese meat beef pork
    lamb grain corn rice cotton wool timber wood paper plastic glass cement concrete aluminium
    copper gold silver iron coal hydrogen nuclear lunar fintech biotech medtech crypto cannabis
    tobacco alcohol wine beer music film art travel hospitality aviation media aquaculture
    agriculture horticulture childcare aftercare research furniture luggage cargo""".split()
)
_MASS_SUFFIXES = ("ing", "ment", "ness", "ity", "ism", "ics", "ware", "ship", "age", "ance", "ence")
# Endings of adjectives used as topics ("digital", "organic", "creative"), left as typed…
_ADJECTIVE_SUFFIXES = ("al", "ic", "ive", "ous", "ful", "less", "ary", "ible", "able")
# …except these common countable nouns.
_COUNTABLE = frozenset(
    """hospital proposal rival terminal canal portal festival rental signal journal animal
    clinic mosaic dictionary library summary salary anniversary""".split()
)


def plural(word: str) -> str:
    """ "warehouse" -> "warehouses", "antibody" -> "antibodies", "box" -> "boxes"."""
    lower = word.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and lower[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"


def topic(keyword: str) -> str:
    """A keyword as it reads in a sentence about interests: "warehouse" -> "warehouses".

    Only a single lower-case word that names countable things is made plural; names
    ("Poznań"), phrases ("driver shortage"), plurals and mass nouns stay as typed.
    """
    keyword = one_line(keyword)
    if (
        " " in keyword
        or not keyword.isalpha()
        and "-" not in keyword
        or keyword != keyword.lower()
        or keyword.endswith("s")
        or keyword in _UNCOUNTABLE
        or keyword.endswith(_MASS_SUFFIXES)
        or keyword.endswith(_ADJECTIVE_SUFFIXES)
        and keyword not in _COUNTABLE
        or len(keyword) < 3
    ):
        return keyword
    return plural(keyword)


def topics(keywords: list[str]) -> str:
    """Keywords joined as a reader expects: "Poznań, warehouses and cross-docks"."""
    return join_and([topic(k) for k in keywords])


def lower_first(text: str, names: str = "") -> str:
    """ "Board worried…" -> "board worried…"; "MHRA…" keeps its case, and so does a first
    word written with a capital in `names` (the client's topics, company, contacts)."""
    text = one_line(text).rstrip(".!;: ")
    first = text.split(" ", 1)[0]
    if re.search(rf"(?<!\w){re.escape(first)}(?!\w)", names):
        return text
    if len(first) > 1 and first[0].isupper() and first[1:].islower() and first.isalpha():
        return first[0].lower() + text[1:]
    return text


def day_month(day: date, today: date | None = None) -> str:
    """ "14 November", with the year only when it is not this year's."""
    text = f"{day.day} {day:%B}"
    return text if today is None or day.year == today.year else f"{text} {day.year}"


def sentence(text: str) -> str:
    """One line ending in a full stop (or the ! or ? it already has)."""
    text = one_line(text)
    return text if not text or text[-1] in ".!?" else text + "."


def count_words(n: int, word: str) -> str:
    """ "1 promise", "2 promises"; small counts as words: "two articles"."""
    names = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    shown = names[n] if 0 <= n < len(names) else str(n)
    return f"{shown} {word if n == 1 else plural(word)}"
