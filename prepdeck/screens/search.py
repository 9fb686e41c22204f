"""Full-text search over notes, promises, conversations, clients and articles, as you type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList
from textual.widgets.option_list import Option

from prepdeck.messages import ClientOpenRequested
from prepdeck.models import Suggestion
from prepdeck.screens.styled_once import StyledOnce
from prepdeck.store.search import SearchHit
from prepdeck.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp

KIND_LABELS = {
    "client": "client",
    "contact": "person",
    "note": "note",
    "promise": "promise",
    "interaction": "talk",
    "article": "article",
}


def hit_prompt(hit: SearchHit) -> Content:
    """Kind, whose, then the snippet with the matched words highlighted (never markup)."""
    snippet = Content(hit.snippet or hit.title)
    for start, end in hit.spans:
        snippet = snippet.stylize("bold $accent underline", start, end)
    whose = hit.client_name or ", ".join(s["name"] for s in hit.shared_with) or ""
    head = Content.assemble(
        (f"{KIND_LABELS.get(hit.kind, hit.kind):<8}", "$text-muted"),
        (whose, "bold"),
        (f"  {hit.when[:10]}" if hit.when else "", "$text-muted"),
        (f"  {hit.title}" if hit.kind == "article" else "", "bold"),
    )
    return Content("\n").join([head, Content("        ") + snippet])


class SearchScreen(StyledOnce, Screen[None]):
    """Type to search; Enter on a hit opens its client (or the article when it has none)."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="search.back", tooltip="Back"),
        Binding("down", "results", "Results", id="search.results", show=False),
    ]

    @dataclass
    class Found(Message):
        """Hits for the text that was typed."""

        text: str
        hits: list[SearchHit]

    def __init__(self) -> None:
        super().__init__()
        self.hits: dict[str, SearchHit] = {}

    @property
    def prepdeck(self) -> PrepdeckApp:
        return self.app  # type: ignore[return-value]  # Textual types self.app as App; it is always PrepdeckApp

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Input(placeholder="Search notes, promises, conversations, articles…", id="query")
        yield OptionList(id="hits")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one("#hits").border_title = "Type to search"
        self.query_one("#query").focus()

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, text: str) -> None:
        with self.prepdeck.db() as store:
            hits = store.search(text, limit=60)
        self.post_message(self.Found(text, hits))

    @on(Found)
    def _found(self, event: Found) -> None:
        if event.text != self.query_one("#query", Input).value:
            return  # a newer search is on its way
        results = self.query_one("#hits", OptionList)
        results.clear_options()
        self.hits = {f"hit-{n}": hit for n, hit in enumerate(event.hits)}
        results.add_options(Option(hit_prompt(h), id=key) for key, h in self.hits.items())
        count = len(event.hits)
        results.border_title = Content(f"{count} found" if event.text.strip() else "Type to search")

    @on(Input.Submitted, "#query")
    def action_results(self) -> None:
        results = self.query_one("#hits", OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = results.highlighted or 0

    @on(OptionList.OptionSelected, "#hits")
    def _open(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits.get(event.option.id or "")
        if hit is None:
            return
        client_id = hit.client_id or (hit.shared_with[0]["id"] if hit.shared_with else None)
        if client_id is not None:
            prefix = {"note": "note", "promise": "promise", "interaction": "talk"}.get(hit.kind)
            focus = f"{prefix}-{hit.id}" if prefix else None
            self.post_message(ClientOpenRequested(client_id, focus))
        elif hit.kind == "article":
            self.show_article(hit.id)

    @work(thread=True, group="search", exit_on_error=False)
    def show_article(self, article_id: int) -> None:
        from prepdeck.screens.article import ArticleScreen

        with self.prepdeck.db() as store:
            article = store.get_article(article_id)
            feed = store.get_feed(article.feed_id)
        suggestion = Suggestion(article, 0.0, [], feed.title)
        self.app.call_from_thread(self.app.push_screen, ArticleScreen(suggestion, for_client=False))
