"""Real-world fetch benchmark: prepdeck against newsboat on captures of real feeds.

300 feeds: every capture in ../shared/feeds/realworld (news sites, blogs, podcasts,
1 KB to 1.6 MB, many encodings) and the rest drawn from feedparser's corpus, served
from 127.0.0.1 by servers in another process that wait 100 ms ± 50 % before each
response. A reader's 300 feeds come from some 225 servers (most sites have one feed, a
few have several): each feed is served by one of 225 servers (ports), as a client's
per-host limit sees them. The same files from a single server, the worst case for that
limit, are measured too. prepdeck (`prepdeck fetch` as a user runs it, a process of its
own) and newsboat (`reload-threads 8`, installed from Debian by this bench when
missing) fetch the same URLs in turn, round after round, so their ratio is measured
under the same load. Then prepdeck's second, conditional fetch (all 304). CPU comes
from each run's rusage (its worker processes included); peak memory from sampling the
resident size of the whole process tree.

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

from bench.fetch import _start_servers

SHARED = Path(__file__).resolve().parents[2] / "shared" / "feeds"
REALWORLD = SHARED / "realworld"
CORPUS = SHARED / "feedparser-corpus"
FEEDS = 300
# 200 feeds on ~150 hosts, as a reader's list has them: 225 hosts for 300 feeds.
HOSTS = 225
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


def spread(paths: list[Path], bases: list[str]) -> list[str]:
    """Each feed's URL on one of the servers: every server has one feed, and the rest go
    to the first eighth of them (the sites with several feeds), shuffled."""
    rng = random.Random(150)
    hosts = list(range(len(bases)))
    extra = len(paths) - len(hosts)
    assigned = hosts + [rng.choice(hosts[: max(1, len(hosts) // 8)]) for _ in range(extra)]
    rng.shuffle(assigned)
    return [f"{bases[host]}/{path.name}" for host, path in zip(assigned, paths, strict=True)]


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


def fresh_store(path: Path, urls: list[str]) -> None:
    from prepdeck.store import Store

    store = Store(path)
    store.set_setting("retention_days", "0")  # the captures are years old: keep everything
    with store.transaction():
        for url in urls:
            store.add_feed(url)
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


def newsboat(binary: str, feeds: list[str], workdir: Path) -> dict[str, float | str]:
    urls = workdir / "urls"
    urls.write_text("".join(f"{url}\n" for url in feeds))
    config = workdir / "newsboat.conf"
    config.write_text(f"reload-threads {PER_HOST}\nshow-read-feeds yes\n")
    cache = workdir / "newsboat-cache.db"
    cache.unlink(missing_ok=True)
    command = [binary, "-x", "reload", "-u", str(urls), "-c", str(cache), "-C", str(config)]
    env = {"HOME": str(workdir), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return with_cpu(command, env)


def compile_bytecode() -> None:
    """Write prepdeck's .pyc files first, as installing a package does.

    With PYTHONDONTWRITEBYTECODE set (as in some shells and CI) an editable install
    compiles every module of prepdeck on every start: 0.2 s or more of each run's CPU
    that an installed prepdeck never pays.
    """
    import compileall

    import prepdeck

    compileall.compile_dir(Path(prepdeck.__file__).parent, quiet=1)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (5 min {five:.2f})"


def first_fetches(
    workdir: Path, label: str, urls: list[str], binary: str | None
) -> tuple[str, dict, dict | None, str, Path]:
    """prepdeck's first fetch of `urls` into a fresh database, then newsboat's."""
    database = workdir / f"{label}.db"
    fresh_store(database, urls)
    before = load()
    first = prepdeck(database)
    boat = newsboat(binary, urls, workdir) if binary else None
    theirs = f"{boat['wall']:.2f}" if boat else "-"
    print(f"{label}: prepdeck {first['wall']:.2f} s, newsboat {theirs} s, load {before}")
    if first["code"] != 0:
        print(first["err"])
    return before, first, boat, load(), database


def main() -> None:
    from bench.results import write_section

    if not REALWORLD.is_dir() or not CORPUS.is_dir():
        print(f"skipped: the feed captures are not at {SHARED}")
        return
    compile_bytecode()
    binary = install_newsboat()
    if binary is None:
        print("newsboat could not be installed: the comparison with it is skipped", flush=True)
    with tempfile.TemporaryDirectory(prefix="prepdeck-bench-realworld-") as tmp:
        workdir = Path(tmp)
        folder = workdir / "feeds"
        folder.mkdir()
        paths = select_files(folder)
        size = sum(p.stat().st_size for p in paths)
        proc, bases = _start_servers(folder, HOSTS, JITTER, "application/xml")
        many = spread(paths, bases)
        one = [f"{bases[0]}/{p.name}" for p in paths]
        rounds, single = [], []
        try:
            for number in range(ROUNDS):
                rounds.append(first_fetches(workdir, f"round{number}", many, binary))
                single.append(first_fetches(workdir, f"one-host{number}", one, binary))
            # Every fetch after the first is all 304: three of them, the median taken.
            seconds = sorted((prepdeck(rounds[-1][4]) for _ in range(3)), key=_cpu)
            second = seconds[1]
            empty = workdir / "empty.db"
            fresh_store(empty, [])
            startup = prepdeck(empty)  # the fixed cost: imports, opening the database
        finally:
            proc.terminate()
            proc.wait()
    write_section(
        "fetch_realworld",
        "Feed fetching, real-world feeds (bench/fetch_realworld.py)",
        report(rounds, single, second, startup, len(paths), size, binary is not None),
    )


def _cpu(result: dict) -> float:
    return float(result["cpu"])


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _table(rounds: list, hosts: str) -> tuple[list[str], list[float], list[tuple[float, float]]]:
    """Table rows for some rounds: the rows, the wall ratios and the (prepdeck, newsboat) CPU."""
    rows, ratios, cpus = [], [], []
    for number, (before, first, boat, after, _) in enumerate(rounds, start=1):
        mine = (
            f"{first['wall']:.2f} s, {first['cpu']:.2f} s, {first['peak'] / 2**20:.0f} MB; "
            f"{first.get('ok', 0)} ok, {first.get('failed', '?')} failed, "
            f"{first.get('new_articles', 0)} articles"
        )
        if boat is not None and boat["code"] == 0:
            ratio = float(first["wall"]) / float(boat["wall"])
            ratios.append(ratio)
            cpus.append((float(first["cpu"]), float(boat["cpu"])))
            theirs = f"{boat['wall']:.2f} s, {boat['cpu']:.2f} s, {boat['peak'] / 2**20:.0f} MB"
            cells = f"{mine} | {theirs} | {ratio:.2f}×"
        else:
            cells = f"{mine} | not run | –"
        rows.append(f"| {number} | {hosts} | {before} ({after}) | {cells} |")
    return rows, ratios, cpus


def report(
    rounds: list,
    single: list,
    second: dict,
    startup: dict,
    feeds: int,
    size: int,
    has_newsboat: bool,
) -> str:
    def verdict(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    cores = os.cpu_count() or 1
    many_rows, ratios, cpus = _table(rounds, f"{HOSTS}")
    one_rows, one_ratios, one_cpus = _table(single, "1")
    rows = [
        "| round | hosts | load before (after) | prepdeck first fetch: wall, CPU, peak memory "
        "| newsboat: wall, CPU, peak memory | ratio (wall) |",
        "|---|---:|---|---|---|---:|",
        *many_rows,
        *one_rows,
    ]
    firsts = [r[1] for r in rounds + single]
    peak = max(float(f["peak"]) for f in firsts) / 2**20
    cpu_first = _median([_cpu(r[1]) for r in rounds])
    cpu_share = float(second["cpu"]) / cpu_first
    fixed = float(startup["cpu"])
    run_share = (float(second["cpu"]) - fixed) / (cpu_first - fixed)
    busy = any(float(r[0].split()[0]) >= cores / 2 for r in rounds)
    lines = [
        f"{feeds} feeds ({size / 2**20:.1f} MB): the {len(list(REALWORLD.glob('*.*'))) - 1} "
        "captures of real sites in `../shared/feeds/realworld` and files with entries drawn "
        "from feedparser's corpus, served from 127.0.0.1 by threading servers in another "
        f"process that wait 100 ms ± {JITTER:.0%} before every response (as "
        "`application/xml`, so each document's own encoding declaration counts). A reader's "
        f"feeds come from many sites (200 feeds on ~150 hosts): here {HOSTS} servers, one "
        "port each, every one serving a feed and the first eighth the 75 others. The same "
        "files from one server (every feed on one host: prepdeck's per-host limit of 8 "
        "then bounds it, as newsboat's 8 threads bound newsboat) are measured in the same "
        f"rounds. Each round: `prepdeck fetch --concurrency {CONCURRENCY} --per-host "
        f"{PER_HOST}` into a fresh database keeping articles of any age, then `newsboat -x "
        f"reload` with `reload-threads {PER_HOST}` and a fresh cache, on the same URLs; both "
        "are whole processes, start-up included. CPU is user + system of the process and "
        "its workers; memory is the peak resident size of the process tree. "
        f"{cores} cores; load is the 1-minute average. prepdeck's bytecode is compiled "
        "before the first round, as installing it does.",
        "",
        *rows,
        "",
    ]
    if ratios:
        target = 0.8 if busy else 0.7
        lines.append(
            f"**Median ratio {_median(ratios):.2f}× newsboat's wall time** on {HOSTS} hosts "
            f"(target ≤ {target} on a {'busy' if busy else 'quiet'} machine: "
            f"{verdict(_median(ratios) <= target)}); every feed on one host: "
            f"{_median(one_ratios):.2f}×."
        )
        mine_cpu = _median([c[0] for c in cpus])
        boat_cpu = _median([c[1] for c in cpus])
        lines.append(
            f"CPU, less sensitive to the load than wall time: prepdeck {mine_cpu:.2f} s against "
            f"newsboat's {boat_cpu:.2f} s (medians, {HOSTS} hosts), {mine_cpu / boat_cpu:.2f}×; "
            f"one host {_median([c[0] for c in one_cpus]):.2f} s against "
            f"{_median([c[1] for c in one_cpus]):.2f} s."
        )
    else:
        lines.append("newsboat could not be installed here, so the comparison was skipped.")
    lines += [
        f"Second fetch of the last {HOSTS}-host round's database (the median of three, by "
        f"CPU): {second['wall']:.2f} s, "
        f"{second.get('not_modified', 0)} of {feeds} not modified (all 304: "
        f"{verdict(second.get('not_modified') == feeds)}), CPU {second['cpu']:.2f} s = "
        f"{cpu_share:.1%} of the first fetches' median CPU (under a fifth: "
        f"{verdict(cpu_share < 0.2)}). `prepdeck fetch` with no feeds (start-up: imports, "
        f"opening the database) takes {fixed:.2f} s CPU; without it the second run takes "
        f"{run_share:.1%} of the first's CPU ({feeds} conditional requests and their state "
        "writes).",
        f"Peak memory of a first fetch: {peak:.0f} MB (under 300 MB: {verdict(peak < 300)}).",
    ]
    if not has_newsboat:
        lines.append("(newsboat missing and not installable: no ratio.)")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
