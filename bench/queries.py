"""SQL queries per public page, through Django's test client (part of `make bench`).

Runs in-process against the database ``make run`` uses (the Makefile's
environment), so it needs no server. For each page it counts the queries of a
first request and of a repeat (a cache, once there is one, shows in the
second), and how many of them repeat a statement already run for the same
request, the usual sign of a missing ``select_related``/``prefetch_related``.
It prints figures and asserts none; ``tests/`` is where query counts are held.
"""

import logging
import os
import sys
import time
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "namdong_site.settings")


def measure(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figures = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
        statements = Counter(query["sql"] for query in captured.captured_queries)
        repeated = sum(count - 1 for count in statements.values())
        figures.append((response.status_code, len(captured), repeated, elapsed))
    return figures


def main():
    django.setup()
    # A missing sitemap is expected while the site has none; Django would log each 404.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.test import Client

    from bench import pages
    from bench.audit import format_table

    # The Makefile's environment allows 127.0.0.1, not the test client's "testserver".
    client = Client(HTTP_HOST="127.0.0.1")

    def fetch(path):
        response = client.get(path)
        return response.status_code, response.content

    paths, source = pages.public_paths(fetch)
    paths += [path for path in pages.LIGHTHOUSE_PATHS if path not in paths]
    rows = []
    for path in paths:
        (status, first, first_repeated, first_ms), (_, again, _, again_ms) = measure(client, path)
        rows.append([path, status, first, first_repeated, again, f"{first_ms:.1f}", f"{again_ms:.1f}"])
    print(f"\nqueries: {len(paths)} page(s) from {source}, Django test client in-process")
    headers = ["page", "HTTP", "queries", "repeated", "queries again", "ms", "ms again"]
    print(format_table(headers, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
