"""SAMPLE events for the benchmark and for trying the events pages with volume.

Nothing here is real: every event it makes has a title starting "[Mẫu]"
(sample), a slug starting "mau-su-kien-" and a description that says it is
sample text. It is never loaded by the set-up; ``make bench`` calls it on a
throwaway database (after the sample units of ``progress.sample``), and
``sample_delete`` removes all of it again.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from campaign.models import OutreachChannel, TargetUnit, TaskItem
from namdong_site.pagecache import page_cache_invalidate
from progress.models import ActivityReport

from .models import Event

PREFIX = "[Mẫu]"
SLUG_PREFIX = "mau-su-kien-"
KINDS = ["Họp tổ dân phố giới thiệu Giải thưởng", "Sinh hoạt chi hội", "Phát thanh trên loa phường"]


@transaction.atomic
def sample_create(*, count=60, reports_linked=5, seed=31):
    """Create ``count`` labelled published events, half upcoming and half past, spread over
    the sample units (and some ward-wide), each with two task items; link up to
    ``reports_linked`` approved reports of its unit to each past event. Returns the count."""
    rng = random.Random(seed)
    now = timezone.now()
    units = list(TargetUnit.objects.filter(slug__startswith="mau-").order_by("id"))
    channels = list(OutreachChannel.objects.order_by("id"))
    items = list(TaskItem.objects.order_by("id"))
    offset = Event.objects.filter(slug__startswith=SLUG_PREFIX).count()
    events = []
    for number in range(offset + 1, offset + count + 1):
        days = (number % 2 and 1 or -1) * rng.randrange(1, 90)
        start = (now + datetime.timedelta(days=days)).replace(hour=19, minute=30, second=0, microsecond=0)
        events.append(
            Event(
                title=f"{PREFIX} {rng.choice(KINDS)} (số {number})",
                slug=f"{SLUG_PREFIX}{number:03d}",
                description=f"{PREFIX} Sự kiện mẫu để thử tốc độ trang, không phải sự kiện thật.",
                start=start,
                end=start + datetime.timedelta(hours=2),
                place=f"{PREFIX} Nhà văn hóa",
                unit=rng.choice(units) if units and number % 4 else None,
                channel=rng.choice(channels) if channels else None,
                status=Event.Status.PUBLISHED,
            )
        )
    Event.objects.bulk_create(events)
    links = Event.task_items.through
    links.objects.bulk_create(
        links(event_id=event.pk, taskitem_id=item.pk)
        for event in events
        for item in rng.sample(items, min(2, len(items)))
    )
    for event in events:
        if event.unit_id and event.start < now:
            ids = ActivityReport.objects.filter(
                unit_id=event.unit_id, status=ActivityReport.Status.APPROVED, event__isnull=True
            ).values_list("id", flat=True)[:reports_linked]
            ActivityReport.objects.filter(id__in=list(ids)).update(event=event)
    page_cache_invalidate()  # bulk writes send no signals
    return count


@transaction.atomic
def sample_delete():
    """Remove every sample event (linked reports keep existing, unlinked); returns how many."""
    _, per_model = Event.objects.filter(slug__startswith=SLUG_PREFIX, title__startswith=PREFIX).delete()
    return per_model.get(Event._meta.label, 0)
