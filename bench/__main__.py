"""Run every benchmark in turn: `python -m bench [NAME ...]` (or `make bench`)."""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path

BENCHMARKS = [
    "import_csv",
    "import_opml",
    "fetch",
    "fetch_realworld",
    "locking",
    "rank",
    "relevance.evaluate",
    "briefing",
    "app",
    "cli",
    "growth",
    "meetings",
    "encryption",
]


def main() -> int:
    only = set(sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="prepdeck-bench-") as tmp:
        # rank, briefing and app measure the same generated database: build it once.
        os.environ.setdefault("BENCH_DB", str(Path(tmp) / "standard.db"))
        for name in BENCHMARKS:
            if only and name not in only:
                continue
            print(f"== bench.{name}", flush=True)
            importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
