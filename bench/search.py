"""Search time with 1,000 news items, in-process, on SQLite or on the PostgreSQL ``DATABASE_URL`` names.

Builds a throwaway test database (SQLite in memory, or ``test_…`` on the server
DATABASE_URL names), loads the letter and the SAMPLE volume ("[Mẫu]": 1,000 news,
300 units, 10,000 reports), then times the search page through Django's test
client with the page cache off: the median wall time and CPU time of this
process (on PostgreSQL the database's own CPU is in the wall time only). Part of
``make bench``; it prints and asserts nothing.

    .venv/bin/python -m bench.search [--runs 15]
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "namdong_site.settings_test")

QUERIES = ["tuyen truyen", "giai thuong", "Đồng", "to dan pho so 1", "khong co gi ca"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    from bench.audit import format_table
    from bench.volume import build

    settings.PAGE_CACHE_ENABLED = False
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        build(units=300, reports=10_000, nominations=300, articles=1000)
        client = Client()
        rows = []
        for query in QUERIES:
            response = client.get("/tim-kiem/", {"q": query})
            assert response.status_code == 200
            walls, cpus = [], []
            for _ in range(args.runs):
                wall, cpu = time.perf_counter(), time.process_time()
                client.get("/tim-kiem/", {"q": query})
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
            results = len(response.context["results"])
            rows.append([query, results, f"{statistics.median(walls):.1f}", f"{statistics.median(cpus):.1f}"])
        print(f"\nsearch on {connection.vendor} with 1,000 news items (page cache off, median of {args.runs}):")
        print(format_table(["query", "results", "wall ms", "CPU ms (Django)"], rows))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return 0


if __name__ == "__main__":
    sys.exit(main())
