"""Run every benchmark in turn: `python -m bench` (or `make bench`)."""

from __future__ import annotations

import importlib
import sys

# Each module has main(); order puts the data generator's users after it.
BENCHMARKS = ["import_csv", "fetch", "rank", "relevance.evaluate", "briefing", "app"]


def main() -> int:
    only = set(sys.argv[1:])
    for name in BENCHMARKS:
        if only and name not in only:
            continue
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            print(f"skipping bench.{name}: {exc}")
            continue
        print(f"== bench.{name}", flush=True)
        module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
