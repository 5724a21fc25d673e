"""Writes with side effects on campaign progress: tying accounts to units,
moving a report through review, making the photo copies for public pages.

The admin calls these; nothing here runs from ``save()`` or a signal.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from campaign.images import renditions_create
from events.permissions import REPRESENTATIVE_CODENAMES as EVENT_REPRESENTATIVE_CODENAMES
from namdong_site.pagecache import page_cache_invalidate

from .models import ActivityReport, ReportPhoto, UnitRepresentative
from .permissions import REPRESENTATIVE_CODENAMES, REPRESENTATIVE_GROUP, may_review


@transaction.atomic
def unit_representative_assign(*, user, unit):
    """Tie ``user`` to ``unit``: the link, staff access to the admin, and the
    group "Đại diện đơn vị" that carries the permissions. Re-runnable.

    The group is made whole again if it went missing or lost its permissions
    (the data migration creates it, but a group can be deleted in the admin).
    """
    link, _created = UnitRepresentative.objects.get_or_create(user=user, unit=unit)
    group, _group_created = Group.objects.get_or_create(name=REPRESENTATIVE_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            Q(content_type__app_label="progress", codename__in=REPRESENTATIVE_CODENAMES)
            | Q(content_type__app_label="events", codename__in=EVENT_REPRESENTATIVE_CODENAMES)
        )
    )
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return link


def activity_report_submit(*, report, by):
    """A unit filed or changed a report: it goes (back) to the ward for review.

    A change to an approved report takes it off the public pages until it is
    approved again, so nothing public changes without the ward seeing it.
    """
    report.status = ActivityReport.Status.PENDING
    report.reviewed_by = None
    report.reviewed_at = None
    if report.created_by_id is None:
        report.created_by = by
    if report.pk:
        report.save(update_fields=["status", "reviewed_by", "reviewed_at", "created_by", "updated_at"])
    else:
        report.save()
    return report


def activity_report_review(*, report, by, status, note=None):
    """Ward staff approve a report or send it back for more (with a note).

    Refused without the approval permission, and on a report one filed oneself.
    """
    if not may_review(by, report):
        raise PermissionDenied(_("Bạn không được duyệt báo cáo này."))
    if status not in ActivityReport.Status.values:
        raise ValidationError(_("Trạng thái không hợp lệ."))
    if status == ActivityReport.Status.NEEDS_MORE and not (note if note is not None else report.review_note):
        raise ValidationError(_("Hãy ghi rõ đơn vị cần bổ sung gì."))
    report.status = status
    if note is not None:
        report.review_note = note
    if status == ActivityReport.Status.PENDING:
        report.reviewed_by, report.reviewed_at = None, None
    else:
        report.reviewed_by, report.reviewed_at = by, timezone.now()
    report.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    return report


def activity_report_approve(*, report, by):
    return activity_report_review(report=report, by=by, status=ActivityReport.Status.APPROVED)


def report_photo_renditions_create(*, photo):
    """Record a stored photo's size, write its resized WebP copies and mark them made."""
    storage = photo.image.storage
    with storage.open(photo.image.name, "rb") as handle, Image.open(handle) as image:
        photo.width, photo.height = image.size
    renditions_create(photo.image.name, storage=storage)
    photo.has_renditions = True
    ReportPhoto.objects.filter(pk=photo.pk).update(width=photo.width, height=photo.height, has_renditions=True)
    page_cache_invalidate()  # update() sends no signal
    return photo
