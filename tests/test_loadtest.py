"""`make loadtest`'s own rules (bench/loadtest.py): reading wrk, the budget, finding gunicorn's workers.

The 60-second runs themselves are `make loadtest`, not part of `make test`.
"""

import os
import subprocess
import sys
import time

from bench import loadtest

STEADY = """Running 1m test @ http://127.0.0.1:8051/
  2 threads and 100 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   210.52ms   45.01ms 950.22ms   72.50%
    Req/Sec   240.01     32.33   300.00     70.00%
  Latency Distribution
     50%  201.00ms
     75%  230.60ms
     90%  280.50ms
     99%  612.40ms
  28801 requests in 1.00m, 107.07MB read
Requests/sec:    479.96
Transfer/sec:      1.78MB
"""

KILLED = """Running 1m test @ http://127.0.0.1:8051/
  2 threads and 100 connections
  Latency Distribution
     50%  205.00ms
     75%  240.60ms
     90%  290.50ms
     99%    1.02s
  27001 requests in 1.00m, 100.07MB read
  Socket errors: connect 0, read 1, write 0, timeout 0
  Non-2xx or 3xx responses: 1
Requests/sec:    449.96
"""


class TestReadingWrk:
    def test_a_clean_run(self):
        figures = loadtest.parse_run(STEADY)
        assert figures["requests"] == 28801
        assert figures["rps"] == 479.96
        assert (figures["p50"], figures["p99"]) == (201.0, 612.4)
        assert (figures["errors"], figures["socket_errors"], figures["non_2xx"]) == (0, 0, 0)
        assert loadtest.verdict(figures) == []

    def test_errors_apart_and_together(self):
        figures = loadtest.parse_run(KILLED)
        assert (figures["errors"], figures["socket_errors"], figures["non_2xx"]) == (2, 1, 1)
        assert figures["p99"] == 1020.0

    def test_the_budget(self):
        figures = loadtest.parse_run(KILLED)
        problems = loadtest.verdict(figures, allowed_errors=1)
        assert problems == ["p99 1020.0 ms is not under 1000 ms", "2 errors, at most 1 allowed"]
        assert loadtest.verdict({**figures, "p99": 999.9, "errors": 1}, allowed_errors=1) == []
        assert loadtest.verdict({**figures, "p99": 999.9, "errors": 1}) == ["1 errors, at most 0 allowed"]
        assert "no request completed" in loadtest.verdict({"requests": 0, "errors": 0})


def test_workers_are_the_masters_children():
    others = len(loadtest.worker_pids(os.getpid()))  # say, the browser tests' Playwright driver
    children = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) for _ in range(2)]
    try:
        pids = loadtest.worker_pids(os.getpid())
        assert {child.pid for child in children} <= set(pids)
        assert loadtest.wait_for_workers(os.getpid(), others + 2, timeout=1) is not None
        children[0].kill()
        children[0].wait()
        assert children[0].pid not in loadtest.worker_pids(os.getpid())
        assert children[1].pid in loadtest.worker_pids(os.getpid())
        started = time.monotonic()
        assert loadtest.wait_for_workers(os.getpid(), others + 2, timeout=0.5) is None
        assert time.monotonic() - started >= 0.5
    finally:
        for child in children:
            child.kill()
            child.wait()
