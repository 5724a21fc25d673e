"""`make bench`: requests per second and latency percentiles of each public page under a bounded load.

Starts gunicorn like ``make audit`` (the Makefile's production-like environment,
a free loopback port), then loads each page in turn for a fixed time with a
fixed number of connections: with ``wrk`` when it is installed, otherwise with
a small Python client bounded by both a request count and a time limit. Every
request asks for gzip, as a browser does. It prints figures and asserts none:
on a 2-core machine that also runs the load generator they are indicative only.
"""

import argparse
import math
import re
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.audit import discover, format_table
from bench.server import ServerError, get, gunicorn

ROOT = Path(__file__).resolve().parent.parent
_WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_WRK_PERCENTILE = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_WRK_REQUESTS = re.compile(r"(\d+) requests in")
_WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_WRK_SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="loopback port for gunicorn (default: any free one)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--seconds", type=int, default=5, help="load time per page")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--max-requests", type=int, default=2000, help="request bound per page (Python client)")
    parser.add_argument("--path", action="append", help="load this path instead of the discovered pages")
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 60 or not 1 <= args.connections <= 64:
        parser.error("--seconds must be 1-60 and --connections 1-64: the load stays bounded")
    wrk = shutil.which("wrk")
    client = f"wrk, {args.connections} connections" if wrk else f"Python client, {args.connections} threads"
    log_path = ROOT / "bench" / "out" / "bench-gunicorn.log"
    try:
        with gunicorn(port=args.port, workers=args.workers, log_path=log_path) as base_url:
            paths, source = discover(base_url, args.path)
            print(f"bench: {len(paths)} page(s) from {source}; gunicorn ({args.workers} workers) at {base_url}")
            print(f"bench: {args.seconds} s per page, {client}; figures only, no budget", flush=True)
            rows = []
            for path in paths:
                for _ in range(2 * args.workers):
                    get(base_url, path)
                if wrk:
                    figures = run_wrk(wrk, base_url + path, args.seconds, args.connections)
                else:
                    figures = run_python_client(base_url, path, args.seconds, args.connections, args.max_requests)
                rows.append(
                    [path, figures["requests"], f"{figures['rps']:.0f}"]
                    + [f"{figures[f'p{p}']:.1f}" for p in (50, 75, 90, 99)]
                    + [figures["errors"]]
                )
    except ServerError as error:
        print(f"bench: cannot run: {error}", file=sys.stderr)
        return 2
    headers = ["page", "requests", "req/s", "p50 ms", "p75 ms", "p90 ms", "p99 ms", "errors"]
    print()
    print(format_table(headers, rows))
    print(f"\nMedian req/s over pages: {statistics.median(float(row[2]) for row in rows):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
