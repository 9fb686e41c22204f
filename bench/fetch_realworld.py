"""Real-world fetch benchmark: prepdeck against newsboat on captures of real feeds.

300 feeds: every capture in ../shared/feeds/realworld (news sites, blogs, podcasts,
1 KB to 1.6 MB, many encodings) and the rest drawn from feedparser's corpus, served
from 127.0.0.1 by a server in another process that waits 100 ms ± 50 % before each
response. prepdeck (`prepdeck fetch` as a user runs it, a process of its own) and
newsboat (`reload-threads 8`, installed from Debian by this bench when missing) fetch
the same files in turn, round after round, so their ratio is measured under the same
load. Then prepdeck's second, conditional fetch (all 304). CPU comes from each run's
rusage (its worker processes included); peak memory from sampling the resident size
of the whole process tree.

    python -m bench.fetch_realworld      run and write bench/RESULTS.md
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.fetch import _start_server

SHARED = Path(__file__).resolve().parents[2] / "shared" / "feeds"
REALWORLD = SHARED / "realworld"
CORPUS = SHARED / "feedparser-corpus"
FEEDS = 300
JITTER = 0.5
CONCURRENCY = 16
PER_HOST = 8
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
FEED_SUFFIXES = (".xml", ".atom", ".rss", ".rdf")


def select_files(folder: Path) -> list[Path]:
    """Copy every real-world capture and enough corpus files with entries into `folder`."""
    chosen = sorted(p for p in REALWORLD.iterdir() if p.suffix in FEED_SUFFIXES)
    corpus = sorted(
        p
        for p in CORPUS.rglob("*")
        if p.suffix in (".xml", ".rdf")
        and (b"<item" in (data := p.read_bytes()) or b"<entry" in data)
    )
    chosen += random.Random(16).sample(corpus, FEEDS - len(chosen))
    paths = []
    for number, source in enumerate(chosen):
        target = folder / f"{number:03d}-{source.name}"
        shutil.copyfile(source, target)
        paths.append(target)
    return paths


class TreeMemory:
    """Peak resident memory of a process and all its descendants, sampled every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _tree(self, pid: int) -> list[int]:
        found = [pid]
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                for child in (task / "children").read_text().split():
                    found += self._tree(int(child))
        except OSError:
            pass
        return found

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._rss(p) for p in self._tree(self.pid)))
            self._stop.wait(0.02)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def measured(command: list[str], env: dict[str, str] | None = None) -> dict[str, float | str]:
    """Run a command: wall seconds, CPU seconds (its reaped children included), peak tree RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    memory = TreeMemory(proc.pid)
    out, err = proc.communicate(timeout=900)
    wall = time.perf_counter() - start
    peak = memory.stop()
    # communicate() reaped it; the rusage of the process and its descendants comes
    # from RUSAGE_CHILDREN, read around the call by the caller.
    return {"wall": wall, "peak": peak, "out": out, "err": err, "code": proc.returncode}


def children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def with_cpu(command: list[str], env: dict[str, str] | None = None) -> dict[str, float | str]:
    before = children_cpu()
    result = measured(command, env)
    result["cpu"] = children_cpu() - before
    return result


def fresh_store(path: Path, base: str, paths: list[Path]) -> None:
    from prepdeck.store import Store

    store = Store(path)
    store.set_setting("retention_days", "0")  # the captures are years old: keep everything
    with store.transaction():
        for feed in paths:
            store.add_feed(f"{base}/{feed.name}")
    store.close()


def prepdeck(database: Path) -> dict[str, float | str]:
    command = [sys.executable, "-m", "prepdeck", "fetch", "--db", str(database), "--json"]
    command += ["--concurrency", str(CONCURRENCY), "--per-host", str(PER_HOST)]
    result = with_cpu(command)
    if result["code"] == 0:
        totals = json.loads(str(result["out"]))
        result.update({k: totals[k] for k in ("ok", "not_modified", "failed", "new_articles")})
    return result


def install_newsboat() -> str | None:
    """newsboat's path, installing it from Debian's packages when missing; None if impossible."""
    binary = shutil.which("newsboat")
    if binary or not shutil.which("apt-get"):
        return binary
    print("newsboat is not installed: apt-get install -y newsboat", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for attempt in (["apt-get", "install", "-y", "newsboat"], ["apt-get", "update"]):
        done = subprocess.run(attempt, capture_output=True, text=True, env=env)
        if done.returncode == 0 and attempt[1] == "install":
            break
        if attempt[1] == "update" and done.returncode == 0:
            subprocess.run(["apt-get", "install", "-y", "newsboat"], capture_output=True, env=env)
    return shutil.which("newsboat")


def newsboat(binary: str, base: str, paths: list[Path], workdir: Path) -> dict[str, float | str]:
    urls = workdir / "urls"
    urls.write_text("".join(f"{base}/{p.name}\n" for p in paths))
    config = workdir / "newsboat.conf"
    config.write_text(f"reload-threads {PER_HOST}\nshow-read-feeds yes\n")
    cache = workdir / "newsboat-cache.db"
    cache.unlink(missing_ok=True)
    command = [binary, "-x", "reload", "-u", str(urls), "-c", str(cache), "-C", str(config)]
    env = {"HOME": str(workdir), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return with_cpu(command, env)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (5 min {five:.2f})"


def main() -> None:
    from bench.results import write_section

    if not REALWORLD.is_dir() or not CORPUS.is_dir():
        print(f"skipped: the feed captures are not at {SHARED}")
        return
    binary = install_newsboat()
    if binary is None:
        print("newsboat could not be installed: the comparison with it is skipped", flush=True)
    with tempfile.TemporaryDirectory(prefix="prepdeck-bench-realworld-") as tmp:
        workdir = Path(tmp)
        folder = workdir / "feeds"
        folder.mkdir()
        paths = select_files(folder)
        size = sum(p.stat().st_size for p in paths)
        proc, base = _start_server(folder, str(JITTER), "application/xml")
        rounds = []
        try:
            for number in range(ROUNDS):
                database = workdir / f"round{number}.db"
                fresh_store(database, base, paths)
                before = load()
                first = prepdeck(database)
                boat = newsboat(binary, base, paths, workdir) if binary else None
                rounds.append((before, first, boat, load(), database))
                print(
                    f"round {number + 1}: prepdeck {first['wall']:.2f} s, newsboat "
                    f"{boat['wall'] if boat else '-'} s, load {before}",
                    flush=True,
                )
                if first["code"] != 0:
                    print(first["err"])
            second = prepdeck(rounds[-1][4])
            empty = workdir / "empty.db"
            fresh_store(empty, base, [])
            startup = prepdeck(empty)  # the fixed cost: imports, opening the database
        finally:
            proc.terminate()
            proc.wait()
    write_section(
        "fetch_realworld",
        "Feed fetching, real-world feeds (bench/fetch_realworld.py)",
        report(rounds, second, startup, len(paths), size, binary is not None),
    )


def report(
    rounds: list, second: dict, startup: dict, feeds: int, size: int, has_newsboat: bool
) -> str:
    def verdict(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    cores = os.cpu_count() or 1
    rows = [
        "| round | load before (after) | prepdeck first fetch: wall, CPU, peak memory "
        "| newsboat: wall, CPU, peak memory | ratio (wall) |",
        "|---|---|---|---|---:|",
    ]
    ratios = []
    for number, (before, first, boat, after, _) in enumerate(rounds, start=1):
        mine = (
            f"{first['wall']:.2f} s, {first['cpu']:.2f} s, {first['peak'] / 2**20:.0f} MB; "
            f"{first.get('ok', 0)} ok, {first.get('failed', '?')} failed, "
            f"{first.get('new_articles', 0)} articles"
        )
        if boat is not None and boat["code"] == 0:
            ratio = float(first["wall"]) / float(boat["wall"])
            ratios.append(ratio)
            theirs = f"{boat['wall']:.2f} s, {boat['cpu']:.2f} s, {boat['peak'] / 2**20:.0f} MB"
            rows.append(f"| {number} | {before} ({after}) | {mine} | {theirs} | {ratio:.2f}× |")
        else:
            rows.append(f"| {number} | {before} ({after}) | {mine} | not run | – |")
    firsts = [r[1] for r in rounds]
    peak = max(float(f["peak"]) for f in firsts) / 2**20
    cpu_first = float(rounds[-1][1]["cpu"])
    cpu_share = float(second["cpu"]) / cpu_first
    fixed = float(startup["cpu"])
    run_share = (float(second["cpu"]) - fixed) / (cpu_first - fixed)
    busy = any(float(r[0].split()[0]) >= cores / 2 for r in rounds)
    lines = [
        f"{feeds} feeds ({size / 2**20:.1f} MB): the {len(list(REALWORLD.glob('*.*'))) - 1} "
        "captures of real sites in `../shared/feeds/realworld` and files with entries drawn "
        "from feedparser's corpus, served from 127.0.0.1 by a threading server in another "
        f"process that waits 100 ms ± {JITTER:.0%} before every response (as "
        "`application/xml`, so each document's own encoding declaration counts). Each round: "
        f"`prepdeck fetch --concurrency {CONCURRENCY} --per-host {PER_HOST}` into a fresh "
        f"database keeping articles of any age, then `newsboat -x reload` with "
        f"`reload-threads {PER_HOST}` and a fresh cache; both are whole processes, start-up "
        "included. CPU is user + system of the process and its workers; memory is the peak "
        f"resident size of the process tree. {cores} cores; load is the 1-minute average.",
        "",
        *rows,
        "",
    ]
    if ratios:
        median = sorted(ratios)[len(ratios) // 2]
        target = 0.8 if busy else 0.7
        lines.append(
            f"**Median ratio {median:.2f}× newsboat's wall time** (target ≤ {target} on a "
            f"{'busy' if busy else 'quiet'} machine: {verdict(median <= target)})."
        )
    else:
        lines.append("newsboat could not be installed here, so the comparison was skipped.")
    lines += [
        f"Second fetch of the last round's database: {second['wall']:.2f} s, "
        f"{second.get('not_modified', 0)} of {feeds} not modified (all 304: "
        f"{verdict(second.get('not_modified') == feeds)}), CPU {second['cpu']:.2f} s = "
        f"{cpu_share:.1%} of the first fetch's (under a fifth: {verdict(cpu_share < 0.2)}). "
        f"`prepdeck fetch` with no feeds (start-up: imports, opening the database) takes "
        f"{fixed:.2f} s CPU; without it the second run takes {run_share:.1%} of the first's "
        "CPU (300 conditional requests through httpx and their state writes).",
        f"Peak memory of a first fetch: {peak:.0f} MB (under 300 MB: {verdict(peak < 300)}).",
    ]
    if not has_newsboat:
        lines.append("(newsboat missing and not installable: no ratio.)")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
