"""Full-text search over everything the user wrote down, and the news they collected.

Rules a caller can rely on:

- The user's text is never FTS5 syntax. Each word is quoted as a phrase (so
  quotes, AND, OR, NOT, NEAR, ``*``, ``-``, ``:`` and parentheses are just
  characters), all words must match (implicit AND), and the last word also
  matches as a prefix (from three letters) so that search-as-you-type finds
  "Patel" from "pat".
- The user's own records (clients, contacts, notes, promises, interactions) are
  ranked together by bm25 and come first; articles follow, ranked by bm25 among
  themselves. Article tables are orders of magnitude larger, so their bm25
  scores would otherwise drown a note that mentions the same word.
- Private notes ARE searchable: search runs locally on the user's own data and
  only shows what they wrote. Each note hit carries its ``sensitivity`` so a face
  can badge it; exports and printouts are where private notes are left out.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from prepdeck.plain import Plain
from prepdeck.store.base import StoreBase

# Markers snippet() puts around matched terms: private-use code points that
# cannot occur in sanitised feed text and are removed from the plain snippet.
_OPEN = "\ue000"
_CLOSE = "\ue001"
_SNIPPET_TOKENS = 12
_WORD = re.compile(r"\w", re.UNICODE)

# A last word this long or longer also matches as a prefix; shorter ones ("ma") would
# match half the vocabulary of 200,000 articles and make search-as-you-type crawl.
PREFIX_FROM = 3

KINDS = ("client", "contact", "note", "promise", "interaction", "article")


@dataclass(eq=False, repr=False)
class SearchHit(Plain):
    """One match: what it is, whose it is, and the matching words in context.

    ``snippet`` is plain text; ``spans`` are (start, end) offsets of the matched
    words inside it, for a face to highlight however it draws text.
    """

    kind: str
    id: int
    client_id: int | None
    client_name: str | None
    title: str
    snippet: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    score: float = 0.0
    when: str | None = None
    detail: str | None = None
    shared_with: list[dict[str, Any]] = field(default_factory=list)

    def marked(self, open_: str = "[", close: str = "]") -> str:
        """The snippet with each matched word wrapped in open_/close (e.g. [word])."""
        out, last = [], 0
        for start, end in self.spans:
            out += [self.snippet[last:start], open_, self.snippet[start:end], close]
            last = end
        out.append(self.snippet[last:])
        return "".join(out)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["spans"] = [list(span) for span in self.spans]
        data["score"] = round(self.score, 4)
        return data


def fts_query(text: str, *, prefix_last: bool = True) -> str | None:
    """Turn what a user typed into a safe FTS5 MATCH expression (None: nothing to find).

    Every whitespace-separated word becomes a double-quoted phrase with inner
    quotes doubled, which FTS5 treats as plain text whatever it contains. Words
    without a letter or digit (a lone ``*`` or ``-``) are dropped: they index to
    no token and would only make the query match nothing.
    """
    words = [w for w in text.split() if _WORD.search(w)]
    if not words:
        return None
    phrases = ['"' + w.replace('"', '""') + '"' for w in words]
    if prefix_last and not text[-1:].isspace() and len(words[-1]) >= PREFIX_FROM:
        phrases[-1] += "*"
    return " ".join(phrases)


def split_snippet(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Plain snippet text and the offsets of the words snippet() marked."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for part in re.split(f"([{_OPEN}{_CLOSE}])", marked):
        if part == _OPEN:
            start = length
        elif part == _CLOSE:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        elif part:
            plain.append(part)
            length += len(part)
    return "".join(plain), spans


# FTS5's snippet() reads and scores every match in a document: on a 1 MB note with
# thousands of matches that took seconds. A text longer than this gets a window cut
# around the first match by plain string search instead (a few milliseconds).
SNIPPET_READS = 20_000
_WINDOW = 240


def _snippet_sql(table: str, long_text: str) -> str:
    """The `marked` snippet for a short record, else a bounded `window` of its long text."""
    return (
        f"CASE WHEN length({long_text}) > {SNIPPET_READS} THEN NULL ELSE "
        f"snippet({table}_fts, -1, '{_OPEN}', '{_CLOSE}', '…', {_SNIPPET_TOKENS}) END AS marked, "
        f"CASE WHEN length({long_text}) > {SNIPPET_READS} THEN substr({long_text}, "
        f"max(1, instr(lower({long_text}), :first) - {_WINDOW // 2}), {_WINDOW}) END AS window"
    )


# One SELECT per kind; each yields the same columns so results merge simply.
_KIND_SQL: dict[str, str] = {
    "client": f"""
        SELECT 'client' AS kind, c.id, c.id AS client_id, c.name AS client_name,
               c.name AS title, {_snippet_sql("clients", "c.agreed")},
               clients_fts.rank AS score, c.next_meeting AS "when", c.company AS detail
        FROM clients_fts JOIN clients c ON c.id = clients_fts.rowid
        WHERE clients_fts MATCH :q ORDER BY clients_fts.rank LIMIT :limit""",
    "contact": f"""
        SELECT 'contact' AS kind, p.id, p.client_id, c.name AS client_name,
               p.name AS title, {_snippet_sql("contacts", "p.name")},
               contacts_fts.rank AS score, NULL AS "when", p.role AS detail
        FROM contacts_fts JOIN contacts p ON p.id = contacts_fts.rowid
        JOIN clients c ON c.id = p.client_id
        WHERE contacts_fts MATCH :q ORDER BY contacts_fts.rank LIMIT :limit""",
    "note": f"""
        SELECT 'note' AS kind, n.id, n.client_id, c.name AS client_name,
               'note' AS title, {_snippet_sql("notes", "n.text")},
               notes_fts.rank AS score, coalesce(n.ask_on, n.created_at) AS "when",
               n.sensitivity AS detail
        FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid
        JOIN clients c ON c.id = n.client_id
        WHERE notes_fts MATCH :q ORDER BY notes_fts.rank LIMIT :limit""",
    "promise": f"""
        SELECT 'promise' AS kind, p.id, p.client_id, c.name AS client_name,
               'promise' AS title, {_snippet_sql("promises", "p.text")},
               promises_fts.rank AS score, coalesce(p.due_on, p.made_on) AS "when",
               p.status AS detail
        FROM promises_fts JOIN promises p ON p.id = promises_fts.rowid
        JOIN clients c ON c.id = p.client_id
        WHERE promises_fts MATCH :q ORDER BY promises_fts.rank LIMIT :limit""",
    "interaction": f"""
        SELECT 'interaction' AS kind, i.id, i.client_id, c.name AS client_name,
               i.kind AS title, {_snippet_sql("interactions", "i.text")},
               interactions_fts.rank AS score, i.happened_on AS "when",
               i.kind AS detail
        FROM interactions_fts JOIN interactions i ON i.id = interactions_fts.rowid
        JOIN clients c ON c.id = i.client_id
        WHERE interactions_fts MATCH :q ORDER BY interactions_fts.rank LIMIT :limit""",
    "article": f"""
        SELECT 'article' AS kind, a.id, NULL AS client_id, NULL AS client_name,
               a.title AS title, {_snippet_sql("articles", "a.summary")},
               articles_fts.rank AS score, a.published AS "when", f.title AS detail
        FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
        LEFT JOIN feeds f ON f.id = a.feed_id
        WHERE articles_fts MATCH :q
        -- Equal ranks in a stable order: ids follow the order feeds happened to arrive in.
        ORDER BY articles_fts.rank, a.published DESC, a.title LIMIT :limit""",
}


class SearchMixin(StoreBase):
    def search(
        self, text: str, limit: int = 50, *, kinds: tuple[str, ...] | list[str] | None = None
    ) -> list[SearchHit]:
        """Ranked hits for what the user typed; [] for text with nothing searchable.

        Args:
            text: anything the user typed; it is quoted, never parsed as FTS syntax.
            limit: most hits returned in total.
            kinds: restrict to some of KINDS (default: all).
        """
        query = fts_query(text)
        if query is None or limit <= 0:
            return []
        wanted = [k for k in KINDS if kinds is None or k in kinds]
        words = [w.lower() for w in text.split() if _WORD.search(w)]
        params = {"q": query, "limit": limit, "first": words[0].strip('"*')}
        own: list[SearchHit] = []
        for kind in wanted:
            if kind != "article":
                own += [_hit(r, words) for r in self.rows(_KIND_SQL[kind], params)]
        own.sort(key=lambda h: (h.score, KINDS.index(h.kind), h.id))
        hits = own[:limit]
        room = limit - len(hits)
        if room > 0 and "article" in wanted:
            # Only when the user's own records leave room: ranking a common word over
            # 200,000 articles is the one slow part of a search.
            rows = self.rows(_KIND_SQL["article"], {**params, "limit": room})
            articles = [_hit(r, words) for r in rows]
            self._attach_shares(articles)
            hits += articles
        return hits

    def _attach_shares(self, hits: list[SearchHit]) -> None:
        """Articles belong to no client: say which clients each was shared with."""
        ids = [h.id for h in hits]
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        rows = self.rows(
            f"""SELECT s.article_id, c.id, c.name, s.status FROM shares s
                JOIN clients c ON c.id = s.client_id
                WHERE s.article_id IN ({marks}) ORDER BY c.name COLLATE NOCASE""",
            ids,
        )
        by_article: dict[int, list[dict[str, Any]]] = {}
        for r in rows:
            by_article.setdefault(r["article_id"], []).append(
                {"id": r["id"], "name": r["name"], "status": r["status"]}
            )
        for hit in hits:
            hit.shared_with = by_article.get(hit.id, [])


def window_snippet(window: str, words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """A snippet cut from a long text around its first match: whole words, … at both ends,
    and the spans of the words searched for (as prefixes, case-insensitively)."""
    pattern = "|".join(re.escape(w.strip('"*')) for w in words if w.strip('"*')) or "(?!)"
    match = re.compile(rf"(?i)\b(?:{pattern})\w*")
    tokens = window.split()
    # The cut may fall inside a word at either end: drop it, unless it is the match.
    if len(tokens) > 2 and not match.search(tokens[0]):
        tokens = tokens[1:]
    if len(tokens) > 2 and not match.search(tokens[-1]):
        tokens = tokens[:-1]
    plain = "…" + " ".join(tokens) + "…"
    return plain, [m.span() for m in match.finditer(plain)]


def _hit(row: dict[str, Any], words: list[str]) -> SearchHit:
    if row.get("window") is not None:
        snippet, spans = window_snippet(row["window"], words)
    else:
        snippet, spans = split_snippet(row["marked"] or "")
    return SearchHit(
        kind=row["kind"],
        id=row["id"],
        client_id=row["client_id"],
        client_name=row["client_name"],
        title=row["title"] or "",
        snippet=snippet,
        spans=spans,
        score=float(row["score"]),
        when=str(row["when"]) if row["when"] is not None else None,
        detail=row["detail"],
    )
