"""`make bench`: speed of the public pages under load, with the page cache and without it.

Builds a throwaway SQLite database (``bench/out/bench.sqlite3``, never the one
``make run`` uses) with the real letter plus SAMPLE volume labelled "[Mẫu]"
(1,000 news items, 300 units, 10,000 reports; ``bench/volume.py``), then starts
gunicorn as in production (the Makefile's environment: DEBUG off) twice: with
the page cache, then with ``DJANGO_PAGE_CACHE=0``. Each time it loads each
target in turn for a fixed time with a fixed number of connections (``wrk``
when installed, else a small Python client bounded by a request count and a
time limit; every request asks for gzip, as a browser does) and prints per
target: requests per second, p50/p99 latency, the server's CPU milliseconds per
request (user+system time of the gunicorn master and workers from
``/proc/<pid>/stat`` before and after, divided by the requests served: it holds
up on a noisy machine where req/s does not), that figure scaled to the issue's
reference machine (where the static file costs 0.48 ms: this machine's CPU figure
× 0.48 ÷ the static file's CPU figure in the same run), the largest worker's
memory, and req/s as a share of the static CSS file's in the same run. After each table, a
memory run: 20,000 requests cycling over the pages (or as many as 100 seconds
allow: uncached pages on a busy 2-core machine are slower), and every worker's
memory before and after. It prints figures and asserts none.
"""

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.audit import format_table
from bench.pages import html_resources
from bench.server import ServerError, get, gunicorn

ROOT = Path(__file__).resolve().parent.parent
_WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_WRK_PERCENTILE = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_WRK_REQUESTS = re.compile(r"(\d+) requests in")
_WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_WRK_SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
OUT = ROOT / "bench" / "out"
MEMORY_REQUESTS = 20_000


def parse_proc_stat(text):
    """``(ppid, utime + stime in clock ticks)`` from the text of ``/proc/<pid>/stat``.

    The command name (field 2) is in parentheses and may itself hold spaces or
    parentheses, so fields are counted from the last ``)``.
    """
    fields = text[text.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
    return int(fields[1]), int(fields[11]) + int(fields[12])


def parse_rss_kib(status_text):
    """Resident memory in KiB from the text of ``/proc/<pid>/status``."""
    for line in status_text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise ValueError("no VmRSS line")


def _read(path):
    try:
        return Path(path).read_text()
    except OSError:
        return None


def server_pids(master_pid, proc=Path("/proc")):
    """The gunicorn master and its workers (its child processes), master first."""
    workers = []
    for entry in proc.iterdir():
        if entry.name.isdigit() and int(entry.name) != master_pid:
            text = _read(entry / "stat")
            if text and parse_proc_stat(text)[0] == master_pid:
                workers.append(int(entry.name))
    return [master_pid, *sorted(workers)]


def cpu_seconds(pids, proc=Path("/proc")):
    """User + system CPU seconds spent so far by ``pids`` (processes gone since count nothing)."""
    ticks = 0
    for pid in pids:
        text = _read(proc / str(pid) / "stat")
        if text:
            ticks += parse_proc_stat(text)[1]
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_mib(pid, proc=Path("/proc")):
    text = _read(proc / str(pid) / "status")
    return parse_rss_kib(text) / 1024 if text else float("nan")


# Issue 7's reference machine serves the static CSS file for this much CPU per request
# (through gunicorn and whitenoise); its budget for an uncached page is 5 ms there.
REFERENCE_STATIC_CPU_MS = 0.48


def speed_rows(results):
    """Table rows for ``results`` (dicts with label, path, requests, rps, p50, p99, cpu_ms, rss, errors).

    Against the static file (the result labelled "static CSS") in the same list:
    "ref. CPU ms" is the CPU per request scaled to the issue's reference machine
    (× 0.48 ms ÷ the static file's CPU per request here: machines differ 2–3× in
    speed, the ratio between two kinds of request much less), and "× static" is
    each target's req/s as a share of the static file's.
    """
    static = next((r for r in results if r["label"] == "static CSS"), None)
    rows = []
    for r in results:
        share = f"{r['rps'] / static['rps']:.2f}" if static else "–"
        scaled = f"{r['cpu_ms'] * REFERENCE_STATIC_CPU_MS / static['cpu_ms']:.2f}" if static else "–"
        rows.append(
            [
                r["label"],
                r["requests"],
                f"{r['rps']:.0f}",
                f"{r['p50']:.1f}",
                f"{r['p99']:.1f}",
                f"{r['cpu_ms']:.2f}",
                scaled,
                f"{r['rss']:.0f}",
                share,
                r["errors"],
            ]
        )
    return rows


SPEED_HEADERS = [
    "target", "requests", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "ref. CPU ms", "worker MiB", "× static", "errors",
]  # fmt: skip


def parse_wrk(output):
    """``{"requests", "rps", "p50", "p75", "p90", "p99" (ms), "errors"}`` from ``wrk --latency`` output."""
    figures = {"requests": int(_WRK_REQUESTS.search(output).group(1)), "rps": float(_WRK_RPS.search(output).group(1))}
    for percentile, value, unit in _WRK_PERCENTILE.findall(output):
        figures[f"p{percentile}"] = float(value) * _UNIT_MS[unit]
    socket_errors = _WRK_SOCKET_ERRORS.search(output)
    non_2xx = _WRK_NON_2XX.search(output)
    figures["errors"] = (sum(map(int, socket_errors.groups())) if socket_errors else 0) + (
        int(non_2xx.group(1)) if non_2xx else 0
    )
    return figures


def run_wrk(wrk, url, seconds, connections):
    threads = min(2, connections)
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: gzip"]
    completed = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True)
    return parse_wrk(completed.stdout)


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an already sorted list."""
    index = max(0, min(len(sorted_values) - 1, math.ceil(round(fraction * len(sorted_values), 9)) - 1))
    return sorted_values[index]


def run_python_client(base_url, path, seconds, connections, max_requests):
    """At most ``max_requests`` GETs over ``connections`` threads, stopping after ``seconds`` in any case."""
    deadline = time.monotonic() + seconds
    per_thread = max(1, max_requests // connections)

    def worker():
        timings, errors = [], 0
        for _ in range(per_thread):
            if time.monotonic() >= deadline:
                break
            started = time.perf_counter()
            try:
                status, _, _ = get(base_url, path, headers={"Accept-Encoding": "gzip"}, timeout=10)
            except OSError:
                errors += 1
                continue
            timings.append((time.perf_counter() - started) * 1000)
            errors += status >= 400
        return timings, errors

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        outcomes = list(pool.map(lambda _: worker(), range(connections)))
    elapsed = time.monotonic() - started
    timings = sorted(t for thread_timings, _ in outcomes for t in thread_timings)
    figures = {"requests": len(timings), "rps": len(timings) / elapsed if elapsed else 0.0}
    figures["errors"] = sum(errors for _, errors in outcomes)
    for p in (50, 75, 90, 99):
        figures[f"p{p}"] = percentile(timings, p / 100) if timings else float("nan")
    return figures


def build_volume(database_path):
    """Make the throwaway database afresh; returns the paths ``bench/volume.py`` chose."""
    database_path.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database_path}"}
    completed = subprocess.run(
        [sys.executable, "-m", "bench.volume"], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if completed.returncode:
        raise ServerError(f"bench.volume failed:\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def load(base_url, path, args, wrk):
    """wrk (or the Python client) on one path; figures plus server CPU ms per request and worker memory."""
    for _ in range(4 * args.workers):  # templates compiled, connections open, the page stored
        get(base_url, path, headers={"Accept-Encoding": "gzip"})
    pids = server_pids(base_url.pid)
    before = cpu_seconds(pids)
    if wrk:
        figures = run_wrk(wrk, base_url + path, args.seconds, args.connections)
    else:
        figures = run_python_client(base_url, path, args.seconds, args.connections, args.max_requests)
    spent = cpu_seconds(pids) - before
    figures["cpu_ms"] = 1000 * spent / figures["requests"] if figures["requests"] else float("nan")
    figures["rss"] = max(rss_mib(pid) for pid in pids[1:]) if len(pids) > 1 else float("nan")
    return figures


def memory_run(base_url, paths, wrk, args):
    """``MEMORY_REQUESTS`` requests cycling over ``paths``: (requests, {worker pid: (MiB before, after)})."""
    for _ in range(2 * args.workers):
        for path in paths:
            get(base_url, path, headers={"Accept-Encoding": "gzip"})
    workers = server_pids(base_url.pid)[1:]
    before = {pid: rss_mib(pid) for pid in workers}
    served, deadline = 0, time.monotonic() + args.memory_seconds
    script = OUT / "bench-paths.lua"
    script.write_text(
        "local paths = {" + ", ".join(json.dumps(path) for path in paths) + "}\n"
        "local i = 0\n"
        "request = function()\n  i = i + 1\n  return wrk.format(nil, paths[(i % #paths) + 1])\nend\n"
    )
    while served < args.memory_requests and time.monotonic() < deadline:
        if wrk:
            command = [wrk, "-t2", f"-c{args.connections}", "-d5s", "-s", str(script), "-H", "Accept-Encoding: gzip"]
            output = subprocess.run([*command, base_url], capture_output=True, text=True, timeout=120, check=True)
            served += parse_wrk(output.stdout)["requests"]
        else:
            for path in paths:
                served += run_python_client(base_url, path, 5, args.connections, 500)["requests"]
    return served, {pid: (before[pid], rss_mib(pid)) for pid in workers}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="loopback port for gunicorn (default: any free one)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--seconds", type=int, default=4, help="load time per target")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--max-requests", type=int, default=2000, help="request bound per target (Python client)")
    parser.add_argument("--memory-requests", type=int, default=MEMORY_REQUESTS, help="requests of the memory run")
    parser.add_argument("--memory-seconds", type=int, default=100, help="time bound of each memory run")
    parser.add_argument("--path", action="append", help="load this path too")
    parser.add_argument(
        "--only", choices=["cached", "uncached"], help="run one of the two servers only (e.g. while working on speed)"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 60 or not 1 <= args.connections <= 64:
        parser.error("--seconds must be 1-60 and --connections 1-64: the load stays bounded")
    wrk = shutil.which("wrk")
    client = f"wrk, {args.connections} connections" if wrk else f"Python client, {args.connections} threads"
    OUT.mkdir(parents=True, exist_ok=True)
    database = OUT / "bench.sqlite3"
    try:
        volume = build_volume(database)
        print(
            f"bench: throwaway database {database.relative_to(ROOT)} built in {volume['seconds']} s: the letter, "
            "SAMPLE volume [Mẫu]: 1,000 news, 300 units, 10,000 reports, 60 events"
        )
        print(
            f"bench: gunicorn {args.workers} workers, DEBUG off; {args.seconds} s per target, {client}; "
            f"{os.cpu_count()} CPU(s); figures only, no budget",
            flush=True,
        )
        targets = [
            ("home", "/"),
            ("letter", "/van-ban/31-mttq-btt/"),
            ("news list", "/tin-tuc/"),
            ("news item", volume["news_item"]),
            ("search", "/tim-kiem/?q=tuyen+truyen"),
            ("progress", "/tien-do/"),
            ("progress group", volume["progress_group"]),
            ("progress unit", volume["progress_unit"]),
            # The other kinds of public page ("any public page", issue 7).
            ("tasks", "/nhiem-vu/"),
            ("units", "/don-vi/"),
            ("unit", volume["unit"]),
            ("contest", "/giai-thuong/"),
            ("events", "/su-kien/"),
            ("event", volume["event"]),
            ("outreach", "/an-pham/"),
            ("poster", "/an-pham/ap-phich/"),
            *[(path, path) for path in args.path or []],
        ]
        for mode, enabled in (("cached", "1"), ("uncached", "0")):
            if args.only and mode != args.only:
                continue
            cache_dir = OUT / f"cache-{mode}"
            shutil.rmtree(cache_dir, ignore_errors=True)
            env = {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_PAGE_CACHE": enabled,
                   "DJANGO_CACHE_DIR": str(cache_dir), "REDIS_URL": ""}  # fmt: skip
            log_path = OUT / f"bench-gunicorn-{mode}.log"
            with gunicorn(port=args.port, workers=args.workers, log_path=log_path, env=env) as base_url:
                _, _, home = get(base_url, "/")
                css = next(r.url for r in html_resources(home.decode(), base_url + "/") if r.kind == "stylesheet")
                results = []
                for label, path in [*targets, ("static CSS", css.removeprefix(base_url))]:
                    results.append({"label": label, **load(base_url, path, args, wrk)})
                print(f"\n{mode} ({'page cache on' if enabled == '1' else 'DJANGO_PAGE_CACHE=0'}):")
                print(format_table(SPEED_HEADERS, speed_rows(results)), flush=True)
                paths = [path for _, path in targets]
                served, memory = memory_run(base_url, paths, wrk, args)
                print(f"\nmemory, {mode}: {served} requests over {len(paths)} pages; worker RSS before → after:")
                for pid, (before, after) in memory.items():
                    print(f"  worker {pid}: {before:.1f} → {after:.1f} MiB ({after - before:+.1f} MiB)")
    except ServerError as error:
        print(f"bench: cannot run: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
