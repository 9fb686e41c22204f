"""The briefing as CommonMark (with one table), ready to print or paste."""

from __future__ import annotations

import re

from prepdeck.briefing import Briefing
from prepdeck.export.printout import NoteLine, walk
from prepdeck.health import HealthFigure
from prepdeck.models import Interaction
from prepdeck.wording import one_line, safe_link

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_escape(text: str) -> str:
    """Escape user text for inline markdown: it renders literally, on one line.

    Only characters that would change the rendering are escaped, so the raw
    markdown stays readable when pasted into a mail or a notes app.
    """
    escaped = _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(r"\\\1", one_line(text)))
    # At the start of a line "#", "+", "-", "=" or "1." would start a block.
    escaped = re.sub(r"^([#+\-=])", r"\\\1", escaped)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", escaped)


def md_link(title: str, url: str | None) -> str:
    """A link to a safe http(s) URL, else just the escaped title."""
    link = safe_link(url)
    label = md_escape(title or url or "untitled")
    return f"[{label}](<{link}>)" if link else label


def _details(bits: list[str]) -> str:
    return f" *({md_escape(', '.join(bits))})*" if bits else ""


class MarkdownLayout:
    """Blocks (headings, paragraphs, lists, the table) separated by one blank line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.in_list = False

    def _gap(self) -> None:
        if self.lines:
            self.lines.append("")

    def _block(self, *lines: str) -> None:
        self._gap()
        self.lines.extend(lines)
        self.in_list = False

    def _item(self, *lines: str) -> None:
        """Lines of a list item: consecutive items make one list, one block."""
        if not self.in_list:
            self._gap()
            self.in_list = True
        self.lines.extend(lines)

    def title(self, name: str, company: str | None, day: str) -> None:
        title = md_escape(name) + (f" — {md_escape(company)}" if company else "")
        self._block(f"# Briefing: {title}")
        self._block(f"*{day}*")

    def facts(self, facts: list[tuple[str, str]]) -> None:
        for label, value in facts:
            self._item(f"- **{label}:** {md_escape(value)}")

    def section(self, title: str) -> None:
        self._block(f"## {title}")

    def says(self, sentence: str) -> None:
        self._block(md_escape(sentence))

    def aside(self, sentence: str) -> None:
        self._block(f"*{sentence}*")

    def points(self, mark: str, items: list[str]) -> None:
        for item in items:
            self._item(f"- {md_escape(item)}")

    def caution(self, text: str, about: str | None) -> None:
        about_text = f" (about {md_escape(about)})" if about else ""
        self._item(f"- **Do not mention:** {md_escape(text)}{about_text}")

    def entries(self, entries: list[NoteLine]) -> None:
        for e in entries:
            self._item(f"- {md_escape(e.text)}{_details(e.details)}")

    def promise(self, text: str, state: str, overdue: bool) -> None:
        shown = f"**{md_escape(state)}**" if overdue else md_escape(state)
        self._item(f"- [ ] {md_escape(text)} — {shown}")

    def kept(self, text: str, detail: str) -> None:
        self._item(f"- [x] {md_escape(text)} — {detail}")

    def interaction(self, item: Interaction, details: list[str]) -> None:
        text = md_escape(item.text) if item.text else "(no notes)"
        self._item(f"- {item.happened_on} **{md_escape(item.kind)}:** {text}{_details(details)}")

    def figures(self, figures: list[HealthFigure]) -> None:
        rows = ["| Figure | Value | Why |", "|---|---|---|"]
        for f in figures:
            mark = "" if f.ok else " ⚠"
            rows.append(
                f"| {md_escape(f.label)} | {md_escape(f.value)}{mark} "
                f"| {md_escape(f.explanation)} |"
            )
        self._block(*rows)

    def contact(self, name: str, details: list[str]) -> None:
        extra = f" — {md_escape(', '.join(details))}" if details else ""
        self._item(f"- **{md_escape(name)}**{extra}")

    def article(self, title: str, link: str | None, meta: str, reasons: list[str]) -> None:
        extra = f" *({md_escape(meta)})*" if meta else ""
        self._item(f"- {md_link(title, link)}{extra}")
        if reasons:
            self._item(f"  - Why: {md_escape('; '.join(reasons))}")

    def share(self, share_id: int, title: str, link: str | None) -> None:
        self._item(f"- {md_link(title, link)} *(share {share_id})*")


def briefing_markdown(b: Briefing, *, include_private: bool = False) -> str:
    """The whole briefing as CommonMark (with one table), ready to print or paste."""
    layout = MarkdownLayout()
    walk(b, layout, include_private=include_private)
    return "\n".join(layout.lines) + "\n"
