"""CPU milliseconds per uncached request of the bench pages, in-process (no gunicorn, no network).

A quick check while working on speed, on the database ``bench/volume.py`` built
(``make bench`` builds it; its figures, through gunicorn, are the reference):

    DATABASE_URL=sqlite:///bench/out/bench.sqlite3 DJANGO_PAGE_CACHE=0 DJANGO_DEBUG=0 ... \
      .venv/bin/python -m bench.inprocess [--runs 60] [--path /x/] [--calls] [--profile /tien-do/]

Requests go to Django's WSGI handler directly (every middleware, gzip; no test
client, whose own bookkeeping would be counted), with ``Accept-Encoding: gzip``.
For each page it prints the median and minimum process CPU time per request, and
the share spent in the ORM executing queries (building their SQL included).

On a shared machine CPU times drift with the load: compare before and after in
alternating runs, or use ``--calls``, which counts Python function calls per request
(cProfile): it does not depend on the load, and follows CPU time closely enough to
tell whether a change helped.
"""

import argparse
import io
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "namdong_site.settings")

TARGETS = [
    ("home", "/"),
    ("letter", "/van-ban/31-mttq-btt/"),
    ("news list", "/tin-tuc/"),
    ("news item", "/tin-tuc/mau-tin-0001/"),
    ("search", "/tim-kiem/?q=tuyen+truyen"),
    ("progress", "/tien-do/"),
    ("progress group", "/tien-do/nhom/ban-cong-tac-mat-tran-cac-to-dan-pho/"),
    ("progress unit", "/tien-do/don-vi/mau-0017/"),
    ("tasks", "/nhiem-vu/"),
    ("units", "/don-vi/"),
    ("contest", "/giai-thuong/"),
    ("events", "/su-kien/"),
]


def wsgi_environ(path):
    """A GET of ``path`` (with its query string) as a browser on 127.0.0.1 sends it."""
    path_info, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
    }


class Page:
    """Serves one path through the WSGI handler and reports its status."""

    def __init__(self, application, path):
        self.application, self.path, self.status = application, path, None

    def _start_response(self, status, headers, exc_info=None):
        self.status = int(status.split()[0])

    def get(self):
        response = self.application(wsgi_environ(self.path), self._start_response)
        try:
            b"".join(response)
        finally:
            response.close()
        return self.status


def orm_timer():
    """Wrap ``SQLCompiler.execute_sql`` to add up the CPU time queries take (SQL built and run)."""
    from django.db.models.sql import compiler

    spent = [0.0]
    original = compiler.SQLCompiler.execute_sql

    def execute_sql(self, *args, **kwargs):
        started = time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent[0] += time.process_time() - started

    compiler.SQLCompiler.execute_sql = execute_sql
    return spent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--path", action="append", help="time this path instead of the bench targets")
    parser.add_argument("--calls", action="store_true", help="count Python function calls per request instead")
    parser.add_argument("--profile", help="print a pyinstrument profile of this path")
    args = parser.parse_args(argv)
    if os.environ.get("DJANGO_PAGE_CACHE") != "0":
        parser.error("set DJANGO_PAGE_CACHE=0: this times uncached renders")
    django.setup()
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    if args.profile:
        from pyinstrument import Profiler

        page = Page(application, args.profile)
        for _ in range(5):
            page.get()
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(args.runs):
            page.get()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return 0
    targets = [(path, path) for path in args.path] if args.path else TARGETS
    orm = None if args.calls else orm_timer()
    for label, path in targets:
        page = Page(application, path)
        for _ in range(3):
            page.get()
        if page.status != 200:
            print(f"{label}: HTTP {page.status}", file=sys.stderr)
            return 1
        if args.calls:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            for _ in range(5):
                page.get()
            profile.disable()
            print(f"{label:<14} {pstats.Stats(profile).total_calls // 5:8,d} calls per request", flush=True)
            continue
        timings, orm_shares = [], []
        for _ in range(args.runs):
            orm[0] = 0.0
            started = time.process_time()
            page.get()
            timings.append((time.process_time() - started) * 1000)
            orm_shares.append(orm[0] * 1000)
        print(
            f"{label:<14} {statistics.median(timings):6.2f} ms CPU median, {min(timings):6.2f} min;"
            f" queries {statistics.median(orm_shares):5.2f} ms",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
