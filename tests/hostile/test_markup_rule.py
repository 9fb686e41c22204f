"""The one rule for showing text in the app: Content built from plain strings, never markup.

A Pilot walk can only try the values it has; this reads the code for the shapes that
let any value become markup: an f-string or concatenation handed to something that
parses str as markup (Static, Label, Option, notify, a border title, a palette hit).
"""

from __future__ import annotations

import ast
from pathlib import Path

import prepdeck

ROOT = Path(prepdeck.__file__).parent
# Widgets and calls that parse a str argument as markup unless told markup=False.
PARSES_STR = {"Static", "Label", "Option", "Button", "notify", "Hit", "DiscoveryHit", "Toast"}
# Attributes whose str value Textual parses as markup.
PARSED_ATTRIBUTES = {"border_title", "border_subtitle", "title", "sub_title", "tooltip"}


def _built(node: ast.AST | None) -> bool:
    """A str made by formatting or joining at run time (which may hold user text)."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _built(node.left) or _built(node.right) or isinstance(node.left, ast.Constant)
    if isinstance(node, ast.IfExp):
        return _built(node.body) or _built(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("format", "join") and isinstance(node.func.value, ast.Constant)
    return False


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def offences(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in ("from_markup",):
                found.append(f"line {node.lineno}: {name} parses markup")
            if name not in PARSES_STR:
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            plain = keywords.get("markup")
            if isinstance(plain, ast.Constant) and plain.value is False:
                continue
            args = [*node.args, keywords.get("help"), keywords.get("display")]
            if name == "notify" and node.args and not isinstance(node.args[0], ast.Constant):
                found.append(f"line {node.lineno}: notify of run-time text needs markup=False")
            elif any(_built(a) for a in args):
                found.append(f"line {node.lineno}: {name} given a formatted str")
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                attribute = isinstance(target, ast.Attribute) and target.attr
                if attribute in PARSED_ATTRIBUTES and _built(node.value):
                    found.append(f"line {node.lineno}: {attribute} set to a formatted str")
    return found


def test_the_rule_catches_what_it_should() -> None:
    bad = """
self.border_title = f"News for {name}"
yield Static(f"Add a note · {name}")
self.notify(message)
yield Hit(1, title, cb, help="For " + name)
Content.from_markup(text)
"""
    assert len(offences(bad)) == 5
    good = """
self.border_title = Content(f"News for {name}")
yield Static(Content(f"Add a note · {name}"))
self.notify(message, markup=False)
self.notify("Nothing to undo.")
yield Hit(1, shown, cb, help=Content("For " + name))
"""
    assert offences(good) == []


def test_no_user_text_is_handed_over_as_markup() -> None:
    found = {
        str(path.relative_to(ROOT)): hits
        for path in sorted(ROOT.rglob("*.py"))
        if (hits := offences(path.read_text(encoding="utf-8")))
    }
    assert found == {}
