"""A semantic term measured, not shipped: wordllama static embeddings as one score factor.

    pip install wordllama          (into a scratch environment; not a prepdeck dependency)
    python -m bench.relevance.semantic WEIGHT dev|held

Multiplies each candidate's score by 1 + WEIGHT x max(0, cosine(client's keywords and
industry, article's title and summary)), the model loaded from its own wheel
(`cache_dir` = the package folder, `disable_download=True`: no network). The weight
is chosen on the development clients; the held-out ones are then measured once.
Figures and the decision are in bench/RESULTS.md ("Relevance by kind of client").
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.relevance import evaluate as ev
from bench.relevance import kinds
from bench.relevance.clients import CLIENTS, HELD_OUT
from prepdeck.rank import engine, suggest


def main() -> None:
    import numpy as np
    import wordllama
    from wordllama import WordLlama

    model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    weight, part = float(sys.argv[1]), sys.argv[2]
    cache: dict[str, Any] = {}

    def embed(text: str) -> Any:
        if text not in cache:
            cache[text] = model.embed([text], norm=True)[0]
        return cache[text]

    plain_score = engine._score

    def score(cand: Any, profile: Any, *rest: Any) -> Any:
        cand = plain_score(cand, profile, *rest)
        if weight and cand.score > 0:
            client = profile.client
            query = ", ".join(filter(None, [client.keywords, client.industry]))
            text = f"{cand.row['title'] or ''}. {(cand.row['summary'] or '')[:500]}"
            cand.score *= 1 + weight * max(0.0, float(np.dot(embed(query), embed(text))))
        return cand

    engine._score = score  # type: ignore[assignment]
    specs = CLIENTS + kinds.DEV if part == "dev" else HELD_OUT + ev.KIND_HELD_OUT
    with tempfile.TemporaryDirectory() as tmp:
        store, clients, keys = ev.build(Path(tmp) / "semantic.db")
        rows: list[tuple[str, float, float]] = []
        for spec in specs:
            found = suggest(store, clients[spec["key"]], today=ev.TODAY, limit=ev.K)
            own = spec["own"] if "own" in spec else ev.own_stories(spec)
            labels = {k: g for k, g in spec["labels"].items() if k not in own}
            p, n = ev.metrics([keys[s.article.id] for s in found], labels)
            rows.append((spec.get("kind", "first table"), p, n))
        store.close()
    for kind in ("first table", "topic", "topic+place", "company", None):
        sel = [r for r in rows if kind is None or r[0] == kind]
        if sel:
            p, n = (sum(r[i] for r in sel) / len(sel) for i in (1, 2))
            print(f"weight {weight} {part} {kind or 'all'}: n={len(sel)} P@10 {p:.3f} nDCG {n:.3f}")


if __name__ == "__main__":
    main()
