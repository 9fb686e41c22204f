"""The briefing as plain text for a terminal, mail body or notes app."""

from __future__ import annotations

from prepdeck.briefing import Briefing
from prepdeck.export.printout import NoteLine, walk
from prepdeck.health import HealthFigure
from prepdeck.models import Interaction
from prepdeck.wording import one_line, safe_link


def _details(bits: list[str]) -> str:
    return f" ({', '.join(bits)})" if bits else ""


class TextLayout:
    """Underlined upper-case headings; lines indented two spaces beneath them."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def title(self, name: str, company: str | None, day: str) -> None:
        title = f"Briefing: {name}" + (f" — {company}" if company else "")
        self.lines += [title, "=" * len(title), day, ""]

    def facts(self, facts: list[tuple[str, str]]) -> None:
        width = max(len(label) for label, _ in facts)
        for label, value in facts:
            self.lines.append(f"{label + ':':<{width + 1}} {one_line(value)}")

    def section(self, title: str) -> None:
        self.lines += ["", title.upper(), "-" * len(title)]

    def says(self, sentence: str) -> None:
        self.lines.append(f"  {one_line(sentence)}")

    def aside(self, sentence: str) -> None:
        self.lines.append(f"  ({sentence})")

    def points(self, mark: str, items: list[str]) -> None:
        self.lines += [f"  {mark} {item}" for item in items]

    def caution(self, text: str, about: str | None) -> None:
        self.lines.append(
            f"  DO NOT MENTION: {one_line(text)}" + (f" (about {about})" if about else "")
        )

    def entries(self, entries: list[NoteLine]) -> None:
        self.lines += [f"  * {one_line(e.text)}{_details(e.details)}" for e in entries]

    def promise(self, text: str, state: str, overdue: bool) -> None:
        self.lines.append(f"  [ ] {one_line(text)} — {state.upper() if overdue else state}")

    def kept(self, text: str, detail: str) -> None:
        self.lines.append(f"  [x] {one_line(text)} — {detail}")

    def interaction(self, item: Interaction, details: list[str]) -> None:
        text = one_line(item.text) or "(no notes)"
        self.lines.append(f"  {item.happened_on}  {item.kind}: {text}{_details(details)}")

    def figures(self, figures: list[HealthFigure]) -> None:
        width = max(len(f.label) for f in figures)
        for f in figures:
            mark = "!" if not f.ok else " "
            self.lines.append(f" {mark}{f.label + ':':<{width + 1}} {f.value} — {f.explanation}")

    def contact(self, name: str, details: list[str]) -> None:
        self.lines.append(f"  * {name}" + (f" — {', '.join(details)}" if details else ""))

    def _link(self, link: str | None) -> None:
        if safe_link(link):
            self.lines.append(f"    {link}")

    def article(self, title: str, link: str | None, meta: str, reasons: list[str]) -> None:
        self.lines.append(f"  * {one_line(title)}")
        self._link(link)
        if reasons:
            self.lines.append(f"    Why: {'; '.join(reasons)}")

    def share(self, share_id: int, title: str, link: str | None) -> None:
        self.lines.append(f"  * [share {share_id}] {one_line(title)}")
        self._link(link)


def briefing_text(b: Briefing, *, include_private: bool = False) -> str:
    """The whole briefing as plain text for a terminal, mail body or notes app."""
    layout = TextLayout()
    walk(b, layout, include_private=include_private)
    return "\n".join(layout.lines).rstrip("\n") + "\n"
