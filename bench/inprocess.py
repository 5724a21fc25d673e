"""CPU milliseconds per uncached request of the bench pages, in-process (no gunicorn, no network).

A quick check while working on speed, on the database ``bench/volume.py`` built
(``make bench`` builds it; its figures, through gunicorn, are the reference):

    DATABASE_URL=sqlite:///bench/out/bench.sqlite3 DJANGO_PAGE_CACHE=0 DJANGO_DEBUG=0 ... \
      .venv/bin/python -m bench.inprocess [--runs 50] [--path /x/] [--profile /tien-do/]

Requests go through the whole WSGI stack (middleware, gzip) with Django's test
client; it prints the median process CPU time per request.
"""

import argparse
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
    ("progress unit", "/tien-do/don-vi/mau-0017/"),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--path", action="append", help="time this path instead of the bench targets")
    parser.add_argument("--profile", help="print a pyinstrument profile of this path")
    args = parser.parse_args(argv)
    if os.environ.get("DJANGO_PAGE_CACHE") != "0":
        parser.error("set DJANGO_PAGE_CACHE=0: this times uncached renders")
    django.setup()
    from django.test import Client

    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    if args.profile:
        from pyinstrument import Profiler

        for _ in range(5):
            client.get(args.profile)
        profiler = Profiler(interval=0.0002)
        profiler.start()
        for _ in range(args.runs):
            client.get(args.profile)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return 0
    targets = [(path, path) for path in args.path] if args.path else TARGETS
    for label, path in targets:
        for _ in range(3):
            response = client.get(path)
        if response.status_code != 200:
            print(f"{label}: HTTP {response.status_code}", file=sys.stderr)
            return 1
        timings = []
        for _ in range(args.runs):
            started = time.process_time()
            client.get(path)
            timings.append((time.process_time() - started) * 1000)
        print(f"{label:<14} {statistics.median(timings):6.2f} ms CPU (min {min(timings):.2f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
