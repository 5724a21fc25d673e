"""Events (sự kiện tuyên truyền): the meetings and activities where the ward and
its units spread the word about the award, announced before they happen.

An event belongs to one target unit, or to the whole ward when it has none. Ward
staff publish events directly; a unit representative's event waits for ward
staff (chờ duyệt), the way an activity report does (``progress``), and the same
rules decide who reaches which unit's events (``progress.permissions``). Once an
event has taken place, the activity reports filed for it
(``progress.ActivityReport.event``) are linked from its page once approved.

Times are stored aware (UTC in the database) and shown in the ward's time zone,
Asia/Ho_Chi_Minh, on pages and in the iCalendar feed (``ical.py``).
"""

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.fields import NFCCharField, NFCTextField
from campaign.models import SlugFromName
from namdong_site.urls_cached import cached_reverse

# Paths under /su-kien/ that are not events (see urls.py).
RESERVED_SLUGS = {"lich"}

# The ward's clock, whatever the server's TIME_ZONE says.
WARD_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


class EventQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: published events, of the whole ward or of a unit the public sees."""
        return self.filter(status=Event.Status.PUBLISHED).filter(Q(unit__isnull=True) | Q(unit__is_active=True))

    def _with_finish(self):
        # An event without an end is over once it has started.
        return self.alias(finish=Coalesce("end", "start"))

    def upcoming(self, now=None):
        """Events not over yet at ``now`` (those under way included), soonest first."""
        return self._with_finish().filter(finish__gte=now or timezone.now()).order_by("start", "id")

    def past(self, now=None):
        """Events over before ``now``, latest first."""
        return self._with_finish().filter(finish__lt=now or timezone.now()).order_by("-start", "-id")

    def for_listing(self, now=None):
        """Upcoming events soonest first, then past events latest first, in one ordering.

        Each row carries ``ended``; the list page paginates this one queryset.
        """
        now = now or timezone.now()
        upcoming_start = models.Case(models.When(finish__gte=now, then=F("start")))
        return (
            self._with_finish()
            .annotate(
                ended=models.Case(
                    models.When(finish__lt=now, then=models.Value(True)),
                    default=models.Value(False),
                    output_field=models.BooleanField(),
                )
            )
            .order_by("ended", upcoming_start.asc(nulls_last=True), F("start").desc(), "-id")
        )


def next_event_change(now=None):
    """When the next published event starts or ends (for the page cache), or None.

    Pages list an event as upcoming until it is over; at these moments the home
    page, the unit pages and the events list change by themselves.
    """
    now = now or timezone.now()
    events = Event.objects.published()
    starts = events.filter(start__gt=now).order_by("start").values_list("start", flat=True)[:1]
    ends = events.filter(end__gt=now).order_by("end").values_list("end", flat=True)[:1]
    return min([*starts, *ends], default=None)


class Event(SlugFromName, models.Model):
    """Sự kiện tuyên truyền: a meeting or activity announced to the public, such as
    a residential group's meeting that will introduce the award, with its date and
    time, place, the unit holding it (none for a ward-wide event), the outreach
    channel it uses and the letter's task items it carries out."""

    class Status(models.TextChoices):
        DRAFT = "nhap", _("Bản nháp")
        PENDING = "cho-duyet", _("Chờ duyệt")
        PUBLISHED = "da-dang", _("Đã đăng")
        NEEDS_MORE = "can-bo-sung", _("Cần bổ sung")

    uid = models.UUIDField(_("mã lịch"), default=uuid.uuid4, unique=True, editable=False)
    title = NFCCharField(_("tên sự kiện"), max_length=255)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Chữ không dấu, nối bằng gạch ngang. Để trống để tạo từ tên và ngày."),
    )
    description = NFCTextField(_("nội dung"), blank=True, help_text=_("Chữ thường, không định dạng."))
    start = models.DateTimeField(_("bắt đầu"), help_text=_("Giờ Việt Nam."))
    end = models.DateTimeField(_("kết thúc"), null=True, blank=True, help_text=_("Để trống nếu chưa rõ."))
    place = NFCCharField(_("địa điểm"), max_length=255)
    unit = models.ForeignKey(
        "campaign.TargetUnit",
        verbose_name=_("đơn vị tổ chức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("Để trống với sự kiện chung của phường."),
    )
    channel = models.ForeignKey(
        "campaign.OutreachChannel",
        verbose_name=_("hình thức tuyên truyền"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    task_items = models.ManyToManyField(
        "campaign.TaskItem", verbose_name=_("nhiệm vụ thực hiện"), blank=True, related_name="events"
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    review_note = NFCTextField(
        _("ý kiến của phường"), blank=True, help_text=_("Ghi rõ cần bổ sung gì khi trả lại sự kiện.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("thời điểm duyệt"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    objects = EventQuerySet.as_manager()
    slug_source = ("title", "start_date_slug")

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        permissions = [("publish_event", _("Duyệt và đăng sự kiện"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="event_end_not_before_start",
                violation_error_message=_("Thời điểm kết thúc phải sau hoặc trùng thời điểm bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["nhap", "cho-duyet", "da-dang", "can-bo-sung"]), name="event_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "start"], name="event_status_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("events:detail", kwargs={"slug": self.slug})

    def get_ics_url(self):
        return cached_reverse("events:ics", kwargs={"slug": self.slug})

    @property
    def start_date_slug(self):
        return f"{self.start_local:%Y-%m-%d}" if self.start else ""

    @property
    def start_local(self):
        return timezone.localtime(self.start, WARD_TZ) if self.start else None

    @property
    def end_local(self):
        return timezone.localtime(self.end, WARD_TZ) if self.end else None

    @property
    def same_day(self):
        return bool(self.end) and self.start_local.date() == self.end_local.date()

    def has_ended(self, now=None):
        return (self.end or self.start) < (now or timezone.now())

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Đường dẫn này đã dùng cho trang khác, hãy chọn đường dẫn khác.")})
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Thời điểm kết thúc phải sau hoặc trùng thời điểm bắt đầu.")})
