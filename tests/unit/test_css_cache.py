"""The suite's shared stylesheet parsing (tests/pd_css_cache.py) parses as Textual does."""

from __future__ import annotations

from pd_css_cache import install  # type: ignore[import-not-found]
from textual.css.stylesheet import Stylesheet

CSS = "Label { color: $accent; background: $panel 50%; }"


def _rules(variables: dict[str, str]) -> list[object]:
    sheet = Stylesheet(variables=variables)
    sheet.add_source(CSS, read_from=("test", "CSS"))
    sheet.parse()
    return list(sheet.rules)


def test_the_pinned_textual_takes_the_shared_parse() -> None:
    assert install()  # conftest installed it already: the tests run with it


def test_the_same_text_and_theme_is_parsed_once_another_theme_again() -> None:
    red = {"accent": "#ff0000", "panel": "#000000"}
    blue = {"accent": "#0000ff", "panel": "#000000"}
    first, again, other = _rules(red), _rules(dict(red)), _rules(blue)
    assert first == again and first[0] is again[0]  # shared, not parsed twice
    assert first[0].css != other[0].css  # a theme's variables are part of the key
    assert "#FF0000" in first[0].css.upper() and "#0000FF" in other[0].css.upper()
