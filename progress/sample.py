"""SAMPLE data for trying the progress pages, for tests and for the benchmark.

Nothing here is real: every unit, report and nomination it makes is named with
the prefix "[Mẫu]" (sample) and its units' slugs start with "mau-". It is never
loaded by the set-up; only the tests, ``bench/progress.py`` and the command
``manage.py progress_sample`` (which says what it made) call it, and
``sample_delete`` removes all of it again.

It needs the letter loaded (``manage.py load_letter``): the groups, channels
and task items are the real ones.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from campaign.models import Directive, OutreachChannel, TargetUnit, TaskItem, UnitGroup
from namdong_site.pagecache import page_cache_invalidate

from .models import ActivityReport, Nomination
from .tallies import tallies_deferred, tally_refresh

PREFIX = "[Mẫu]"
SLUG_PREFIX = "mau-"
GROUP_WORDS = {
    UnitGroup.Kind.RESIDENTIAL: "Tổ dân phố số",
    UnitGroup.Kind.MEMBER: "Tổ chức thành viên số",
    UnitGroup.Kind.ASSOCIATION: "Chi hội số",
}
ACTIVITY_WORDS = [
    "Hội nghị giới thiệu Giải thưởng",
    "Sinh hoạt chi hội về thông tin đối ngoại",
    "Phát thanh giới thiệu thể lệ Giải thưởng",
    "Chia sẻ bài viết trên nhóm Zalo",
    "Gặp gỡ hội viên có tác phẩm",
]


@transaction.atomic
def sample_create(*, units=300, reports=10_000, nominations=300, approved_share=0.9, seed=31):
    """Create labelled sample units, reports and nominations in bulk; returns the counts made."""
    rng = random.Random(seed)
    groups = list(UnitGroup.objects.order_by("order"))
    channels = list(OutreachChannel.objects.all())
    items = list(TaskItem.objects.all())
    if not (groups and channels and items):
        raise RuntimeError("Load the letter first (manage.py load_letter): sample data uses its groups and channels.")
    start = Directive.objects.order_by("issued_on").values_list("issued_on", flat=True).first() or datetime.date(
        2026, 6, 18
    )
    days = max(1, (max(timezone.localdate(), start + datetime.timedelta(days=30)) - start).days)
    offset = TargetUnit.objects.filter(slug__startswith=SLUG_PREFIX).count()

    made_units = TargetUnit.objects.bulk_create(
        [
            TargetUnit(
                group=groups[index % len(groups)],
                name=f"{PREFIX} {GROUP_WORDS.get(groups[index % len(groups)].kind, 'Đơn vị số')} {number}",
                slug=f"{SLUG_PREFIX}{number:04d}",
                order=1000 + number,
            )
            for index, number in enumerate(range(offset + 1, offset + units + 1))
        ]
    )
    made_units = list(TargetUnit.objects.filter(slug__in=[unit.slug for unit in made_units]))
    now = timezone.now()
    made_reports = ActivityReport.objects.bulk_create(
        [_report(rng, made_units, channels, start, days, now, approved_share, index) for index in range(reports)],
        batch_size=2000,
    )
    if made_reports and made_reports[0].pk is None:
        made_reports = list(ActivityReport.objects.filter(unit__in=made_units).only("id"))
    through = ActivityReport.task_items.through
    through.objects.bulk_create(
        [
            through(activityreport_id=report.pk, taskitem_id=item.pk)
            for report in made_reports
            for item in rng.sample(items, rng.choice((1, 1, 2)))
        ],
        batch_size=5000,
    )
    states = Nomination.State.values
    Nomination.objects.bulk_create(
        [
            Nomination(
                unit=rng.choice(made_units),
                nominated_on=start + datetime.timedelta(days=rng.randrange(days)),
                title=f"{PREFIX} Tác phẩm số {index + 1}",
                author_name=f"{PREFIX} Tác giả số {index + 1}",
                name_public=rng.random() < 0.5,
                state=rng.choice(states[:3]),
            )
            for index in range(nominations)
        ],
        batch_size=2000,
    )
    tally_refresh(unit_ids=[unit.pk for unit in made_units])
    page_cache_invalidate()  # bulk_create sends no signals
    return {"units": len(made_units), "reports": reports, "nominations": nominations}


def _report(rng, units, channels, start, days, now, approved_share, index):
    approved = rng.random() < approved_share
    return ActivityReport(
        unit=rng.choice(units),
        held_on=start + datetime.timedelta(days=rng.randrange(days)),
        channel=rng.choice(channels),
        title=f"{PREFIX} {rng.choice(ACTIVITY_WORDS)} ({index + 1})",
        description=f"{PREFIX} Nội dung mẫu, không phải hoạt động thật.",
        people_reached=rng.randrange(5, 200),
        status=ActivityReport.Status.APPROVED if approved else ActivityReport.Status.PENDING,
        reviewed_at=now if approved else None,
    )


@transaction.atomic
def sample_delete():
    """Remove every sample unit and what was reported for it; returns the number of units removed."""
    units = TargetUnit.objects.filter(slug__startswith=SLUG_PREFIX, name__startswith=PREFIX)
    with tallies_deferred():  # one refresh, not one per report deleted
        ActivityReport.objects.filter(unit__in=units).delete()
    Nomination.objects.filter(unit__in=units).delete()
    count = units.count()
    units.delete()
    return count
