"""One parse of each stylesheet per test process, where Textual parses again for each app.

Textual keeps parsed rules per Stylesheet, and every `App.run_test()` builds a new one:
the app's .tcss files and every widget's DEFAULT_CSS were tokenized and parsed again for
each of the suite's ~150 app starts (a tenth of an app start's CPU). The rules parsed from
the same text with the same variables (the theme) are the same, and Textual only reads
them once parsed, so one process may share them.

Test-only: the app itself starts once. It leans on a private method of the Textual that
the tests pin (pyproject's test extra); if that method is not there as expected, nothing
is changed and the tests parse as the app does.
"""

from __future__ import annotations

import inspect
from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

_PARAMETERS = ["self", "css", "read_from", "is_default_rules", "tie_breaker", "scope"]
_parsed: dict[tuple[Any, ...], list[RuleSet]] = {}


def install() -> bool:
    """Share parsed rules between the stylesheets of this process; False if Textual's
    method is not the one this was written against."""
    parse_rules = Stylesheet._parse_rules
    if getattr(parse_rules, "shared", False):
        return True
    if list(inspect.signature(parse_rules).parameters) != _PARAMETERS:
        return False

    def shared_parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, _theme(self))
        rules = _parsed.get(key)
        if rules is None:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            _parsed[key] = rules
        return rules

    shared_parse_rules.shared = True  # type: ignore[attr-defined]
    Stylesheet._parse_rules = shared_parse_rules  # type: ignore[method-assign]
    return True


def _theme(stylesheet: Stylesheet) -> tuple[tuple[str, str], ...]:
    """The variables the rules were parsed with, as a key (sorted again only when they
    changed: comparing two dicts is cheaper than sorting one)."""
    variables = stylesheet._variables
    cached = stylesheet.__dict__.get("_pd_theme")
    if cached is None or cached[0] != variables:
        cached = (dict(variables), tuple(sorted(variables.items())))
        stylesheet.__dict__["_pd_theme"] = cached
    return cached[1]
