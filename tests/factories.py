"""Factories for the tests: units, accounts with their roles, reports, nominations, images.

Names used here are test data, not real people or units.
"""

import datetime
import io
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from PIL import Image

from campaign.models import OutreachChannel, TargetUnit, TaskItem, UnitGroup
from progress.models import ActivityReport, Nomination
from progress.services import unit_representative_assign

PASSWORD = "mat-khau-dai-123"
_numbers = itertools.count(1)


def unit_create(*, name=None, group=None, is_active=True, **fields):
    number = next(_numbers)
    group = group or UnitGroup.objects.order_by("order").first()
    return TargetUnit.objects.create(
        group=group,
        name=name or f"Tổ dân phố thử số {number}",
        slug=f"to-dan-pho-thu-{number}",
        is_active=is_active,
        **fields,
    )


def representative_create(*units, username=None):
    """A staff account tied to ``units``, in the group "Đại diện đơn vị" (through the service)."""
    user = get_user_model().objects.create_user(username or f"daidien{next(_numbers)}", password=PASSWORD)
    for unit in units:
        unit_representative_assign(user=user, unit=unit)
    user.refresh_from_db()
    return user


WARD_STAFF_PERMISSIONS = [
    "manage_all_units",
    "approve_activityreport",
    "confirm_award",
    *[
        f"{action}_{model}"
        for model in ("activityreport", "reportphoto", "nomination", "unitrepresentative")
        for action in ("view", "add", "change", "delete")
    ],
]


def ward_staff_create(username=None, *, codenames=WARD_STAFF_PERMISSIONS):
    """A ward staff account: every unit, approval, award confirmation, representatives."""
    user = get_user_model().objects.create_user(username or f"canbo{next(_numbers)}", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="progress", codename__in=codenames))
    return user


def report_create(
    *,
    unit,
    status=ActivityReport.Status.APPROVED,
    people=10,
    held_on=None,
    channel=None,
    items=(),
    created_by=None,
    title=None,
    event=None,
):
    approved = status == ActivityReport.Status.APPROVED
    report = ActivityReport.objects.create(
        unit=unit,
        held_on=held_on or datetime.date(2026, 6, 25),
        channel=channel or OutreachChannel.objects.order_by("order").first(),
        title=title or f"Hội nghị thử số {next(_numbers)}",
        description="Nội dung thử.",
        people_reached=people,
        status=status,
        reviewed_at=timezone.now() if approved else None,
        created_by=created_by,
        event=event,
    )
    report.task_items.set(items or [TaskItem.objects.order_by("section__number", "order").first()])
    return report


def nomination_create(*, unit, **fields):
    defaults = {
        "title": f"Tác phẩm thử số {next(_numbers)}",
        "author_name": "Tác giả thử",
        "state": Nomination.State.PROPOSED,
    }
    return Nomination.objects.create(unit=unit, **{**defaults, **fields})


def jpeg_bytes(size=(1200, 800), color="navy", gps=False):
    image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif.get_ifd(0x8825).update({1: "N", 2: (20.0, 51.0, 30.0), 3: "E", 4: (106.0, 41.0, 10.0)})
        image.save(buffer, "JPEG", exif=exif)
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def report_form_data(*, unit, channel=None, items=None, title="Hội nghị tổ dân phố", people=35, photos=0, **extra):
    """POST data for the admin's report form, with the photo inline's management form."""
    channel = channel or OutreachChannel.objects.order_by("order").first()
    items = items or [TaskItem.objects.order_by("section__number", "order").first()]
    data = {
        "unit": str(unit.pk),
        "held_on": "2026-06-25",
        "channel": str(channel.pk),
        "task_items": [str(item.pk) for item in items],
        "title": title,
        "description": "Giới thiệu Giải thưởng tới bà con.",
        "people_reached": str(people),
        "photos-TOTAL_FORMS": str(photos),
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "10",
    }
    data.update(extra)
    return data


def event_create(*, start=None, end=None, unit=None, status=None, title=None, place="Nhà văn hóa thử", **fields):
    """An event (published unless told), its slug made by ``full_clean`` as the admin makes it."""
    from events.models import WARD_TZ, Event

    event = Event(
        title=title or f"Hội nghị thử số {next(_numbers)}",
        start=start or datetime.datetime(2026, 7, 1, 19, 30, tzinfo=WARD_TZ),
        end=end,
        unit=unit,
        place=place,
        status=status or Event.Status.PUBLISHED,
        **fields,
    )
    event.full_clean()
    event.save()
    return event
