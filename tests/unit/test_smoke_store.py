"""Round trips through a real database file."""

from __future__ import annotations

import json
from datetime import date


def test_client_promise_round_trip(run, store):
    assert run("client", "add", "Priya Patel", "--company", "Acme").code == 0
    assert run("promise", "add", "pri", "Send the report", "--due", "2026-11-20").code == 0
    listed = json.loads(run("promise", "list", "--json").out)
    assert listed[0]["text"] == "Send the report"
    assert listed[0]["status"] == "open"
    assert run("promise", "keep", str(listed[0]["id"])).code == 0
    kept = store.get_promise(listed[0]["id"])
    assert kept.status == "kept" and kept.kept_on == date(2026, 11, 23)
