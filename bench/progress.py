"""Benchmark of the public progress pages with many units and reports.

Builds a throwaway test database (SQLite in memory, or a ``test_…`` database on
the server DATABASE_URL names), loads the letter and SAMPLE data (300 units,
10,000 reports by default), then prints the SQL query count and timings of
/tien-do/, the first group's page, a unit's page and the exports. It prints; it asserts nothing.

    .venv/bin/python bench/progress.py [--units 300] [--reports 10000] [--runs 20]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "namdong_site.settings_test")
# Every request rendered, not answered from the page cache (namdong_site/pagecache.py).
os.environ.setdefault("DJANGO_PAGE_CACHE", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment  # noqa: E402


def timed(function, runs):
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def report(label, timings, queries=None):
    extra = f"  queries={queries}" if queries is not None else ""
    print(
        f"{label:<34} median {statistics.median(timings):8.1f} ms   min {min(timings):8.1f} ms   "
        f"max {max(timings):8.1f} ms{extra}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--nominations", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from campaign.models import UnitGroup
        from campaign.services import directive_load
        from progress.exports import csv_bytes, table_for, xlsx_bytes
        from progress.models import ActivityReport, Nomination
        from progress.sample import sample_create

        directive_load()
        start = time.perf_counter()
        sample_create(units=args.units, reports=args.reports, nominations=args.nominations)
        print(
            f"database: {connection.vendor}; sample data: {args.units} units, {args.reports} reports, "
            f"{args.nominations} nominations, made in {time.perf_counter() - start:.1f} s"
        )

        client = Client()
        first_group = UnitGroup.objects.order_by("order").values_list("slug", flat=True).first()
        for url in ["/tien-do/", f"/tien-do/nhom/{first_group}/"]:
            client.get(url)  # warm up templates and connections
            sql_seconds = []

            def timed_sql(execute, sql, params, many, context, sql_seconds=sql_seconds):
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    sql_seconds.append(time.perf_counter() - started)

            with connection.execute_wrapper(timed_sql):
                response = client.get(url)
            print(
                f"{url}: {len(response.content) / 1024:.0f} KiB HTML, {len(sql_seconds)} queries, "
                f"{sum(sql_seconds) * 1000:.2f} ms executing them"
            )
            report(f"GET {url}", timed(lambda url=url: client.get(url), args.runs), len(sql_seconds))

        busiest = ActivityReport.objects.published().values_list("unit__slug", flat=True).order_by("unit__slug").first()
        unit_url = f"/tien-do/don-vi/{busiest}/"
        with CaptureQueriesContext(connection) as context:
            client.get(unit_url)
        count = len(context.captured_queries)
        report(f"GET {unit_url}", timed(lambda: client.get(unit_url), args.runs), count)

        def export(kind, writer):
            queryset = ActivityReport.objects.all() if kind == "reports" else Nomination.objects.all()
            title, columns, rows = table_for(kind, queryset, include_contacts=True)
            return writer(columns, rows) if writer is csv_bytes else writer(title, columns, rows)

        runs = max(1, args.runs // 10)
        report("export reports CSV", timed(lambda: export("reports", csv_bytes), runs))
        report("export reports XLSX", timed(lambda: export("reports", xlsx_bytes), runs))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
