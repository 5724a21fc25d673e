"""Build the throwaway database ``make bench`` serves: the letter plus SAMPLE volume.

Run with ``DATABASE_URL`` naming the throwaway database (``bench.load`` points it
at ``bench/out/bench.sqlite3``, never at the database ``make run`` uses). It
migrates, loads the real letter, then adds sample units, reports and news, all
labelled "[Mẫu]", and prints as JSON the paths the benchmark loads.

    DATABASE_URL=sqlite:///bench/out/bench.sqlite3 .venv/bin/python -m bench.volume
"""

import argparse
import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "namdong_site.settings")


def build(*, units, reports, nominations, articles, events=60):
    from django.core.management import call_command
    from django.db.models import Count, Q
    from django.utils import timezone

    from campaign.models import TargetUnit, UnitGroup
    from campaign.services import directive_load
    from events import sample as events_sample
    from events.models import Event
    from news import sample as news_sample
    from progress import sample as progress_sample
    from progress.models import ActivityReport

    call_command("migrate", verbosity=0, interactive=False)
    directive_load()
    progress_sample.sample_create(units=units, reports=reports, nominations=nominations)
    news_sample.sample_create(count=articles)
    events_sample.sample_create(count=events)
    busiest = (
        TargetUnit.objects.published()
        .annotate(n=Count("activity_reports", filter=Q(activity_reports__status=ActivityReport.Status.APPROVED)))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    # The group with the most shown units: the heaviest of the groups' progress pages.
    largest = (
        UnitGroup.objects.annotate(n=Count("units", filter=Q(units__is_active=True)))
        .order_by("-n", "order", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    # A past event of a unit: its page lists the reports filed for it.
    past = Event.objects.filter(
        slug__startswith=events_sample.SLUG_PREFIX, unit__isnull=False, start__lt=timezone.now()
    )
    return {
        "news_item": f"/tin-tuc/{news_sample.SLUG_PREFIX}0001/",
        "progress_group": f"/tien-do/nhom/{largest}/",
        "progress_unit": f"/tien-do/don-vi/{busiest}/",
        "unit": f"/don-vi/{busiest}/",
        "event": f"/su-kien/{past.order_by('slug').values_list('slug', flat=True).first()}/",
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--nominations", type=int, default=300)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--events", type=int, default=60)
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        parser.error("set DATABASE_URL to a throwaway database")
    django.setup()
    started = time.monotonic()
    paths = build(
        units=args.units, reports=args.reports, nominations=args.nominations, articles=args.articles, events=args.events
    )
    paths["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
