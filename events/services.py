"""Writes on events with side effects: a unit's event going to the ward for
review, ward staff publishing or sending it back. The admin calls these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Event
from .permissions import may_publish


def event_submit(*, event, by):
    """A unit entered or changed an event: it goes (back) to the ward for review.

    A change to a published event takes it off the public pages and the calendar
    feed until it is published again, so nothing public changes unseen.
    """
    event.status = Event.Status.PENDING
    event.reviewed_by = None
    event.reviewed_at = None
    if event.created_by_id is None:
        event.created_by = by
    if event.pk:
        event.save(update_fields=["status", "reviewed_by", "reviewed_at", "created_by", "updated_at"])
    else:
        event.save()
    return event


def event_review(*, event, by, status, note=None):
    """Ward staff publish an event, send it back for more (with a note), or keep it as a draft."""
    if not may_publish(by, event):
        raise PermissionDenied(_("Bạn không được duyệt sự kiện này."))
    if status not in Event.Status.values:
        raise ValidationError(_("Trạng thái không hợp lệ."))
    if status == Event.Status.NEEDS_MORE and not (note if note is not None else event.review_note):
        raise ValidationError(_("Hãy ghi rõ đơn vị cần bổ sung gì."))
    event.status = status
    if note is not None:
        event.review_note = note
    if status == Event.Status.PUBLISHED or status == Event.Status.NEEDS_MORE:
        event.reviewed_by, event.reviewed_at = by, timezone.now()
    else:
        event.reviewed_by, event.reviewed_at = None, None
    event.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    return event


def event_publish(*, event, by):
    return event_review(event=event, by=by, status=Event.Status.PUBLISHED)
