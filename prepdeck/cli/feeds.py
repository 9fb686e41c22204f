"""Commands for news feeds: add, list, OPML import/export, and fetching them all."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from prepdeck.cli.common import db_option, echo, emit_json, json_option, open_store, whole
from prepdeck.config import load_config
from prepdeck.dates import now
from prepdeck.errors import PrepdeckError
from prepdeck.feeds import FAILED, GONE, FeedResult, FetchSummary, feed_url, run_fetch
from prepdeck.feeds.local import feed_identity
from prepdeck.feeds.state import describe_state
from prepdeck.models import Feed
from prepdeck.untrusted import for_terminal
from prepdeck.wording import counted


def _name(feed: Feed) -> str:
    return feed.title or feed.url


@click.group()
def feed() -> None:
    """Add, list, import and export news feeds."""


@feed.command("add")
@click.argument("url")
@click.option("--tag", "tags", multiple=True, help="An industry or topic (repeatable).")
@click.option("--client", "client_ref", help="Tie the feed to one client (e.g. its newsroom).")
@db_option
def feed_add(url: str, tags: tuple[str, ...], client_ref: str | None, db_path: Path | None) -> None:
    """Add a feed by URL (http, https, or a local file); adding it again merges tags."""
    store = open_store(db_path)
    client_id = store.resolve_client(client_ref).id if client_ref else None
    added = store.add_feed(feed_url(url), tags=list(tags), client_id=client_id)
    tag_text = f" (tags: {', '.join(added.tags)})" if added.tags else ""
    echo(f"Feed {added.id}: {added.url}{tag_text}.")


@feed.command("list")
@json_option
@db_option
def feed_list(as_json: bool, db_path: Path | None) -> None:
    """List feeds with their fetch state; failing feeds show their last error."""
    store = open_store(db_path)
    feeds = store.list_feeds()
    counts = store.article_counts_by_feed()
    if as_json:
        emit_json([{**f.to_json(), "articles": counts.get(f.id, 0)} for f in feeds])
        return
    if not feeds:
        echo("No feeds yet: add one with `prepdeck feed add URL`.")
        return
    for item in feeds:
        tags = f"  [{', '.join(item.tags)}]" if item.tags else ""
        echo(f"{item.id:>4}  {_name(item)}{tags}")
        checked = f"{item.checked_at:%Y-%m-%d %H:%M}" if item.checked_at else "never"
        articles = counted(counts.get(item.id, 0), "article")
        line = f"      {describe_state(item)}, {articles}, checked {checked}"
        if item.title:
            line += f", {item.url}"
        echo(line)
        if item.last_error and (item.error_count or item.gone):
            echo(f"      last error: {item.last_error}")
        if item.next_check_at and item.error_count:
            echo(f"      next try after {item.next_check_at:%Y-%m-%d %H:%M}")


@feed.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def feed_import(file: Path, db_path: Path | None) -> None:
    """Import feeds (and their folders as tags) from an OPML file."""
    from prepdeck.feeds.opml import parse_opml  # here: `fetch` need not load the XML code

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise PrepdeckError(f"Cannot read {file}: {exc.strerror or exc}.") from None
    found = parse_opml(data, str(file))
    store = open_store(db_path)
    known = {feed_identity(f.url) for f in store.list_feeds()}
    added = skipped = 0
    problems: list[str] = []
    with store.transaction():
        for item in found:
            try:
                url = feed_url(item.url, local_ok=False)
            except PrepdeckError as exc:
                skipped += 1
                problems.append(str(exc))
                continue
            store.add_feed(url, title=item.title, tags=item.tags)
            added += feed_identity(url) not in known
            known.add(feed_identity(url))
    echo(
        f"Imported {counted(len(found) - skipped, 'feed')} from {file} ({added} new, "
        f"{len(found) - skipped - added} already there)."
    )
    for problem in problems:
        echo(f"Skipped: {problem}", err=True)


@feed.command("export")
@db_option
def feed_export(db_path: Path | None) -> None:
    """Print every feed as OPML (with tags) on stdout."""
    from prepdeck.feeds.opml import build_opml

    store = open_store(db_path)
    echo(build_opml(store.list_feeds()), nl=False)


def _progress_bar(total_hint: int) -> tuple[Any, Any]:
    """A rich progress bar on stderr, or (None, None) when stderr is not a terminal."""
    if not sys.stderr.isatty() or total_hint == 0:
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("Fetching"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}", markup=False),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("fetch", total=total_hint, last="")
    return bar, task


def _print_summary(summary: FetchSummary) -> None:
    totals = summary.totals()
    echo(
        f"Fetched {counted(totals['feeds'], 'feed')} in {summary.seconds:.1f} s: "
        f"{totals['ok']} ok, "
        f"{totals['not_modified']} not modified, {totals['failed']} failed"
        + (f", {totals['gone']} gone" if totals["gone"] else "")
        + (f", {totals['skipped']} waiting" if totals["skipped"] else "")
        + f"; {counted(totals['new_articles'], 'new article')}"
        + (f", {totals['purged']} old ones purged" if totals["purged"] else "")
        + "."
    )
    if summary.not_reached:
        click.echo(
            f"The run stopped at its limit of {summary.run_timeout:g} s before "
            f"{counted(summary.not_reached, 'feed')} were done; they are tried next time."
        )
    for result in summary.results:
        if result.status in (FAILED, GONE) or (
            summary.not_reached and (result.error or "").startswith("Not reached")
        ):
            echo(f"  {_label(result)}: {result.error}")


def _label(result: FeedResult) -> str:
    return f"feed {result.feed_id} ({result.title or result.url})"


@click.command("fetch")
@click.option(
    "--concurrency",
    type=whole(1, 256),
    help="Downloads at once, over all servers (default 16, or `concurrency` in the config).",
)
@click.option(
    "--per-host",
    type=whole(1, 64),
    help="Downloads at once to any one server (default 8, or `per-host` in the config).",
)
@click.option(
    "--run-timeout",
    type=click.IntRange(1, 86400),
    help="Stop the run after this many seconds and list the feeds not reached "
    "(default 600, or `run-timeout` in the config).",
)
@json_option
@db_option
def fetch(
    concurrency: int | None,
    per_host: int | None,
    run_timeout: int | None,
    as_json: bool,
    db_path: Path | None,
) -> None:
    """Fetch every feed and store new articles.

    Exits 0 when the run worked even if some feeds failed (they are listed);
    non-zero only when every feed tried failed, as when the network is down.
    """
    config = load_config()
    concurrency = concurrency or config.concurrency
    per_host = per_host or config.per_host
    run_timeout = run_timeout or config.run_timeout
    store = open_store(db_path)
    # The bar's total is only needed when there is a bar (not for cron or --json).
    show_bar = not as_json and sys.stderr.isatty()
    bar, task = _progress_bar(len(store.list_feeds())) if show_bar else (None, None)

    def progress(done: int, total: int, result: FeedResult) -> None:
        if bar is not None:
            bar.update(
                task, completed=done, total=total, last=for_terminal(result.title or result.url)
            )

    if bar is not None:
        bar.start()
    try:
        summary = run_fetch(
            store,
            concurrency=concurrency,
            per_host=per_host,
            progress=progress,
            run_timeout=run_timeout,
        )
    finally:
        if bar is not None:
            bar.stop()
    calendars = []
    if store.list_calendars():  # `fetch` brings meetings in too
        # Imported only then: the calendar code costs 0.05 s of a fetch's CPU.
        from prepdeck.calendar.sync import sync_calendars

        calendars = sync_calendars(store)
    if store.client_count():
        from prepdeck.briefing import rank_ahead

        rank_ahead(store, now())
    if as_json:
        emit_json({**summary.to_json(), "calendars": [c.to_json() for c in calendars]})
    elif not summary.results and not calendars:
        echo("No feeds to fetch yet: add one with `prepdeck feed add URL`.")
    else:
        _print_summary(summary)
        for result in calendars:
            echo(f"calendar {result.line()}")
    if summary.nothing_worked:
        tried = summary.count(FAILED)
        raise PrepdeckError(
            f"None of the {tried} feeds tried could be fetched (is the network down?)."
            if tried > 1
            else "The only feed tried could not be fetched."
        )


COMMANDS = [feed, fetch]
