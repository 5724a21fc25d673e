"""`make loadtest`: 100 connections for 60 s on the home page and the letter, then the same while a worker dies.

gunicorn runs as in production (``deploy/gunicorn.conf.py``: sync workers, their
number from the CPU count) with the Makefile's production-like environment.
For each page, ``wrk`` loads it twice:

1. steady: no errors allowed (non-2xx responses and socket errors), p99 under 1 s;
2. with a fault: about a third of the way in, one worker gets SIGKILL. The
   master must spawn a replacement (the worker count is back to N), p99 must
   stay under 1 s, and at most the requests in flight on the killed worker may
   be lost: a sync worker serves one request at a time, so at most one.

Exits 1 when a budget is missed, 2 when it cannot run.
"""

import argparse
import os
import re
import runpy
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import pages
from bench.load import parse_wrk
from bench.server import ServerError, get, gunicorn

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
P99_BUDGET_MS = 1000.0
# Requests a SIGKILLed sync worker can take with it: the one it was serving.
IN_FLIGHT_PER_WORKER = 1
_SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")


def parse_run(output):
    """``parse_wrk``'s figures plus ``socket_errors`` and ``non_2xx`` apart ("errors" is their sum)."""
    figures = parse_wrk(output)
    socket_errors = _SOCKET_ERRORS.search(output)
    non_2xx = _NON_2XX.search(output)
    figures["socket_errors"] = sum(map(int, socket_errors.groups())) if socket_errors else 0
    figures["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    return figures


def verdict(figures, *, allowed_errors=0, p99_budget_ms=P99_BUDGET_MS):
    """The reasons a run fails its budget (an empty list when it passes)."""
    problems = []
    if figures.get("p99") is None or figures["p99"] >= p99_budget_ms:
        problems.append(f"p99 {figures.get('p99')} ms is not under {p99_budget_ms:.0f} ms")
    if figures["errors"] > allowed_errors:
        problems.append(f"{figures['errors']} errors, at most {allowed_errors} allowed")
    if not figures["requests"]:
        problems.append("no request completed")
    return problems


def worker_pids(master_pid):
    """PIDs of the processes whose parent is ``master_pid`` (gunicorn's workers), from /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == master_pid:
            children.append(int(entry.name))
    return sorted(children)


def wait_for_workers(master_pid, count, timeout=30.0):
    """Seconds until ``master_pid`` has ``count`` workers again, or None after ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if len(worker_pids(master_pid)) >= count:
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def wrk_command(wrk, url, seconds, connections):
    # wrk's default 2 s time-out would leave the slowest requests out of the percentiles; count them in.
    return [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
            "-H", "Accept-Encoding: gzip", url]  # fmt: skip


def run_steady(wrk, url, seconds, connections):
    done = subprocess.run(
        wrk_command(wrk, url, seconds, connections), capture_output=True, text=True, timeout=seconds + 60, check=True
    )
    return parse_run(done.stdout)


def run_with_fault(wrk, url, seconds, connections, master_pid, expected_workers):
    """Load for ``seconds``; SIGKILL one worker a third of the way in; figures plus what happened."""
    process = subprocess.Popen(wrk_command(wrk, url, seconds, connections), stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(seconds / 3)
        before = worker_pids(master_pid)
        victim = before[len(before) // 2]
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        replaced_after = None
        while time.monotonic() - killed_at < 30:
            now = worker_pids(master_pid)
            if victim not in now and len(now) >= expected_workers:
                replaced_after = time.monotonic() - killed_at
                break
            time.sleep(0.05)
        output, _ = process.communicate(timeout=seconds + 60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    figures = parse_run(output)
    figures.update(victim=victim, replaced_after=replaced_after, workers_after=len(worker_pids(master_pid)))
    return figures


def letter_path(base_url):
    """The letter's page, from the sitemap (the first /van-ban/<slug>/ there)."""

    def fetch(path):
        status, _, body = get(base_url, path)
        return status, body

    paths, _ = pages.public_paths(fetch)
    letters = [path for path in paths if re.fullmatch(r"/van-ban/[^/]+/", path)]
    if not letters:
        raise ServerError("no letter page (/van-ban/<slug>/) in the sitemap: run `make setup` (it loads the letter)")
    return letters[0]


def row(label, figures):
    figures = {"p50": float("nan"), "p99": float("nan"), **figures}
    return (
        f"  {label:<22} {figures['requests']:>8} req  {figures['rps']:>7.0f} req/s  p50 {figures['p50']:>7.1f} ms"
        f"  p99 {figures['p99']:>7.1f} ms  errors {figures['errors']} "
        f"(non-2xx {figures['non_2xx']}, socket {figures['socket_errors']})"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="loopback port for gunicorn (default: any free one)")
    parser.add_argument("--seconds", type=int, default=60, help="length of each run")
    parser.add_argument("--connections", type=int, default=100, help="concurrent connections")
    parser.add_argument("--path", action="append", help="load this path instead of the home page and the letter")
    args = parser.parse_args(argv)
    wrk = shutil.which("wrk")
    if not wrk:
        print("loadtest: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    log_dir = ROOT / "bench" / "out"
    log_dir.mkdir(parents=True, exist_ok=True)
    failures = []
    try:
        with tempfile.TemporaryDirectory() as work:
            pidfile = Path(work) / "gunicorn.pid"
            extra = ["-c", str(CONFIG), "--pid", str(pidfile)]
            log_path = log_dir / "loadtest-gunicorn.log"
            with gunicorn(port=args.port, workers=None, log_path=log_path, extra_args=extra) as base_url:
                master = int(pidfile.read_text())
                workers = runpy.run_path(str(CONFIG))["workers"]
                if wait_for_workers(master, workers) is None:
                    raise ServerError(f"gunicorn did not start its {workers} workers")
                paths = args.path or ["/", letter_path(base_url)]
                print(f"loadtest: gunicorn -c deploy/gunicorn.conf.py, {workers} sync workers, at {base_url}")
                print(f"loadtest: wrk, {args.connections} connections x {args.seconds} s per run; budget: "
                      f"p99 < {P99_BUDGET_MS:.0f} ms, no errors (with one worker killed: at most "
                      f"{IN_FLIGHT_PER_WORKER} in-flight request lost)", flush=True)  # fmt: skip
                for path in paths:
                    for _ in range(2 * workers):
                        get(base_url, path)
                    print(f"\n{path}", flush=True)
                    steady = run_steady(wrk, base_url + path, args.seconds, args.connections)
                    print(row("steady", steady), flush=True)
                    failures += [f"{path} steady: {problem}" for problem in verdict(steady)]

                    faulty = run_with_fault(wrk, base_url + path, args.seconds, args.connections, master, workers)
                    print(row(f"worker {faulty['victim']} killed", faulty))
                    replaced = faulty["replaced_after"]
                    print(
                        f"  {'':<22} replacement spawned after {replaced:.2f} s; {faulty['workers_after']}/{workers} "
                        "workers running"
                        if replaced is not None
                        else "  no replacement worker within 30 s",
                        flush=True,
                    )
                    failures += [
                        f"{path} worker killed: {problem}"
                        for problem in verdict(faulty, allowed_errors=IN_FLIGHT_PER_WORKER)
                    ]
                    if replaced is None or faulty["workers_after"] != workers:
                        failures.append(f"{path}: the master did not get back to {workers} workers")
    except (ServerError, subprocess.SubprocessError, OSError) as error:
        print(f"loadtest: cannot run: {error}", file=sys.stderr)
        return 2
    print()
    if failures:
        print("loadtest: FAILED\n  " + "\n  ".join(failures))
        return 1
    print("loadtest: passed (every run: p99 under 1 s, no errors beyond the killed worker's in-flight request)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
